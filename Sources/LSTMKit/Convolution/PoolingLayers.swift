/// 2-D max pooling as a layer (PyTorch `torch.nn.MaxPool2d(kernel, stride, padding)`): see
/// ``maxPool2d(_:kernel:stride:padding:)`` for the equation and the tie rule. No parameters.
public final class MaxPool2D<Scalar: TensorScalar>: Layer {
    public let kernelSize: Size2D, stride: Size2D, padding: Size2D
    public var isTraining = true
    /// `stride` defaults to `kernelSize`, as in PyTorch.
    public init(kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }
    /// x [B, C, H, W] -> [B, C, OH, OW].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        maxPool2d(x, kernel: kernelSize, stride: stride, padding: padding)
    }
}

/// 2-D average pooling as a layer (PyTorch `torch.nn.AvgPool2d`, count_include_pad true); see ``avgPool2d(_:kernel:stride:padding:)``.
public final class AvgPool2D<Scalar: TensorScalar>: Layer {
    public let kernelSize: Size2D, stride: Size2D, padding: Size2D
    public var isTraining = true
    public init(kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }
    /// x [B, C, H, W] -> [B, C, OH, OW].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        avgPool2d(x, kernel: kernelSize, stride: stride, padding: padding)
    }
}

/// 1-D max pooling as a layer (PyTorch `torch.nn.MaxPool1d`); see ``maxPool1d(_:kernel:stride:padding:)``.
public final class MaxPool1D<Scalar: TensorScalar>: Layer {
    public let kernelSize: Int, stride: Int, padding: Int
    public var isTraining = true
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }
    /// x [B, C, L] -> [B, C, OL].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        maxPool1d(x, kernel: kernelSize, stride: stride, padding: padding)
    }
}

/// 1-D average pooling as a layer (PyTorch `torch.nn.AvgPool1d`, count_include_pad true); see ``avgPool1d(_:kernel:stride:padding:)``.
public final class AvgPool1D<Scalar: TensorScalar>: Layer {
    public let kernelSize: Int, stride: Int, padding: Int
    public var isTraining = true
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
    }
    /// x [B, C, L] -> [B, C, OL].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        avgPool1d(x, kernel: kernelSize, stride: stride, padding: padding)
    }
}
