/// A one-dimensional Grid LSTM along depth (Kalchbrenner et al. 2015, section 4.1, the "1-LSTM" of the
/// parity experiment): the whole input x is given at once to the bottom of a deep network whose layers are
/// N = 1 `GridLSTMBlock`s, so memory cells carry information up through the layers the way an LSTM carries
/// it through time.
///
///     h_0 = x @ W_in^T + b_in,  m_0 = 0                       input projection    [B, H]
///     (h_l, m_l) = block_l(h_{l-1}, m_{l-1}),  l = 1...L        LSTM transform along depth
///     y = h_L @ W_out^T + b_out                                 logits              [B, outputSize]
///
/// With `tied` all L layers share one block (the paper's tied 1-LSTM); otherwise each layer has its own.
/// Parameters: `inputProjection.{weight, bias}`, `blocks.<l>.{weights.0, biases.0}`, `output.{weight, bias}`.
public final class DepthGridLSTM<Scalar: TensorScalar>: Module {
    public let inputProjection: Linear<Scalar>
    public let blocks: [GridLSTMBlock<Scalar>]
    public let output: Linear<Scalar>
    /// L, the number of layers (blocks applied).
    public let layerCount: Int
    public var isTraining = true

    public init(inputSize: Int, hiddenSize: Int, layerCount: Int, outputSize: Int, tied: Bool = true,
                rng: RandomSource = .global) {
        if layerCount <= 0 { failure("DepthGridLSTM: layerCount \(layerCount) must be positive") }
        self.layerCount = layerCount
        inputProjection = Linear(inputSize: inputSize, outputSize: hiddenSize, rng: rng)
        blocks = (0..<(tied ? 1 : layerCount)).map { _ in
            GridLSTMBlock(dimensionCount: 1, hiddenSize: hiddenSize, rng: rng)
        }
        output = Linear(inputSize: hiddenSize, outputSize: outputSize, rng: rng)
    }

    /// x [B, inputSize] -> logits [B, outputSize].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        var h = inputProjection(x)
        var m = Tensor<Scalar>.zeros(h.shape)
        for l in 0..<layerCount {
            let r = blocks[blocks.count == 1 ? 0 : l](hidden: [h], memory: [m])
            (h, m) = (r.hidden[0], r.memory[0])
        }
        return output(h)
    }
}
