/// Layers applied one after another (PyTorch `torch.nn.Sequential`): `y = layers[n-1](...layers[0](x))`.
///
/// Parameters are named by position like PyTorch's, with the `layers` prefix: `layers.0.weight`,
/// `layers.0.bias`, `layers.2.weight`, ... (parameterless layers such as `Tanh` keep their index).
/// An empty `Sequential` is the identity.
///
///     let rng = RandomSource(seed: 0)
///     let mlp = Sequential<Float>(
///         Linear(inputSize: 4, outputSize: 8, rng: rng), Tanh(), Linear(inputSize: 8, outputSize: 1, rng: rng))
///     let y = mlp(Tensor<Float>.ones([2, 4]))   // [2, 1]
public final class Sequential<Scalar: TensorScalar>: Layer {
    /// The layers, in application order (found by `Module`'s reflection as children `layers.0`, `layers.1`...).
    public let layers: [any Layer<Scalar>]
    public var isTraining = true

    public init(_ layers: [any Layer<Scalar>]) { self.layers = layers }

    public convenience init(_ layers: any Layer<Scalar>...) { self.init(layers) }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        layers.reduce(x) { y, layer in layer(y) }
    }
}
