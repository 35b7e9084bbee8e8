/// The LSTM with coupled input and forget gates, CIFG (Greff et al. 2017, "LSTM: A Search Space Odyssey"):
/// the input gate is not learned but tied to the forget gate, i = 1 - f, so the cell state is a convex
/// combination of its old value and the candidate. It has three gate blocks instead of four (a quarter fewer
/// weights) and, in Greff et al.'s study, performs about as well as the full LSTM.
///
///     f = sigmoid(x @ W_if^T + b_if + h @ W_hf^T + b_hf)     forget gate       [B, H]
///     g = tanh   (x @ W_ig^T + b_ig + h @ W_hg^T + b_hg)     candidate cell    [B, H]
///     o = sigmoid(x @ W_io^T + b_io + h @ W_ho^T + b_ho)     output gate       [B, H]
///     i = 1 - f                                               input gate        [B, H]
///     c' = f * c + (1 - f) * g                               new cell state    [B, H]
///     h' = o * tanh(c')                                      new hidden state  [B, H]
///
/// An `LSTMCell` whose i-block weights and biases are the negated f-block ones computes the same thing
/// (sigmoid(-z) = 1 - sigmoid(z)). The trace reports all four gates i, f, g, o like an LSTM.
///
/// Parameters (gate blocks stacked in the order f, g, o):
/// - `weightIH` [3H, D], `weightHH` [3H, H]
/// - `biasIH` [3H], `biasHH` [3H], absent when `bias` is false
///
/// Initialization: every entry ~ U(-1/sqrt(H), 1/sqrt(H)), drawn from `rng` in the order listed above.
public final class CIFGLSTMCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>?
    public let biasHH: Parameter<Scalar>?
    public var isTraining = true

    public init(inputSize: Int, hiddenSize: Int, bias: Bool = true, rng: RandomSource = .global) {
        if inputSize <= 0 || hiddenSize <= 0 {
            failure("CIFGLSTMCell: inputSize \(inputSize) and hiddenSize \(hiddenSize) must be positive")
        }
        let (d, h) = (inputSize, hiddenSize)
        self.inputSize = d
        self.hiddenSize = h
        weightIH = recurrentUniform([3 * h, d], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([3 * h, h], hiddenSize: h, rng: rng)
        biasIH = bias ? recurrentUniform([3 * h], hiddenSize: h, rng: rng) : nil
        biasHH = bias ? recurrentUniform([3 * h], hiddenSize: h, rng: rng) : nil
    }

    public var outputSize: Int { hiddenSize }
    public var gateNames: [String] { ["i", "f", "g", "o"] }

    public func zeroState(batchSize: Int) -> LSTMState<Scalar> {
        LSTMState(h: .zeros([batchSize, hiddenSize]), c: .zeros([batchSize, hiddenSize]))
    }

    public func step(_ x: Tensor<Scalar>, state: LSTMState<Scalar>) -> CellStep<LSTMState<Scalar>> {
        checkStepInput(x, state, "CIFGLSTMCell")
        var z = matmul(x, weightIH.value, transposeB: true) + matmul(state.h, weightHH.value, transposeB: true)
        if let biasIH, let biasHH { z = z + biasIH.value + biasHH.value }     // [B, 3H]
        let blocks = z.chunked(3, axis: 1)
        let f = sigmoid(blocks[0])                       // [B, H]
        let g = tanh(blocks[1])
        let o = sigmoid(blocks[2])
        let i = 1 - f
        let c = f * state.c + i * g                      // [B, H]
        let h = o * tanh(c)                              // [B, H]
        return CellStep(state: LSTMState(h: h, c: c), gates: [i, f, g, o])
    }
}

/// Stacked, optionally bidirectional CIFG-LSTM layers (`CIFGLSTMCell`), with `nn.LSTM`'s arguments.
public typealias CIFGLSTM<Scalar: TensorScalar> = RecurrentStack<CIFGLSTMCell<Scalar>>

extension RecurrentStack {
    /// Like `LSTM`'s initializer, with CIFG cells (no fused kernel: the layers run the reference).
    public convenience init<S>(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, bias: Bool = true, batchFirst: Bool = false,
        dropout: Double = 0, bidirectional: Bool = false, residual: Bool = false, rng: RandomSource = .global
    ) where Cell == CIFGLSTMCell<S> {
        self.init(layerCount: layerCount, bidirectional: bidirectional, dropout: dropout, residual: residual,
                  batchFirst: batchFirst, implementation: .native, rng: rng) { _, _, width in
            CIFGLSTMCell(inputSize: width < 0 ? inputSize : width, hiddenSize: hiddenSize, bias: bias, rng: rng)
        }
    }
}
