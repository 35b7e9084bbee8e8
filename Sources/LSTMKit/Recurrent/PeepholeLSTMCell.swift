/// The LSTM with peephole connections (Gers & Schmidhuber 2000, "Recurrent nets that time and count"), in the
/// form of Graves 2013 ("Generating sequences with recurrent neural networks"): the gates also see the cell
/// state through diagonal (elementwise) weights p_i, p_f, p_o. The input and forget gates peek at the previous
/// cell state c; the output gate peeks at the new cell state c'.
///
///     i = sigmoid(x @ W_ii^T + b_ii + h @ W_hi^T + b_hi + p_i * c)      input gate        [B, H]
///     f = sigmoid(x @ W_if^T + b_if + h @ W_hf^T + b_hf + p_f * c)      forget gate       [B, H]
///     g = tanh   (x @ W_ig^T + b_ig + h @ W_hg^T + b_hg)                candidate cell    [B, H]
///     c' = f * c + i * g                                                new cell state    [B, H]
///     o = sigmoid(x @ W_io^T + b_io + h @ W_ho^T + b_ho + p_o * c')     output gate       [B, H]
///     h' = o * tanh(c')                                                 new hidden state  [B, H]
///
/// With all peepholes zero this is exactly `LSTMCell`. PyTorch has no built-in equivalent.
///
/// Parameters (gate blocks stacked in the order i, f, g, o, as `LSTMCell`):
/// - `weightIH` [4H, D], `weightHH` [4H, H]
/// - `biasIH` [4H], `biasHH` [4H], absent when `bias` is false
/// - `peepholeI` [H], `peepholeF` [H], `peepholeO` [H] (p_i, p_f, p_o)
///
/// Initialization: every entry ~ U(-1/sqrt(H), 1/sqrt(H)), drawn from `rng` in the order listed above.
public final class PeepholeLSTMCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>?
    public let biasHH: Parameter<Scalar>?
    public let peepholeI: Parameter<Scalar>
    public let peepholeF: Parameter<Scalar>
    public let peepholeO: Parameter<Scalar>
    public var isTraining = true

    public init(inputSize: Int, hiddenSize: Int, bias: Bool = true, rng: RandomSource = .global) {
        if inputSize <= 0 || hiddenSize <= 0 {
            failure("PeepholeLSTMCell: inputSize \(inputSize) and hiddenSize \(hiddenSize) must be positive")
        }
        let (d, h) = (inputSize, hiddenSize)
        self.inputSize = d
        self.hiddenSize = h
        weightIH = recurrentUniform([4 * h, d], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([4 * h, h], hiddenSize: h, rng: rng)
        biasIH = bias ? recurrentUniform([4 * h], hiddenSize: h, rng: rng) : nil
        biasHH = bias ? recurrentUniform([4 * h], hiddenSize: h, rng: rng) : nil
        peepholeI = recurrentUniform([h], hiddenSize: h, rng: rng)
        peepholeF = recurrentUniform([h], hiddenSize: h, rng: rng)
        peepholeO = recurrentUniform([h], hiddenSize: h, rng: rng)
    }

    public var outputSize: Int { hiddenSize }
    public var gateNames: [String] { ["i", "f", "g", "o"] }

    public func zeroState(batchSize: Int) -> LSTMState<Scalar> {
        LSTMState(h: .zeros([batchSize, hiddenSize]), c: .zeros([batchSize, hiddenSize]))
    }

    public func step(_ x: Tensor<Scalar>, state: LSTMState<Scalar>) -> CellStep<LSTMState<Scalar>> {
        checkStepInput(x, state, "PeepholeLSTMCell")
        var z = matmul(x, weightIH.value, transposeB: true) + matmul(state.h, weightHH.value, transposeB: true)
        if let biasIH, let biasHH { z = z + biasIH.value + biasHH.value }     // [B, 4H]
        let blocks = z.chunked(4, axis: 1)
        let i = sigmoid(blocks[0] + peepholeI.value * state.c)   // [B, H]
        let f = sigmoid(blocks[1] + peepholeF.value * state.c)
        let g = tanh(blocks[2])
        let c = f * state.c + i * g                               // [B, H]
        let o = sigmoid(blocks[3] + peepholeO.value * c)          // peeks at the new c
        let h = o * tanh(c)                                       // [B, H]
        return CellStep(state: LSTMState(h: h, c: c), gates: [i, f, g, o])
    }
}

/// Stacked, optionally bidirectional peephole LSTM layers (`PeepholeLSTMCell`), with `nn.LSTM`'s arguments.
public typealias PeepholeLSTM<Scalar: TensorScalar> = RecurrentStack<PeepholeLSTMCell<Scalar>>

extension RecurrentStack {
    /// Like `LSTM`'s initializer, with peephole cells (no fused kernel: the layers run the reference).
    public convenience init<S>(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, bias: Bool = true, batchFirst: Bool = false,
        dropout: Double = 0, bidirectional: Bool = false, residual: Bool = false, rng: RandomSource = .global
    ) where Cell == PeepholeLSTMCell<S> {
        self.init(layerCount: layerCount, bidirectional: bidirectional, dropout: dropout, residual: residual,
                  batchFirst: batchFirst, implementation: .native, rng: rng) { _, _, width in
            PeepholeLSTMCell(inputSize: width < 0 ? inputSize : width, hiddenSize: hiddenSize, bias: bias, rng: rng)
        }
    }
}
