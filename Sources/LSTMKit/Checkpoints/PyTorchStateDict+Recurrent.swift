/// The names of PyTorch's `nn.LSTM` / `nn.GRU` parameters and the LSTMKit paths they map to (the layouts
/// are the same: gate order i, f, g, o and r, z, n, weights [gates * H, in], two biases):
///
///     PyTorch (nn.LSTM, nn.GRU)       LSTMKit (RecurrentStack, RecurrentEncoder)    shape
///     weight_ih_l<k>                  layers.<k>.cell.weightIH                      [G*H, D or dirs*H]
///     weight_hh_l<k>                  layers.<k>.cell.weightHH                      [G*H, H (P)]
///     bias_ih_l<k>, bias_hh_l<k>      layers.<k>.cell.biasIH, biasHH                [G*H]
///     weight_hr_l<k>                  layers.<k>.cell.weightHR (LSTM proj_size)     [P, H]
///     <name>_l<k>_reverse             reverseLayers.<k>.cell.<field>
///
/// G = 4 for an LSTM, 3 for a GRU.
public enum PyTorchRecurrentNames {
    /// Whether `name` is one of the names above (`weight_ih_l0`, `bias_hh_l1_reverse`).
    public static func isRecurrentName(_ name: String) -> Bool {
        let fields = ["weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l", "weight_hr_l"]
        guard let field = fields.first(where: name.hasPrefix) else { return false }
        var rest = name.dropFirst(field.count)
        if rest.hasSuffix("_reverse") { rest = rest.dropLast("_reverse".count) }
        return !rest.isEmpty && rest.allSatisfy(\.isNumber)
    }
}

