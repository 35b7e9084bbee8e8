/// A fully connected layer: `y = x @ W^T + b` (PyTorch `torch.nn.Linear`).
///
///     x: [..., inputSize]   W: [outputSize, inputSize]   b: [outputSize]   y: [..., outputSize]
///
/// The input may have any rank >= 1; all leading axes are flattened into one batch axis for a single GEMM
/// and restored afterwards (`[T, B, D] -> [T, B, H]`).
///
/// Initialization as PyTorch: W and b ~ U(-1/sqrt(inputSize), 1/sqrt(inputSize)) (`kaiming_uniform_` with
/// a = sqrt(5) for the weight), weight drawn first. Parameter names match a PyTorch `state_dict`:
/// `weight` [out, in] and `bias` [out].
///
///     let layer = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 0))
///     let y = layer(Tensor<Float>.ones([4, 3]))   // [4, 2]
public final class Linear<Scalar: TensorScalar>: Layer {
    /// W [outputSize, inputSize] (`weight`).
    public let weight: Parameter<Scalar>
    /// b [outputSize] (`bias`), nil when created with `bias: false`.
    public let bias: Parameter<Scalar>?
    /// The size of the last input axis.
    public let inputSize: Int
    /// The size of the last output axis.
    public let outputSize: Int
    public var isTraining = true

    public init(inputSize: Int, outputSize: Int, bias: Bool = true, rng: RandomSource = .global) {
        if inputSize < 0 || outputSize < 0 {
            failure("Linear: sizes must not be negative (inputSize \(inputSize), outputSize \(outputSize))")
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        let bound = inputSize > 0 ? 1 / Double(inputSize).squareRoot() : 0
        weight = Parameter(Initializers.uniform([outputSize, inputSize], -bound, bound, rng, "Linear"),
                           name: "weight")
        self.bias = bias
            ? Parameter(Initializers.uniform([outputSize], -bound, bound, rng, "Linear"), name: "bias") : nil
    }

    /// `y = x @ W^T + b` for x [..., inputSize] -> y [..., outputSize].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let last = x.shape.last else {
            failure("Linear: input shape \(x.shape) has no last dimension, expected [..., \(inputSize)]")
        }
        if last != inputSize {
            failure("Linear: input shape \(x.shape) has last dimension \(last), expected inputSize \(inputSize)")
        }
        let x2 = x.reshaped([x.shape.dropLast().reduce(1, *), inputSize])   // [N, in]
        var y = matmul(x2, weight.value, transposeB: true)                  // [N, out]
        if let bias { y = y + bias.value }
        return y.reshaped(Array(x.shape.dropLast()) + [outputSize])         // [..., out]
    }
}
