/// The recurrent cells a `RecurrentEncoder` can be built from.
public enum RecurrentCellKind: String, Codable, CaseIterable, Sendable {
    /// `LSTMCell` (Hochreiter & Schmidhuber 1997; PyTorch `nn.LSTM`), optionally with a projection.
    case lstm
    /// `GRUCell` (Cho et al. 2014; PyTorch `nn.GRU`).
    case gru
    /// `RNNCell` with tanh (Elman 1990; PyTorch `nn.RNN`).
    case rnn
    /// `PeepholeLSTMCell` (Gers & Schmidhuber 2000).
    case peephole
    /// `CIFGLSTMCell`, coupled input and forget gates (Greff et al. 2017).
    case cifg
    /// `LayerNormLSTMCell` (Ba et al. 2016).
    case layernorm
    /// `HyperLSTMCell` (Ha et al. 2016) with a hyper LSTM of 64 units and embeddings of 4 (the cell's defaults).
    case hyper
}

/// The architecture of a `RecurrentEncoder`: everything needed to rebuild it before loading its weights
/// (applications store it in their checkpoints).
public struct RecurrentEncoderConfig: Codable, Equatable, Sendable {
    public var cell: RecurrentCellKind
    /// D, the size of each input vector.
    public var inputSize: Int
    /// H, the state size of every layer (per direction).
    public var hiddenSize: Int
    public var layerCount: Int
    public var bidirectional: Bool
    /// Add each layer's input to its output where the widths agree (Wu et al. 2016).
    public var residual: Bool
    /// P, the LSTM projection size (Sak et al. 2014; PyTorch `proj_size`); 0 for none. LSTM cells only.
    public var projectionSize: Int
    /// Dropout between layers (training only), in [0, 1).
    public var dropout: Double
    /// Variational recurrent dropout on h[t-1] (Gal & Ghahramani 2016), in [0, 1).
    public var recurrentDropout: Double
    /// Zoneout on h and c (Krueger et al. 2017), in [0, 1).
    public var zoneout: Double
    /// DropConnect on W_hh (Merity et al. 2018), in [0, 1).
    public var weightDrop: Double

    public init(cell: RecurrentCellKind = .lstm, inputSize: Int, hiddenSize: Int, layerCount: Int = 1,
                bidirectional: Bool = false, residual: Bool = false, projectionSize: Int = 0, dropout: Double = 0,
                recurrentDropout: Double = 0, zoneout: Double = 0, weightDrop: Double = 0) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.bidirectional = bidirectional
        self.residual = residual
        self.projectionSize = projectionSize
        self.dropout = dropout
        self.recurrentDropout = recurrentDropout
        self.zoneout = zoneout
        self.weightDrop = weightDrop
    }

    /// The width of one direction's output at each step (P with a projection, else H).
    public var directionSize: Int { projectionSize > 0 ? projectionSize : hiddenSize }
    /// The width of the encoder's output at each step: `directionSize` times the number of directions.
    public var outputSize: Int { directionSize * (bidirectional ? 2 : 1) }

    /// The first problem with this configuration as (field name, message), or nil when it is valid.
    public var problem: (field: String, message: String)? {
        for (field, value) in [("inputSize", inputSize), ("hiddenSize", hiddenSize), ("layerCount", layerCount)]
        where value < 1 {
            return (field, "must be at least 1, got \(value)")
        }
        if projectionSize < 0 { return ("projectionSize", "must be >= 0, got \(projectionSize)") }
        if projectionSize > 0 && cell != .lstm {
            return ("projectionSize", "a projection needs the lstm cell, not \(cell.rawValue)")
        }
        if projectionSize >= hiddenSize && projectionSize > 0 {
            return ("projectionSize", "must be smaller than hiddenSize \(hiddenSize), got \(projectionSize)")
        }
        for (field, p) in [("dropout", dropout), ("recurrentDropout", recurrentDropout), ("zoneout", zoneout),
                           ("weightDrop", weightDrop)] where !(p >= 0 && p < 1) {
            return (field, "must be in [0, 1), got \(p)")
        }
        if weightDrop > 0 && cell == .layernorm {
            return ("weightDrop", "the layernorm cell has no weightHH to drop")
        }
        return nil
    }

    /// The recurrent regularization of every layer.
    public var regularization: RecurrentRegularization {
        RecurrentRegularization(recurrentDropout: recurrentDropout, zoneoutHidden: zoneout,
                                zoneoutCell: cell == .gru || cell == .rnn ? 0 : zoneout, weightDropout: weightDrop)
    }
}

