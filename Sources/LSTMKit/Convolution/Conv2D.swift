/// A 2-D convolution layer (PyTorch `torch.nn.Conv2d`): y = conv2d(x, weight, bias) (see
/// ``conv2d(_:weight:bias:stride:padding:dilation:groups:)`` for the equation and output size).
///
///     x: [B, inChannels, H, W]   weight: [outChannels, inChannels / groups, kH, kW]   bias: [outChannels]
///     y: [B, outChannels, OH, OW]
///
/// Initialization as PyTorch: weight and bias ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn)),
/// fanIn = inChannels / groups * kH * kW (`kaiming_uniform_` with a = sqrt(5)), weight drawn first. Parameter names match a PyTorch
/// `state_dict`: `weight`, `bias`.
///
///     let conv = Conv2D<Float>(inChannels: 3, outChannels: 8, kernelSize: 3, padding: .same, rng: RandomSource(seed: 0))
///     let y = conv(Tensor<Float>.ones([2, 3, 16, 16]))   // [2, 8, 16, 16]
public final class Conv2D<Scalar: TensorScalar>: Layer {
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>?
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Size2D
    public let stride: Size2D
    public let padding: ConvPadding
    public let dilation: Size2D
    public let groups: Int
    public var isTraining = true

    public init(inChannels: Int, outChannels: Int, kernelSize: Size2D, stride: Size2D = 1,
                padding: ConvPadding = .valid, dilation: Size2D = 1, groups: Int = 1, bias: Bool = true,
                rng: RandomSource = .global) {
        let shape = [outChannels, groups > 0 ? inChannels / groups : 0, kernelSize.height, kernelSize.width]
        (weight, self.bias) = makeConvParameters("Conv2D", inChannels, outChannels, groups, shape, bias, rng)
        (self.inChannels, self.outChannels, self.kernelSize) = (inChannels, outChannels, kernelSize)
        (self.stride, self.padding, self.dilation, self.groups) = (stride, padding, dilation, groups)
    }

    /// x [B, inChannels, H, W] -> [B, outChannels, OH, OW].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        conv2d(x, weight: weight.value, bias: bias?.value, stride: stride, padding: padding, dilation: dilation,
               groups: groups)
    }
}

/// Checks the channel counts and draws weight then bias from U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
func makeConvParameters<S: TensorScalar>(
    _ op: String, _ inChannels: Int, _ outChannels: Int, _ groups: Int, _ shape: [Int], _ bias: Bool,
    _ rng: RandomSource
) -> (Parameter<S>, Parameter<S>?) {
    if inChannels < 1 || outChannels < 1 || shape.dropFirst(2).contains(where: { $0 < 1 }) {
        failure("\(op): channels and kernel size must be at least 1 (inChannels \(inChannels), " +
                "outChannels \(outChannels), weight shape \(shape))")
    }
    if groups < 1 || inChannels % groups != 0 || outChannels % groups != 0 {
        failure("\(op): groups \(groups) must be at least 1 and divide inChannels \(inChannels) and " +
                "outChannels \(outChannels)")
    }
    let fanIn = shape.dropFirst().reduce(1, *)
    let bound = 1 / Double(fanIn).squareRoot()
    let weight = Parameter<S>(Initializers.uniform(shape, -bound, bound, rng, op), name: "weight")
    let b = bias ? Parameter<S>(Initializers.uniform([outChannels], -bound, bound, rng, op), name: "bias") : nil
    return (weight, b)
}
