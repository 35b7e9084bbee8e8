/// Stacked (and optionally bidirectional) recurrent layers with PyTorch's `nn.LSTM` / `nn.GRU` / `nn.RNN`
/// argument set. Use the conveniences `LSTM`, `GRU` and `RNN`.
///
///     let lstm = LSTM<Float>(inputSize: 64, hiddenSize: 256, layerCount: 2, dropout: 0.2)
///     let out = lstm(x)                 // x [T, B, 64]
///     out.outputs                       // [T, B, 256]: the last layer's h at every step
///     out.hN, out.cN                    // [layerCount * directions, B, 256], as PyTorch's h_n, c_n
///
/// Layer l > 0 reads layer l - 1's outputs (both directions concatenated), after dropout in training mode
/// (not after the last layer, as in PyTorch). With `residual`, a layer whose input and output widths agree
/// adds its input to its output (Wu et al. 2016, GNMT). Final states are ordered as PyTorch's h_n:
/// index = layer * directions + direction.
public final class RecurrentStack<Cell: RecurrentCell>: Module {
    public typealias Scalar = Cell.Scalar
    /// The forward-direction layer of each level (`weight_ih_l{k}` in PyTorch).
    public let layers: [Recurrent<Cell>]
    /// The backward-direction layers when bidirectional (`weight_ih_l{k}_reverse`), else empty.
    public let reverseLayers: [Recurrent<Cell>]
    /// Dropout applied between layers in training mode.
    public let interLayerDropout: Dropout<Scalar>
    public let residual: Bool
    public var batchFirst: Bool
    public var isTraining = true

    /// The implementation every layer is asked to run (the fallback chain is documented on
    /// `RecurrentImplementation`); each layer's `lastImplementation` says what ran.
    public var implementation: RecurrentImplementation {
        get { layers[0].implementation }
        set { (layers + reverseLayers).forEach { $0.implementation = newValue } }
    }
    /// Recurrent dropout, zoneout and weight drop for every layer (see `RecurrentRegularization`).
    public var regularization: RecurrentRegularization {
        get { layers[0].regularization }
        set { (layers + reverseLayers).forEach { $0.regularization = newValue } }
    }
    public var layerCount: Int { layers.count }
    public var isBidirectional: Bool { !reverseLayers.isEmpty }

    /// - Parameters:
    ///   - layerCount: the number of stacked layers, >= 1 (PyTorch `num_layers`).
    ///   - bidirectional: add a reverse-direction layer at every level.
    ///   - dropout: the probability of dropout on the outputs of every layer but the last (training only).
    ///   - residual: add a layer's input to its output where the widths agree.
    ///   - batchFirst: inputs and outputs are [B, T, ...] instead of [T, B, ...].
    ///   - implementation: what every layer is asked to run (`RecurrentImplementation`).
    ///   - rng: the generator of the dropout and regularization masks (`makeCell` draws the cells' weights).
    ///   - makeCell: builds the cell of `layer` for `reverse` direction with the given input size (-1 for the
    ///     first layer, whose input size the cell knows).
    public init(
        layerCount: Int, bidirectional: Bool, dropout: Double, residual: Bool, batchFirst: Bool,
        implementation: RecurrentImplementation, rng: RandomSource,
        makeCell: (_ layer: Int, _ reverse: Bool, _ inputSize: Int) -> Cell
    ) {
        if layerCount < 1 { failure("RecurrentStack: layerCount must be at least 1, got \(layerCount)") }
        var forward: [Recurrent<Cell>] = [], backward: [Recurrent<Cell>] = []
        var width = -1
        for l in 0..<layerCount {
            let f = makeCell(l, false, width)
            forward.append(Recurrent(f, implementation: implementation, rng: rng))
            if bidirectional {
                backward.append(Recurrent(makeCell(l, true, width), reverse: true, implementation: implementation,
                                          rng: rng))
            }
            width = f.outputSize * (bidirectional ? 2 : 1)
        }
        layers = forward
        reverseLayers = backward
        interLayerDropout = Dropout(probability: dropout, rng: rng)
        self.residual = residual
        self.batchFirst = batchFirst
    }

    /// The result of a stacked run.
    public struct Output {
        /// The last layer's outputs: [T, B, directions * O] (or [B, T, ...] with `batchFirst`).
        public var outputs: Tensor<Scalar>
        /// Final states in PyTorch's h_n order: index = layer * directions + direction.
        public var finalStates: [Cell.State]
        /// Per layer and direction (same order), when requested.
        public var traces: [RecurrentTrace<Scalar>]?
        /// PyTorch's h_n: [layers * directions, B, O].
        public var hN: Tensor<Scalar> { Tensor.stack(finalStates.map { $0.components[0] }) }
        /// PyTorch's c_n for an LSTM: [layers * directions, B, H] (nil for cells with one state tensor).
        public var cN: Tensor<Scalar>? {
            finalStates.first.map { $0.components.count } ?? 0 > 1
                ? Tensor.stack(finalStates.map { $0.components[1] }) : nil
        }
    }