/// A stacked, optionally bidirectional recurrent encoder whose cell is chosen at run time
/// (`RecurrentCellKind`): one type for applications that let the user pick LSTM, GRU, RNN, peephole, CIFG or
/// LayerNorm cells. It wraps the `RecurrentStack` of that cell; its parameter paths are the stack's own
/// (`layers.0.cell.weightIH`, PyTorch `weight_ih_l0`), and every state is an `EncoderState` holding the
/// cell's state tensors (h, or h and c).
///
///     let encoder = RecurrentEncoder<Float>(RecurrentEncoderConfig(cell: .gru, inputSize: 8, hiddenSize: 32),
///                                           rng: RandomSource(seed: 0))
///     let out = encoder(x, lengths: lengths)      // x [T, B, 8] -> out.outputs [T, B, 32]
///     out.finalStates                             // one EncoderState per layer and direction (h_n order)
public final class RecurrentEncoder<Scalar: TensorScalar>: Module {
    public let config: RecurrentEncoderConfig
    let stack: any EncoderStack<Scalar>
    public var isTraining = true { didSet { stack.isTraining = isTraining } }

    /// - Parameters:
    ///   - config: the architecture (validated; an invalid one stops naming the field).
    ///   - implementation: what the stacked layers are asked to run (`RecurrentImplementation`).
    ///   - rng: the initial weights; the stack keeps drawing its dropout and regularization masks
    ///     from it afterwards (save it in checkpoints to resume exactly).
    public init(_ config: RecurrentEncoderConfig, implementation: RecurrentImplementation = .native,
                rng: RandomSource) {
        if let (field, message) = config.problem { failure("RecurrentEncoder: \(field) \(message)") }
        let c = config
        func build<Cell>(_ stack: RecurrentStack<Cell>) -> any EncoderStack<Scalar> where Cell.Scalar == Scalar {
            if c.regularization.isActive { stack.regularization = c.regularization }
            return stack
        }
        switch c.cell {
        case .lstm:
            stack = build(LSTM<Scalar>(inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount,
                                       dropout: c.dropout, bidirectional: c.bidirectional,
                                       projectionSize: c.projectionSize, residual: c.residual,
                                       implementation: implementation, rng: rng))
        case .gru:
            stack = build(GRU<Scalar>(inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount,
                                      dropout: c.dropout, bidirectional: c.bidirectional, residual: c.residual,
                                      implementation: implementation, rng: rng))
        case .rnn:
            stack = build(RNN<Scalar>(inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount,
                                      dropout: c.dropout, bidirectional: c.bidirectional, residual: c.residual,
                                      rng: rng))
        case .peephole:
            stack = build(RecurrentStack<PeepholeLSTMCell<Scalar>>(
                inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount, dropout: c.dropout,
                bidirectional: c.bidirectional, residual: c.residual, rng: rng))
        case .cifg:
            stack = build(RecurrentStack<CIFGLSTMCell<Scalar>>(
                inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount, dropout: c.dropout,
                bidirectional: c.bidirectional, residual: c.residual, rng: rng))
        case .layernorm:
            stack = build(RecurrentStack<LayerNormLSTMCell<Scalar>>(
                inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount, dropout: c.dropout,
                bidirectional: c.bidirectional, residual: c.residual, rng: rng))
        case .hyper:
            stack = build(RecurrentStack<HyperLSTMCell<Scalar>>(
                inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount, dropout: c.dropout,
                bidirectional: c.bidirectional, residual: c.residual, rng: rng))
        }
        self.config = config
    }

    /// The stack's parameters under the stack's own paths (`layers.0.cell.weightIH`).
    public var children: [(name: String, child: ModuleChild<Scalar>)] { stack.children }

    /// The implementation every layer is asked to use (see `RecurrentImplementation`).
    public var implementation: RecurrentImplementation {
        get { stack.implementation }
        set { stack.implementation = newValue }
    }

