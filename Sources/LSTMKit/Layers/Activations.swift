// Activation functions as parameterless layers, for `Sequential`. Each wraps the differentiable function of
// the same name in Ops/ and names its PyTorch equivalent.

/// `y = tanh(x)` (PyTorch `torch.nn.Tanh`).
public final class Tanh<Scalar: TensorScalar>: Layer {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { tanh(x) }
}

/// `y = 1 / (1 + e^-x)` (PyTorch `torch.nn.Sigmoid`).
public final class Sigmoid<Scalar: TensorScalar>: Layer {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { sigmoid(x) }
}

/// `y = max(x, 0)` (PyTorch `torch.nn.ReLU`).
public final class ReLU<Scalar: TensorScalar>: Layer {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { relu(x) }
}

/// `y = x` for x > 0, `slope * x` otherwise (PyTorch `torch.nn.LeakyReLU`, `negative_slope` default 0.01).
public final class LeakyReLU<Scalar: TensorScalar>: Layer {
    /// The slope for negative inputs.
    public let slope: Scalar
    public var isTraining = true
    public init(slope: Scalar = 0.01) { self.slope = slope }
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { leakyRelu(x, slope: slope) }
}

/// `y = ln(1 + e^x)`, computed stably (PyTorch `torch.nn.Softplus` with beta 1; PyTorch switches to
/// `y = x` above x = 20, where the two differ by less than 3e-9).
public final class Softplus<Scalar: TensorScalar>: Layer {
    public var isTraining = true
    public init() {}
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { softplus(x) }
}

/// `y_j = e^(x_j) / sum_k e^(x_k)` along `axis` (PyTorch `torch.nn.Softmax(dim=axis)`).
public final class Softmax<Scalar: TensorScalar>: Layer {
    /// The axis the probabilities sum to 1 along (negative counts from the end).
    public let axis: Int
    public var isTraining = true
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { softmax(x, axis: axis) }
}

/// `y_j = x_j - ln(sum_k e^(x_k))` along `axis` (PyTorch `torch.nn.LogSoftmax(dim=axis)`).
public final class LogSoftmax<Scalar: TensorScalar>: Layer {
    /// The axis to normalize along (negative counts from the end).
    public let axis: Int
    public var isTraining = true
    public init(axis: Int = -1) { self.axis = axis }
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { logSoftmax(x, axis: axis) }
}
