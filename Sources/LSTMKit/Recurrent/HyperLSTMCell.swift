/// The HyperLSTM (Ha, Dai & Le 2016, "HyperNetworks", section 3.2 and appendix A.2.2): a small "hyper" LSTM
/// reads the main LSTM's input and previous output, and at every step generates vectors that scale the rows of
/// the main LSTM's weight matrices and produce its bias. The main LSTM's weights are no longer the same at
/// every step: they are "relaxed" per step, at the cost of a few small matrices.
///
///     x^ = [h ; x]                                                    hyper input        [B, H + D]
///     (h^', c^') = LSTMCell_hyper(x^, (h^, c^))                       the hyper LSTM     [B, Nh]
///     for each gate y in (i, f, g, o):
///         z_h^y = h^' @ W_hz^y^T + b_hz^y,  z_x^y = h^' @ W_xz^y^T + b_xz^y,  z_b^y = h^' @ W_bz^y^T   [B, Nz]
///         d_h^y = z_h^y @ W_dh^y^T,  d_x^y = z_x^y @ W_dx^y^T,  b^y = z_b^y @ W_db^y^T + b_0^y          [B, H]
///         a^y = d_h^y * (h @ W_h^y^T) + d_x^y * (x @ W_x^y^T) + b^y                                    [B, H]
///     i = sigmoid(a^i),  f = sigmoid(a^f),  g = tanh(a^g),  o = sigmoid(a^o)
///     c' = f * c + i * g,  h' = o * tanh(c')                                                       [B, H]
///
/// The scaling vectors come from the hyper LSTM's output of this step, h^' (as in the authors' code and
/// appendix A.2.2). The paper's main LSTM also has layer normalization and recurrent dropout; this cell
/// leaves them out (use `RecurrentRegularization` for dropout), so with d_h = d_x = 1 and b = b_0 it is
/// exactly `LSTMCell` with `biasIH` = b_0 and `biasHH` = 0.
///
/// Parameters (gate blocks stacked in the order i, f, g, o, as `LSTMCell`):
/// - `weightIH` [4H, D] (W_x), `weightHH` [4H, H] (W_h), `bias` [4H] (b_0)
/// - `hyper`: an `LSTMCell` of input H + D, hidden Nh (`hyper.weightIH`, ...); its input is [h ; x]
/// - `hyperToInputScale` [4Nz, Nh] and `hyperToInputScaleBias` [4Nz] (W_xz, b_xz), `hyperToHiddenScale`
///   [4Nz, Nh] and `hyperToHiddenScaleBias` [4Nz] (W_hz, b_hz), `hyperToBias` [4Nz, Nh] (W_bz)
/// - `inputScale` [4H, Nz] (W_dx), `hiddenScale` [4H, Nz] (W_dh), `biasScale` [4H, Nz] (W_db): row block y
///   maps z^y (columns of block y of the [B, 4Nz] z) to the gate's H values
///
/// Initialization, so that training starts from a plain LSTM as the paper recommends: the main weights,
/// b_0 and the hyper LSTM as `LSTMCell` (U(-1/sqrt(H), 1/sqrt(H)), resp. 1/sqrt(Nh)); W_xz, W_hz, W_bz and
/// W_db zero; b_xz = b_hz = 1; W_dx = W_dh = 1/Nz (so d = 1 at the start, yet every weight gets a gradient).
/// PyTorch has no HyperLSTM; the fixture script writes it from these equations.
public final class HyperLSTMCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    /// Nh, the hyper LSTM's hidden size.
    public let hyperSize: Int
    /// Nz, the size of each gate's embedding z.
    public let embeddingSize: Int
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    public let hyper: LSTMCell<Scalar>
    public let hyperToInputScale: Parameter<Scalar>
    public let hyperToInputScaleBias: Parameter<Scalar>
    public let hyperToHiddenScale: Parameter<Scalar>
    public let hyperToHiddenScaleBias: Parameter<Scalar>
    public let hyperToBias: Parameter<Scalar>
    public let inputScale: Parameter<Scalar>
    public let hiddenScale: Parameter<Scalar>
    public let biasScale: Parameter<Scalar>
    public var isTraining = true

    /// - Parameters:
    ///   - inputSize: D, the width of x.
    ///   - hiddenSize: H, the width of the main LSTM's h and c.
    ///   - hyperSize: Nh (the paper uses 128 next to H = 1000).
    ///   - embeddingSize: Nz (the paper uses 4 to 16).
    ///   - rng: draws the initial weights.
    public init(inputSize: Int, hiddenSize: Int, hyperSize: Int = 64, embeddingSize: Int = 4,
                rng: RandomSource = .global) {
        if inputSize <= 0 || hiddenSize <= 0 || hyperSize <= 0 || embeddingSize <= 0 {
            failure("HyperLSTMCell: inputSize \(inputSize), hiddenSize \(hiddenSize), hyperSize \(hyperSize) and "
                    + "embeddingSize \(embeddingSize) must be positive")
        }
        let (d, h, nh, nz) = (inputSize, hiddenSize, hyperSize, embeddingSize)
        self.inputSize = d
        self.hiddenSize = h
        self.hyperSize = nh
        self.embeddingSize = nz
        weightIH = recurrentUniform([4 * h, d], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([4 * h, h], hiddenSize: h, rng: rng)
        bias = recurrentUniform([4 * h], hiddenSize: h, rng: rng)
        hyper = LSTMCell(inputSize: h + d, hiddenSize: nh, rng: rng)
        hyperToInputScale = Parameter(.zeros([4 * nz, nh]))
        hyperToInputScaleBias = Parameter(.ones([4 * nz]))
        hyperToHiddenScale = Parameter(.zeros([4 * nz, nh]))
        hyperToHiddenScaleBias = Parameter(.ones([4 * nz]))
        hyperToBias = Parameter(.zeros([4 * nz, nh]))
        inputScale = Parameter(.full([4 * h, nz], 1 / Scalar(nz)))
        hiddenScale = Parameter(.full([4 * h, nz], 1 / Scalar(nz)))
        biasScale = Parameter(.zeros([4 * h, nz]))
    }

    public var outputSize: Int { hiddenSize }
    public var gateNames: [String] { ["i", "f", "g", "o"] }

    public func zeroState(batchSize: Int) -> HyperLSTMState<Scalar> {
        HyperLSTMState(h: .zeros([batchSize, hiddenSize]), c: .zeros([batchSize, hiddenSize]),
                       hyperH: .zeros([batchSize, hyperSize]), hyperC: .zeros([batchSize, hyperSize]))
    }

    public func step(_ x: Tensor<Scalar>, state: HyperLSTMState<Scalar>) -> CellStep<HyperLSTMState<Scalar>> {
        checkStepInput(x, state, "HyperLSTMCell")
        let hyperState = hyper(Tensor.concat([state.h, x], axis: 1),
                               state: LSTMState(h: state.hyperH, c: state.hyperC))
        let hh = hyperState.h                                                               // h^' [B, Nh]
        let zx = matmul(hh, hyperToInputScale.value, transposeB: true) + hyperToInputScaleBias.value   // [B, 4Nz]
        let zh = matmul(hh, hyperToHiddenScale.value, transposeB: true) + hyperToHiddenScaleBias.value
        let zb = matmul(hh, hyperToBias.value, transposeB: true)
        let dx = blockwise(zx, inputScale.value)                                            // [B, 4H]
        let dh = blockwise(zh, hiddenScale.value)
        let b = blockwise(zb, biasScale.value) + bias.value
        let a = dh * matmul(state.h, weightHH.value, transposeB: true)
            + dx * matmul(x, weightIH.value, transposeB: true) + b                          // [B, 4H]
        let blocks = a.chunked(4, axis: 1)
        let i = sigmoid(blocks[0]), f = sigmoid(blocks[1]), g = tanh(blocks[2]), o = sigmoid(blocks[3])
        let c = f * state.c + i * g                                                         // [B, H]
        let h = o * tanh(c)
        return CellStep(state: HyperLSTMState(h: h, c: c, hyperH: hyperState.h, hyperC: hyperState.c),
                        gates: [i, f, g, o])
    }

    /// z [B, 4Nz] with gate blocks of Nz, weight [4H, Nz] with gate blocks of H -> [B, 4H]: block y is
    /// z^y @ W^y^T (each gate's embedding maps only to that gate's rows).
    func blockwise(_ z: Tensor<Scalar>, _ weight: Tensor<Scalar>) -> Tensor<Scalar> {
        let zs = z.chunked(4, axis: 1), ws = weight.chunked(4, axis: 0)
        return Tensor.concat((0..<4).map { matmul(zs[$0], ws[$0], transposeB: true) }, axis: 1)
    }
}

