/// Inverted dropout (PyTorch `torch.nn.Dropout`): while training, each element is zeroed with probability
/// `p` and the kept ones are scaled by 1 / (1 - p), so the expected value is unchanged:
///
///     y = x * m / (1 - p),   m ~ Bernoulli(1 - p) elementwise   (training)
///     y = x                                                     (evaluation, or p = 0)
///
/// The mask is a constant, so the gradient is `dx = dy * m / (1 - p)`. Masks come from `rng` (seeded).
public final class Dropout<Scalar: TensorScalar>: Layer {
    /// The probability p of zeroing an element, in [0, 1).
    public let probability: Double
    /// The stream the masks are drawn from.
    public let rng: RandomSource
    public var isTraining = true

    public init(probability: Double, rng: RandomSource = .global) {
        if !(probability >= 0 && probability < 1) {
            failure("Dropout: probability \(probability) is outside [0, 1)")
        }
        self.probability = probability
        self.rng = rng
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        if !isTraining || probability == 0 { return x }
        let keep = 1 - probability
        let scale = Scalar(1 / keep)
        let mask = Tensor<Scalar>(shape: x.shape,
                                  scalars: rng.uniforms(count: x.count).map { $0 < keep ? scale : 0 })
        return x * mask
    }
}