    /// Runs every layer. `initialStates` follows the h_n order (layers * directions states).
    public func callAsFunction(
        _ input: Tensor<Scalar>, initialStates: [Cell.State]? = nil, lengths: [Int]? = nil,
        mask: Tensor<Scalar>? = nil, trace: Bool = false
    ) -> Output {
        let directions = isBidirectional ? 2 : 1
        if let initialStates, initialStates.count != layers.count * directions {
            failure("RecurrentStack: \(initialStates.count) initial states, expected layers * directions = " +
                    "\(layers.count * directions)")
        }
        if input.rank != 3 {
            failure("RecurrentStack: input of shape \(input.shape), expected rank 3 " + (batchFirst ? "[B, T, D]" : "[T, B, D]"))
        }
        var x = batchFirst ? input.transposed(0, 1) : input     // [T, B, D]
        var finals: [Cell.State] = []
        var traces: [RecurrentTrace<Scalar>] = []
        for l in 0..<layers.count {
            if l > 0 { interLayerDropout.isTraining = isTraining; x = interLayerDropout(x) }
            let f = layers[l](x, initialState: initialStates?[l * directions], lengths: lengths, mask: mask, trace: trace)
            var y = f.outputs
            finals.append(f.finalState)
            if let t = f.trace { traces.append(t) }
            if isBidirectional {
                let b = reverseLayers[l](x, initialState: initialStates?[l * directions + 1], lengths: lengths,
                                         mask: mask, trace: trace)
                y = Tensor.concat([y, b.outputs], axis: 2)
                finals.append(b.finalState)
                if let t = b.trace { traces.append(t) }
            }
            if residual && l > 0 && y.shape == x.shape { y = y + x }
            x = y
        }
        return Output(outputs: batchFirst ? x.transposed(0, 1) : x, finalStates: finals, traces: trace ? traces : nil)
    }

    /// The PyTorch `state_dict` name of each parameter path (`layers.0.cell.weightIH` -> `weight_ih_l0`).
    public func pytorchParameterNames() -> [String: String] {
        let fields = ["weightIH": "weight_ih", "weightHH": "weight_hh", "biasIH": "bias_ih", "biasHH": "bias_hh",
                      "weightHR": "weight_hr"]
        var names: [String: String] = [:]
        for (path, _) in namedParameters() {
            let parts = path.split(separator: ".").map(String.init)   // layers, l, cell, field
            guard parts.count == 4, let field = fields[parts[3]] else { continue }
            names[path] = "\(field)_l\(parts[1])" + (parts[0] == "reverseLayers" ? "_reverse" : "")
        }
        return names
    }
}

/// `torch.nn.LSTM`: stacked, optionally bidirectional and projected LSTM layers.
public typealias LSTM<Scalar: TensorScalar> = RecurrentStack<LSTMCell<Scalar>>
/// `torch.nn.GRU`.
public typealias GRU<Scalar: TensorScalar> = RecurrentStack<GRUCell<Scalar>>
/// `torch.nn.RNN` (Elman, tanh or relu).
public typealias RNN<Scalar: TensorScalar> = RecurrentStack<RNNCell<Scalar>>

extension RecurrentStack {
    /// PyTorch's `nn.LSTM(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
    /// proj_size)`, plus `residual` connections, `unitForgetBias` and the implementation choice.
    public convenience init<S>(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, bias: Bool = true, batchFirst: Bool = false,
        dropout: Double = 0, bidirectional: Bool = false, projectionSize: Int = 0, residual: Bool = false,
        unitForgetBias: Bool = false, implementation: RecurrentImplementation = .native, rng: RandomSource = .global
    ) where Cell == LSTMCell<S> {
        self.init(layerCount: layerCount, bidirectional: bidirectional, dropout: dropout, residual: residual,
                  batchFirst: batchFirst, implementation: implementation, rng: rng) { _, _, width in
            LSTMCell(inputSize: width < 0 ? inputSize : width, hiddenSize: hiddenSize, bias: bias,
                     projectionSize: projectionSize, unitForgetBias: unitForgetBias, rng: rng)
        }
    }

    /// PyTorch's `nn.GRU(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)`.
    public convenience init<S>(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, bias: Bool = true, batchFirst: Bool = false,
        dropout: Double = 0, bidirectional: Bool = false, residual: Bool = false,
        implementation: RecurrentImplementation = .native, rng: RandomSource = .global
    ) where Cell == GRUCell<S> {
        self.init(layerCount: layerCount, bidirectional: bidirectional, dropout: dropout, residual: residual,
                  batchFirst: batchFirst, implementation: implementation, rng: rng) { _, _, width in
            GRUCell(inputSize: width < 0 ? inputSize : width, hiddenSize: hiddenSize, bias: bias, rng: rng)
        }
    }

    /// PyTorch's `nn.RNN(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first, dropout,
    /// bidirectional)`. RNN cells have no fused kernel: every implementation runs the reference.
    public convenience init<S>(
        inputSize: Int, hiddenSize: Int, layerCount: Int = 1, nonlinearity: RNNCell<S>.Nonlinearity = .tanh,
        bias: Bool = true, batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false,
        residual: Bool = false, implementation: RecurrentImplementation = .native, rng: RandomSource = .global
    ) where Cell == RNNCell<S> {
        self.init(layerCount: layerCount, bidirectional: bidirectional, dropout: dropout, residual: residual,
                  batchFirst: batchFirst, implementation: implementation, rng: rng) { _, _, width in
            RNNCell(inputSize: width < 0 ? inputSize : width, hiddenSize: hiddenSize, bias: bias,
                    nonlinearity: nonlinearity, rng: rng)
        }
    }
}