    /// What the first layer ran in the last call ("native-avx512", "fused", "reference", ...).
    public var lastImplementation: RecurrentKernel { stack.lastImplementation }

    /// What the first layer will run on this machine (without a fallback the call itself forces).
    public var resolvedImplementation: RecurrentKernel { stack.resolvedImplementation }

    /// The PyTorch `state_dict` names of the parameters (`layers.0.cell.weightIH` -> `weight_ih_l0`).
    public func pytorchParameterNames() -> [String: String] { stack.pytorchParameterNames() }

    /// Zero states for `batchSize` sequences, in h_n order (layer * directions + direction).
    public func zeroStates(batchSize: Int) -> [EncoderState<Scalar>] {
        stack.zeroStateComponents(batchSize: batchSize).map(EncoderState.init(components:))
    }

    /// The outputs of a run.
    public struct Output {
        /// The last layer's h at every step, both directions concatenated: [T, B, outputSize].
        public var outputs: Tensor<Scalar>
        /// One state per layer and direction, in h_n order.
        public var finalStates: [EncoderState<Scalar>]
        /// Per layer and direction, when requested.
        public var traces: [RecurrentTrace<Scalar>]?
    }

    /// Runs the stack over x [T, B, D] (time-major) from `initialStates` (nil: zeros). `lengths` and
    /// `mask` as in `Recurrent`.
    public func callAsFunction(
        _ x: Tensor<Scalar>, initialStates: [EncoderState<Scalar>]? = nil, lengths: [Int]? = nil,
        mask: Tensor<Scalar>? = nil, trace: Bool = false
    ) -> Output {
        let r = stack.encode(x, initialStates: initialStates?.map(\.components), lengths: lengths, mask: mask,
                             trace: trace)
        return Output(outputs: r.outputs, finalStates: r.finalStates.map(EncoderState.init(components:)),
                      traces: r.traces)
    }
}

/// The state of any cell of a `RecurrentEncoder`: its state tensors in the cell's order (h, or h and c).
public struct EncoderState<Scalar: TensorScalar>: RecurrentState {
    public var components: [Tensor<Scalar>]
    public init(components: [Tensor<Scalar>]) { self.components = components }
    /// h [B, O].
    public var output: Tensor<Scalar> { components[0] }
}

/// What `RecurrentEncoder` needs of a `RecurrentStack`, with the cell's state type erased.
protocol EncoderStack<Scalar>: Module {
    var implementation: RecurrentImplementation { get set }
    var lastImplementation: RecurrentKernel { get }
    var resolvedImplementation: RecurrentKernel { get }
    func pytorchParameterNames() -> [String: String]
    func zeroStateComponents(batchSize: Int) -> [[Tensor<Scalar>]]
    func encode(_ x: Tensor<Scalar>, initialStates: [[Tensor<Scalar>]]?, lengths: [Int]?, mask: Tensor<Scalar>?,
                trace: Bool) -> (outputs: Tensor<Scalar>, finalStates: [[Tensor<Scalar>]], traces: [RecurrentTrace<Scalar>]?)
}

extension RecurrentStack: EncoderStack {
    var lastImplementation: RecurrentKernel { layers[0].lastImplementation }
    var resolvedImplementation: RecurrentKernel { layers[0].resolvedImplementation }

    func zeroStateComponents(batchSize: Int) -> [[Tensor<Scalar>]] {
        (0..<layers.count).flatMap { l in
            ([layers[l]] + (isBidirectional ? [reverseLayers[l]] : [])).map {
                $0.cell.zeroState(batchSize: batchSize).components
            }
        }
    }

    func encode(_ x: Tensor<Scalar>, initialStates: [[Tensor<Scalar>]]?, lengths: [Int]?, mask: Tensor<Scalar>?,
                trace: Bool) -> (outputs: Tensor<Scalar>, finalStates: [[Tensor<Scalar>]], traces: [RecurrentTrace<Scalar>]?) {
        let out = self(x, initialStates: initialStates?.map(Cell.State.init(components:)), lengths: lengths,
                       mask: mask, trace: trace)
        return (out.outputs, out.finalStates.map(\.components), out.traces)
    }
}
