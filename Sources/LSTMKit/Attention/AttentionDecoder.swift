/// The attentional decoder of Luong et al. 2015 ("Effective Approaches to Attention-based Neural Machine
/// Translation", sections 3 and 3.3), one time step per call:
///
///     x[t]  = [y[t]; h~[t-1]]                    [B, E + H]   input feeding (x[t] = y[t] without it), h~[0] = 0
///     s[t]  = cell(x[t], s[t-1])                 stacked cells, dropout between layers; h[t] = the top h  [B, H]
///     c[t], a[t] = attention(h[t], memory)       [B, Dv], [B, S]   (query h[t], keys = values = encoder outputs)
///     h~[t] = tanh(W_c [c[t]; h[t]])             [B, H]   the attentional vector
///
/// y[t] is the embedding of the previous target token; the caller turns h~[t] into next-token logits
/// (`Seq2Seq`: `W_s h~[t] + b_s`). Input feeding is what makes the decoder step by step: each input needs
/// the previous step's attentional vector. The cells are the library's cells (any `RecurrentCellKind`,
/// PyTorch `nn.LSTMCell` / `nn.GRUCell` layout); `implementation` says whether a cell step runs the cell's
/// differentiable reference or its fused kernel over a sequence of one step (one op with a hand-written
/// backward, tested equal to the reference).
///
/// Parameters: `cells.<l>.weightIH` ([4H, E + H] for layer 0 of an LSTM with input feeding, [4H, H] above),
/// `cells.<l>.weightHH`, biases; the attention's (`attention.keyProjection.weight`, ...); `combine.weight`
/// W_c [H, Dv + H] (no bias, as in the paper's equation 5).
public final class AttentionDecoder<Scalar: TensorScalar>: Module {
    public let cellKind: RecurrentCellKind
    /// E, the width of y[t].
    public let inputSize: Int
    /// H, the state size of every layer and the width of h~.
    public let hiddenSize: Int
    public let inputFeeding: Bool
    /// The cell of each layer, bottom first.
    public let cells: [any RecurrentCell<Scalar>]
    /// Scores h[t] (Dq = H) against the encoder outputs.
    public let attention: Attention<Scalar>
    /// W_c [H, Dv + H].
    public let combine: Linear<Scalar>
    /// Dropout between stacked layers (training only).
    public let dropout: Dropout<Scalar>
    public var isTraining = true
    /// Where a cell step runs: `.reference` (`cell.step`), `.fused` or `.native` (the cell's kernel on a
    /// sequence of one step, the fallback chain of `RecurrentImplementation`); `.backend(_)` runs as `.native`.
    /// Cells without a kernel always run the reference.
    public var implementation: RecurrentImplementation
    /// What the bottom cell ran at the last step ("native-avx512", "fused", "reference").
    public private(set) var lastImplementation: RecurrentKernel = .reference

    /// - Parameters:
    ///   - cell: the kind of the stacked recurrent cells (LSTM, GRU, ...).
    ///   - inputSize: the width of the target embeddings fed at each step.
    ///   - hiddenSize: H, the width of every layer's state and of h~.
    ///   - layerCount: L, the number of stacked cells.
    ///   - memorySize: Dv = Dk, the width of the encoder outputs attended to.
    ///   - score: how the query h[t] scores the encoder outputs (`AttentionScore`).
    ///   - attentionSize: A for the additive score (0: H); 0 for the others.
    ///   - inputFeeding: feed the previous step's h~ to the bottom cell beside the input (see above).
    ///   - dropout: the probability of dropout between stacked layers (training only).
    ///   - implementation: where a cell step runs (see the `implementation` property).
    ///   - rng: draws the initial weights and afterwards the dropout masks.
    public init(cell: RecurrentCellKind, inputSize: Int, hiddenSize: Int, layerCount: Int = 1, memorySize: Int,
                score: AttentionScore, attentionSize: Int = 0, inputFeeding: Bool = true, dropout: Double = 0,
                implementation: RecurrentImplementation = .native, rng: RandomSource = .global) {
        if inputSize < 1 || hiddenSize < 1 || layerCount < 1 || memorySize < 1 {
            failure("AttentionDecoder: inputSize \(inputSize), hiddenSize \(hiddenSize), layerCount \(layerCount) " +
                    "and memorySize \(memorySize) must be at least 1")
        }
        cellKind = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.inputFeeding = inputFeeding
        cells = (0..<layerCount).map { l in
            Self.makeCell(cell, inputSize: l > 0 ? hiddenSize : inputSize + (inputFeeding ? hiddenSize : 0),
                          hiddenSize: hiddenSize, rng: rng)
        }
        attention = Attention(score, querySize: hiddenSize, keySize: memorySize, attentionSize: attentionSize, rng: rng)
        combine = Linear(inputSize: memorySize + hiddenSize, outputSize: hiddenSize, bias: false, rng: rng)
        self.dropout = Dropout(probability: dropout, rng: rng)
        self.implementation = implementation
    }

