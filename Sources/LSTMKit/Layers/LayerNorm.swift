/// Layer normalization over the trailing axes (Ba, Kiros & Hinton 2016, "Layer Normalization"; PyTorch
/// `torch.nn.LayerNorm`):
///
///     mu  = mean(x)                  over the last shape.count axes
///     var = mean((x - mu)^2)         (biased, as PyTorch)
///     y   = (x - mu) / sqrt(var + epsilon) * weight + bias
///
///     x: [..., shape...]   weight, bias: [shape...] (`weight` ones, `bias` zeros)   y: like x
///
/// Built from differentiable ops (mean, subtraction, sqrt, division), so the gradient comes from autodiff.
public final class LayerNorm<Scalar: TensorScalar>: Layer {
    /// The trailing shape normalized over (PyTorch `normalized_shape`).
    public let shape: [Int]
    /// Added to the variance before the square root (PyTorch `eps`).
    public let epsilon: Scalar
    /// gamma [shape...] (`weight`); nil when `elementwiseAffine` is false.
    public let weight: Parameter<Scalar>?
    /// beta [shape...] (`bias`); nil when `elementwiseAffine` or `bias` is false.
    public let bias: Parameter<Scalar>?
    public var isTraining = true

    /// - Parameters:
    ///   - shape: the trailing axes to normalize over, e.g. [H] for hidden vectors.
    ///   - epsilon: added to the variance before the square root (PyTorch `eps`).
    ///   - elementwiseAffine: learn a scale (and a shift if `bias`) per normalized element.
    ///   - bias: learn the shift (PyTorch `bias=True`); only used with `elementwiseAffine`.
    public init(shape: [Int], epsilon: Scalar = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) {
        if shape.isEmpty || shape.contains(where: { $0 <= 0 }) {
            failure("LayerNorm: normalized shape \(shape) must be non-empty with positive sizes")
        }
        if !(epsilon >= 0) { failure("LayerNorm: epsilon \(epsilon) is negative") }
        self.shape = shape
        self.epsilon = epsilon
        weight = elementwiseAffine ? Parameter(.ones(shape), name: "weight") : nil
        self.bias = elementwiseAffine && bias ? Parameter(.zeros(shape), name: "bias") : nil
    }

    /// Normalizes over the last axis of size `size`.
    public convenience init(_ size: Int, epsilon: Scalar = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) {
        self.init(shape: [size], epsilon: epsilon, elementwiseAffine: elementwiseAffine, bias: bias)
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let k = shape.count
        if x.rank < k || Array(x.shape.suffix(k)) != shape {
            failure("LayerNorm: input shape \(x.shape) does not end with the normalized shape \(shape)")
        }
        let axes = Array((x.rank - k)..<x.rank)
        let mu = x.mean(axes: axes, keepDims: true)                  // [..., 1...]
        let centered = x - mu                                         // like x
        let variance = (centered * centered).mean(axes: axes, keepDims: true)
        var y = centered / sqrt(variance + epsilon)
        if let weight { y = y * weight.value }
        if let bias { y = y + bias.value }
        return y
    }
}