/// The state of a `HyperLSTMCell`: the main LSTM's h and c [B, H] and the hyper LSTM's h^ and c^ [B, Nh].
/// Components in the order h, c, hyperH, hyperC (a stack's `cN` is the main c).
public struct HyperLSTMState<Scalar: TensorScalar>: RecurrentState {
    public var h: Tensor<Scalar>
    public var c: Tensor<Scalar>
    public var hyperH: Tensor<Scalar>
    public var hyperC: Tensor<Scalar>
    public init(h: Tensor<Scalar>, c: Tensor<Scalar>, hyperH: Tensor<Scalar>, hyperC: Tensor<Scalar>) {
        (self.h, self.c, self.hyperH, self.hyperC) = (h, c, hyperH, hyperC)
    }
    public init(components: [Tensor<Scalar>]) {
        (h, c, hyperH, hyperC) = (components[0], components[1], components[2], components[3])
    }
    public var output: Tensor<Scalar> { h }
    public var components: [Tensor<Scalar>] { [h, c, hyperH, hyperC] }
}

/// Stacked, optionally bidirectional HyperLSTM layers (`HyperLSTMCell`).
public typealias HyperLSTM<Scalar: TensorScalar> = RecurrentStack<HyperLSTMCell<Scalar>>

extension RecurrentStack {
    /// Like `LSTM`'s initializer, with HyperLSTM cells of hyper size Nh and embedding size Nz (no fused
    /// kernel: the layers run the reference).
    public convenience init<S>(
        inputSize: Int, hiddenSize: Int, hyperSize: Int = 64, embeddingSize: Int = 4, layerCount: Int = 1,
        batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false, residual: Bool = false,
        rng: RandomSource = .global
    ) where Cell == HyperLSTMCell<S> {
        self.init(layerCount: layerCount, bidirectional: bidirectional, dropout: dropout, residual: residual,
                  batchFirst: batchFirst, implementation: .native, rng: rng) { _, _, width in
            HyperLSTMCell(inputSize: width < 0 ? inputSize : width, hiddenSize: hiddenSize, hyperSize: hyperSize,
                          embeddingSize: embeddingSize, rng: rng)
        }
    }
}
