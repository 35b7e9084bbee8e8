/// The layer-normalized LSTM (Ba, Kiros & Hinton 2016, "Layer Normalization", section 3.1 on recurrent
/// networks): the input and recurrent products are normalized separately over all 4H gate pre-activations of
/// a row, and the new cell state is normalized before the output tanh. Normalizing keeps the summed inputs of
/// the gates at a fixed scale whatever the magnitude of x, h and the weights (scaling W_ih or W_hh by a
/// positive constant changes nothing, up to eps).
///
///     LN(a; w, b) = (a - mean(a)) / sqrt(var(a) + eps) * w + b     per row over the last axis; var biased
///
///     z = LN(x @ W_ih^T; w_x, b_x) + LN(h @ W_hh^T; w_h, b_h) + bias     gate pre-activations  [B, 4H]
///     i = sigmoid(z_i)                                                  input gate            [B, H]
///     f = sigmoid(z_f)                                                  forget gate           [B, H]
///     g = tanh   (z_g)                                                  candidate cell        [B, H]
///     o = sigmoid(z_o)                                                  output gate           [B, H]
///     c' = f * c + i * g                                                new cell state        [B, H]
///     h' = o * tanh(LN(c'; w_c, b_c))                                   new hidden state      [B, H]
///
/// z_i, z_f, z_g, z_o are the four H-wide blocks of z in the order i, f, g, o. The carried cell state c' is
/// not normalized; only the copy fed to the output tanh is. PyTorch has no built-in equivalent.
///
/// Parameters:
/// - `weightIH` [4H, D], `weightHH` [4H, H] (gate blocks i, f, g, o), ~ U(-1/sqrt(H), 1/sqrt(H))
/// - `bias` [4H] (one bias, as in the paper), zeros
/// - `inputNormWeight` [4H] (w_x, ones), `inputNormBias` [4H] (b_x, zeros)
/// - `hiddenNormWeight` [4H] (w_h, ones), `hiddenNormBias` [4H] (b_h, zeros)
/// - `cellNormWeight` [H] (w_c, ones), `cellNormBias` [H] (b_c, zeros)
///
/// `epsilon` must be positive: the zero initial state makes h @ W_hh^T a constant (zero) row, whose
/// normalization is 0 / sqrt(0 + eps).
public final class LayerNormLSTMCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    /// Added to each variance before the square root.
    public let epsilon: Scalar
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    public let inputNormWeight: Parameter<Scalar>
    public let inputNormBias: Parameter<Scalar>
    public let hiddenNormWeight: Parameter<Scalar>
    public let hiddenNormBias: Parameter<Scalar>
    public let cellNormWeight: Parameter<Scalar>
    public let cellNormBias: Parameter<Scalar>
    public var isTraining = true

    public init(inputSize: Int, hiddenSize: Int, epsilon: Scalar = 1e-5, rng: RandomSource = .global) {
        if inputSize <= 0 || hiddenSize <= 0 {
            failure("LayerNormLSTMCell: inputSize \(inputSize) and hiddenSize \(hiddenSize) must be positive")
        }
        if !(epsilon > 0) { failure("LayerNormLSTMCell: epsilon \(epsilon) must be positive") }
        let (d, h) = (inputSize, hiddenSize)
        self.inputSize = d
        self.hiddenSize = h
        self.epsilon = epsilon
        weightIH = recurrentUniform([4 * h, d], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([4 * h, h], hiddenSize: h, rng: rng)
        bias = Parameter(.zeros([4 * h]))
        inputNormWeight = Parameter(.ones([4 * h]))
        inputNormBias = Parameter(.zeros([4 * h]))
        hiddenNormWeight = Parameter(.ones([4 * h]))
        hiddenNormBias = Parameter(.zeros([4 * h]))
        cellNormWeight = Parameter(.ones([h]))
        cellNormBias = Parameter(.zeros([h]))
    }

    public var outputSize: Int { hiddenSize }
    public var gateNames: [String] { ["i", "f", "g", "o"] }

    public func zeroState(batchSize: Int) -> LSTMState<Scalar> {
        LSTMState(h: .zeros([batchSize, hiddenSize]), c: .zeros([batchSize, hiddenSize]))
    }

    public func step(_ x: Tensor<Scalar>, state: LSTMState<Scalar>) -> CellStep<LSTMState<Scalar>> {
        checkStepInput(x, state, "LayerNormLSTMCell")
        let xw = matmul(x, weightIH.value, transposeB: true)                // [B, 4H]
        let hw = matmul(state.h, weightHH.value, transposeB: true)          // [B, 4H]
        let z = layerNorm(xw, inputNormWeight, inputNormBias)
            + layerNorm(hw, hiddenNormWeight, hiddenNormBias) + bias.value  // [B, 4H]
        let blocks = z.chunked(4, axis: 1)
        let i = sigmoid(blocks[0])                                          // [B, H]
        let f = sigmoid(blocks[1])
        let g = tanh(blocks[2])
        let o = sigmoid(blocks[3])
        let c = f * state.c + i * g                                         // [B, H], carried unnormalized
        let h = o * tanh(layerNorm(c, cellNormWeight, cellNormBias))        // [B, H]
        return CellStep(state: LSTMState(h: h, c: c), gates: [i, f, g, o])
    }

    /// LN(a; w, b) over the last axis of a [B, N] with gain w [N] and shift b [N].
    private func layerNorm(_ a: Tensor<Scalar>, _ weight: Parameter<Scalar>, _ bias: Parameter<Scalar>) -> Tensor<Scalar> {
        let mu = a.mean(axis: 1, keepDims: true)                            // [B, 1]
        let centered = a - mu                                               // [B, N]
        let variance = (centered * centered).mean(axis: 1, keepDims: true)  // [B, 1], biased
        return centered / sqrt(variance + epsilon) * weight.value + bias.value
    }
}

/// Stacked, optionally bidirectional layer-normalized LSTM layers (`LayerNormLSTMCell`).
public typealias LayerNormLSTM<Scalar: TensorScalar> = RecurrentStack<LayerNormLSTMCell<Scalar>>

extension RecurrentStack {
    /// Like `LSTM`'s initializer, with layer-normalized cells (no `bias` switch: the cell always has its one
    /// bias; no fused kernel: the layers run the reference).
    public convenience init<S>(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, epsilon: S = 1e-5, batchFirst: Bool = false,
        dropout: Double = 0, bidirectional: Bool = false, residual: Bool = false, rng: RandomSource = .global
    ) where Cell == LayerNormLSTMCell<S> {
        self.init(layerCount: layerCount, bidirectional: bidirectional, dropout: dropout, residual: residual,
                  batchFirst: batchFirst, implementation: .native, rng: rng) { _, _, width in
            LayerNormLSTMCell(inputSize: width < 0 ? inputSize : width, hiddenSize: hiddenSize, epsilon: epsilon,
                              rng: rng)
        }
    }
}