    static func makeCell(_ kind: RecurrentCellKind, inputSize d: Int, hiddenSize h: Int,
                         rng: RandomSource) -> any RecurrentCell<Scalar> {
        switch kind {
        case .lstm: LSTMCell(inputSize: d, hiddenSize: h, rng: rng)
        case .gru: GRUCell(inputSize: d, hiddenSize: h, rng: rng)
        case .rnn: RNNCell(inputSize: d, hiddenSize: h, rng: rng)
        case .peephole: PeepholeLSTMCell(inputSize: d, hiddenSize: h, rng: rng)
        case .cifg: CIFGLSTMCell(inputSize: d, hiddenSize: h, rng: rng)
        case .layernorm: LayerNormLSTMCell(inputSize: d, hiddenSize: h, rng: rng)
        case .hyper: HyperLSTMCell(inputSize: d, hiddenSize: h, rng: rng)
        }
    }

    public var children: [(name: String, child: ModuleChild<Scalar>)] {
        cells.enumerated().map { ("cells.\($0)", .module($1)) } +
            [("attention", .module(attention)), ("combine", .module(combine)), ("dropout", .module(dropout))]
    }

    public var layerCount: Int { cells.count }

    /// What the decoder carries from one step to the next.
    public struct State {
        /// Each layer's cell state components (h, or h and c), bottom layer first; each [B, H].
        public var layers: [[Tensor<Scalar>]]
        /// h~[t-1] [B, H], the attentional vector of the previous step (zeros at the start).
        public var attentional: Tensor<Scalar>

        public init(layers: [[Tensor<Scalar>]], attentional: Tensor<Scalar>) {
            self.layers = layers
            self.attentional = attentional
        }

        /// The state of the hypotheses `rows` (indices into the batch, repeats allowed): a beam's reordering.
        public func selecting(rows: [Int]) -> State {
            State(layers: layers.map { $0.map { $0.indexSelect(axis: 0, rows) } },
                  attentional: attentional.indexSelect(axis: 0, rows))
        }
    }

    /// The start state: every layer's h from `hidden` (one [B, H] per layer; nil: zeros), every other state
    /// component (an LSTM's c) zero, and h~[0] = 0.
    public func initialState(batchSize: Int, hidden: [Tensor<Scalar>]? = nil) -> State {
        if let hidden, hidden.count != layerCount || hidden.contains(where: { $0.shape != [batchSize, hiddenSize] }) {
            failure("AttentionDecoder.initialState: hidden states of shapes \(hidden.map(\.shape)), expected " +
                    "\(layerCount) of [B, H] = [\(batchSize), \(hiddenSize)]")
        }
        let layers = cells.enumerated().map { l, cell in
            var components = cell.zeroState(batchSize: batchSize).components
            if let hidden { components[0] = hidden[l] }
            return components
        }
        return State(layers: layers, attentional: .zeros([batchSize, hiddenSize]))
    }

    /// One step: y [B, E] (the previous token's embedding) and the state -> the new state, h~[t] [B, H] and
    /// the attention weights a[t] [B, S].
    public func step(_ y: Tensor<Scalar>, state: State, memory: Attention<Scalar>.Memory)
        -> (state: State, attentional: Tensor<Scalar>, weights: Tensor<Scalar>) {
        let b = memory.batchSize
        if y.shape != [b, inputSize] {
            failure("AttentionDecoder.step: input of shape \(y.shape), expected [B, E] = [\(b), \(inputSize)]")
        }
        if state.layers.count != layerCount || state.attentional.shape != [b, hiddenSize] {
            failure("AttentionDecoder.step: a state of \(state.layers.count) layers and h~ \(state.attentional.shape), " +
                    "expected \(layerCount) layers and [B, H] = [\(b), \(hiddenSize)]")
        }
        var x = inputFeeding ? Tensor.concat([y, state.attentional], axis: 1) : y       // [B, E + H]
        var layers: [[Tensor<Scalar>]] = []
        for (l, cell) in cells.enumerated() {
            if l > 0 { dropout.isTraining = isTraining; x = dropout(x) }
            let (components, kernel) = Self.step(cell, x, state.layers[l], implementation)
            if l == 0 { lastImplementation = kernel }
            layers.append(components)
            x = components[0]                                                            // [B, H]
        }
        let (context, weights) = attention(x.unsqueezed(1), memory: memory)             // [B, 1, Dv], [B, 1, S]
        let c = context.reshaped([b, context.shape[2]])                                  // [B, Dv]
        let attentional = tanh(combine(Tensor.concat([c, x], axis: 1)))                  // [B, H]
        return (State(layers: layers, attentional: attentional), attentional,
                weights.reshaped([b, memory.keyCount]))
    }

    /// One step of any cell (opening the existential) on state components: x [B, D] -> the new components,
    /// through the first kernel of `implementation`'s chain that runs it, else `cell.step`.
    static func step<Cell: RecurrentCell>(
        _ cell: Cell, _ x: Tensor<Scalar>, _ components: [Tensor<Scalar>], _ implementation: RecurrentImplementation
    ) -> ([Tensor<Scalar>], RecurrentKernel) where Cell.Scalar == Scalar {
        let state = Cell.State(components: components)
        var chain = implementation.fallbackChain(for: cell)
        if case .backend = implementation { chain = RecurrentImplementation.native.fallbackChain(for: cell) }
        for kernel in chain where kernel != .reference {
            if let out = cell.fusedSequence(x.unsqueezed(0), initialState: state, mask: nil, trace: false, kernel: kernel) {
                return (out.finalState.components, kernel)
            }
        }
        return (cell.step(x, state: state).state.components, .reference)
    }
}
