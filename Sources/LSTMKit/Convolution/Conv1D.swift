/// A 1-D convolution layer (PyTorch `torch.nn.Conv1d`): x [B, inChannels, L] -> y [B, outChannels, OL] with
/// weight [outChannels, inChannels / groups, kernelSize] and bias [outChannels]; see
/// ``conv1d(_:weight:bias:stride:padding:dilation:groups:)`` for the equation. Initialization
/// and parameter names as `Conv2D` (fanIn = inChannels / groups * kernelSize).
public final class Conv1D<Scalar: TensorScalar>: Layer {
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>?
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: ConvPadding
    public let dilation: Int
    public let groups: Int
    public var isTraining = true

    public init(inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding = .valid,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, rng: RandomSource = .global) {
        let shape = [outChannels, groups > 0 ? inChannels / groups : 0, kernelSize]
        (weight, self.bias) = makeConvParameters("Conv1D", inChannels, outChannels, groups, shape, bias, rng)
        (self.inChannels, self.outChannels, self.kernelSize) = (inChannels, outChannels, kernelSize)
        (self.stride, self.padding, self.dilation, self.groups) = (stride, padding, dilation, groups)
    }

    /// x [B, inChannels, L] -> [B, outChannels, OL].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        conv1d(x, weight: weight.value, bias: bias?.value, stride: stride, padding: padding, dilation: dilation,
               groups: groups)
    }
}