extension PyTorchStateDict {
    /// The architecture of the `nn.LSTM` / `nn.GRU` whose parameters are under `module` ("" or "lstm."), read
    /// from the names and shapes: the cell (from the gate rows: 4H LSTM, 3H GRU), D, H, the number of layers,
    /// bidirectional, the LSTM projection size. The shapes of every tensor are checked when loading.
    ///
    /// - Parameters:
    ///   - module: the prefix of the module's names ("" for a bare `nn.LSTM` / `nn.GRU`, or "lstm.").
    ///   - expected: the cell the caller expects (nil: any of LSTM and GRU).
    /// - Throws: `CheckpointError` when the module is not an LSTM or GRU LSTMKit can build: no
    ///   `weight_ih_l0`, a GRU where an LSTM is expected (and back), an `nn.RNN` (its nonlinearity is not in
    ///   the file), `bias=False` (LSTMKit's encoder always has both biases).
    public func recurrentConfig(module: String, cell expected: RecurrentCellKind? = nil) throws -> RecurrentEncoderConfig {
        func name(_ field: String, _ layer: Int, reverse: Bool = false) -> String {
            "\(module)\(field)_l\(layer)\(reverse ? "_reverse" : "")"
        }
        func fail(_ kind: CheckpointError.Kind, _ problem: String) -> CheckpointError {
            CheckpointError(kind, path: path, problem)
        }
        let ih = name("weight_ih", 0), hh = name("weight_hh", 0), hr = name("weight_hr", 0)
        guard let weightIH = tensors[ih] else {
            let found = recurrentModules.map { "'\(fileName($0))'" }
            throw fail(.missingTensor, "has no tensor '\(fileName(ih))'" + (found.isEmpty
                ? " (no nn.LSTM or nn.GRU: their names end in weight_ih_l0)"
                : "; recurrent layers are under \(found.joined(separator: ", ")) (use --prefix)"))
        }
        guard let weightHH = tensors[hh] else { throw fail(.missingTensor, "has no tensor '\(fileName(hh))'") }
        guard weightIH.rank == 2, weightHH.rank == 2, weightHH.shape[1] >= 1 else {
            throw fail(.shapeMismatch, "tensors '\(fileName(ih))' \(weightIH.shape) and '\(fileName(hh))' " +
                       "\(weightHH.shape) must be matrices with at least one column")
        }
        let projection = tensors[hr]
        let rows = weightHH.shape[0]
        // Without a projection W_hh is [G*H, H]; with one [4H, P] and W_hr [P, H].
        let hidden = projection.map { $0.rank == 2 ? $0.shape[1] : 0 } ?? weightHH.shape[1]
        let gates = hidden > 0 && rows % hidden == 0 ? rows / hidden : 0
        let found: RecurrentCellKind
        switch gates {
        case 4: found = .lstm
        case 3 where projection == nil: found = .gru
        case 1 where projection == nil:
            throw fail(.unexpectedTensor, "'\(fileName(hh))' of shape \(weightHH.shape) is an nn.RNN's; RNNs are not " +
                       "imported (the file does not say tanh or relu)")
        default:
            throw fail(.shapeMismatch, "'\(fileName(hh))' has shape \(weightHH.shape): its \(rows) rows are not 4 or 3 " +
                       "times H = \(hidden), so it is neither an nn.LSTM nor an nn.GRU")
        }
        if let expected, expected != found {
            throw fail(.shapeMismatch, "'\(fileName(hh))' of shape \(weightHH.shape) is an nn.\(found.rawValue.uppercased())'s " +
                       "(\(gates) gates of H = \(hidden)), not an nn.\(expected.rawValue.uppercased())'s " +
                       "(import it as \(found.rawValue))")
        }
        if tensors[name("bias_ih", 0)] == nil || tensors[name("bias_hh", 0)] == nil {
            throw fail(.missingTensor, "has no '\(fileName(name("bias_ih", 0)))' and '\(fileName(name("bias_hh", 0)))': " +
                       "bias=False layers are not imported (LSTMKit's encoder has both biases)")
        }
        var layers = 1
        while tensors[name("weight_ih", layers)] != nil { layers += 1 }
        let config = RecurrentEncoderConfig(
            cell: found, inputSize: weightIH.shape[1], hiddenSize: hidden, layerCount: layers,
            bidirectional: tensors[name("weight_ih", 0, reverse: true)] != nil,
            projectionSize: projection?.shape[0] ?? 0)
        if let (field, message) = config.problem {
            throw fail(.shapeMismatch, "the recurrent layers under '\(module)' read as \(field) \(message)")
        }
        if config.hiddenSize > 1 << 16 || config.inputSize > 1 << 20 {
            throw fail(.shapeMismatch, "'\(fileName(ih))' of shape \(weightIH.shape) asks for H = \(hidden), D = " +
                       "\(config.inputSize): too large")
        }
        return config
    }

    /// LSTMKit path -> state_dict name (without this file's prefix) of an encoder held at `modelPath`
    /// ("" or "recurrent.") whose PyTorch module is `module` ("" or "lstm.").
    public func recurrentNames(_ encoder: RecurrentEncoder<Float>, modelPath: String, module: String) -> [String: String] {
        Checkpoint.prefixedNameMap(encoder.pytorchParameterNames(), modelPrefix: modelPath, filePrefix: module)
    }

    /// The `nn.LSTM` / `nn.GRU` saved on its own (every tensor of the file is one of its parameters), built and
    /// loaded; eval mode.
    /// - Parameters:
    ///   - module: the prefix of the module's names ("" when the file holds the module alone).
    ///   - cell: the cell the file must hold (nil: LSTM or GRU).
    public func recurrentEncoder(module: String = "", cell: RecurrentCellKind? = nil) throws -> RecurrentEncoder<Float> {
        let config = try recurrentConfig(module: module, cell: cell)
        let encoder = RecurrentEncoder<Float>(config, rng: RandomSource(seed: 0))
        try load(into: encoder, names: recurrentNames(encoder, modelPath: "", module: module))
        encoder.eval()
        return encoder
    }
}
