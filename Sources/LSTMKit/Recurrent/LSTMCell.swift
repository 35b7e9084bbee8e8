/// The long short-term memory cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000),
/// exactly as `torch.nn.LSTMCell` / one layer of `torch.nn.LSTM`.
///
///     i = sigmoid(x @ W_ii^T + b_ii + h @ W_hi^T + b_hi)     input gate        [B, H]
///     f = sigmoid(x @ W_if^T + b_if + h @ W_hf^T + b_hf)     forget gate       [B, H]
///     g = tanh   (x @ W_ig^T + b_ig + h @ W_hg^T + b_hg)     candidate cell    [B, H]
///     o = sigmoid(x @ W_io^T + b_io + h @ W_ho^T + b_ho)     output gate       [B, H]
///     c' = f * c + i * g                                     new cell state    [B, H]
///     h' = o * tanh(c')                                      new hidden state  [B, H]
///
/// With `projectionSize` P > 0 (LSTMP, Sak et al. 2014, PyTorch's `proj_size`):
///
///     h' = (o * tanh(c')) @ W_hr^T                            [B, P], and W_h* take h of size P
///
/// Parameters (PyTorch names in parentheses; gate blocks stacked in the order i, f, g, o):
/// - `weightIH` [4H, D] (`weight_ih_l0`), `weightHH` [4H, H or P] (`weight_hh_l0`)
/// - `biasIH` [4H] (`bias_ih_l0`), `biasHH` [4H] (`bias_hh_l0`), absent when `bias` is false
/// - `weightHR` [P, H] (`weight_hr_l0`) when projecting
///
/// Initialization: every entry ~ U(-1/sqrt(H), 1/sqrt(H)) as in PyTorch; `unitForgetBias` then sets the
/// forget-gate block of `biasIH` to 1 and of `biasHH` to 0 (Jozefowicz et al. 2015), so f starts near
/// sigmoid(1) = 0.73 and the cell remembers by default.
public final class LSTMCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let projectionSize: Int
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>?
    public let biasHH: Parameter<Scalar>?
    public let weightHR: Parameter<Scalar>?
    public var isTraining = true

    public init(
        inputSize: Int, hiddenSize: Int, bias: Bool = true, projectionSize: Int = 0,
        unitForgetBias: Bool = false, rng: RandomSource = .global
    ) {
        if inputSize <= 0 || hiddenSize <= 0 || projectionSize < 0 || projectionSize >= hiddenSize && projectionSize > 0 {
            failure("LSTMCell: inputSize \(inputSize), hiddenSize \(hiddenSize), projectionSize \(projectionSize): " +
                    "sizes must be positive and projectionSize < hiddenSize (0 = no projection)")
        }
        let (d, h, p) = (inputSize, hiddenSize, projectionSize)
        self.inputSize = d
        self.hiddenSize = h
        self.projectionSize = p
        let r = p > 0 ? p : h
        weightIH = recurrentUniform([4 * h, d], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([4 * h, r], hiddenSize: h, rng: rng)
        biasIH = bias ? recurrentUniform([4 * h], hiddenSize: h, rng: rng) : nil
        biasHH = bias ? recurrentUniform([4 * h], hiddenSize: h, rng: rng) : nil
        weightHR = p > 0 ? recurrentUniform([p, h], hiddenSize: h, rng: rng) : nil
        if unitForgetBias, let biasIH, let biasHH {
            for j in h..<(2 * h) { biasIH.data.scalars[j] = 1; biasHH.data.scalars[j] = 0 }
        }
    }

    public var outputSize: Int { projectionSize > 0 ? projectionSize : hiddenSize }
    public var gateNames: [String] { ["i", "f", "g", "o"] }

    public func zeroState(batchSize: Int) -> LSTMState<Scalar> {
        LSTMState(h: .zeros([batchSize, outputSize]), c: .zeros([batchSize, hiddenSize]))
    }

    public func step(_ x: Tensor<Scalar>, state: LSTMState<Scalar>) -> CellStep<LSTMState<Scalar>> {
        checkStepInput(x, state, "LSTMCell")
        var z = matmul(x, weightIH.value, transposeB: true) + matmul(state.h, weightHH.value, transposeB: true)
        if let biasIH, let biasHH { z = z + biasIH.value + biasHH.value }     // [B, 4H]
        let blocks = z.chunked(4, axis: 1)
        let i = sigmoid(blocks[0])                       // [B, H]
        let f = sigmoid(blocks[1])
        let g = tanh(blocks[2])
        let o = sigmoid(blocks[3])
        let c = f * state.c + i * g                      // [B, H]
        var h = o * tanh(c)                              // [B, H]
        if let weightHR { h = matmul(h, weightHR.value, transposeB: true) }  // [B, P]
        return CellStep(state: LSTMState(h: h, c: c), gates: [i, f, g, o])
    }
}
