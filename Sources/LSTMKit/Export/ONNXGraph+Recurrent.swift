/// The values a recurrent stack adds to an `ONNXGraph`.
public struct ONNXRecurrentValues: Sendable {
    /// The last layer's h at every step, both directions concatenated: [T, B, dirs * H].
    public var outputs: String
    /// The final h of every layer and direction in PyTorch's h_n order (layer * dirs + direction): [L * dirs, B, H].
    public var finalH: String
    /// The final c likewise (LSTM only): [L * dirs, B, H].
    public var finalC: String?
    /// The last layer's final h, directions concatenated (forward, then backward): [B, dirs * H].
    public var lastLayerFinalH: String
}

extension ONNXGraph {
    /// The cells with an ONNX operator.
    public static let supportedCells: [RecurrentCellKind] = [.lstm, .gru, .rnn]

    /// Where each ONNX gate block comes from in the PyTorch layout: ONNX block k is PyTorch block `order[k]`.
    ///
    ///     LSTM  PyTorch rows (i, f, g, o)  ->  ONNX (i, o, f, c):  [0, 3, 1, 2]
    ///     GRU   PyTorch rows (r, z, n)     ->  ONNX (z, r, h):     [1, 0, 2]
    ///     RNN   one block:                                         [0]
    public static func gateOrder(_ cell: RecurrentCellKind) -> [Int] {
        switch cell {
        case .gru: [1, 0, 2]
        case .rnn: [0]
        default: [0, 3, 1, 2]
        }
    }

    /// The rows of `w` ([blocks * H, cols] row-major, or a bias [blocks * H]) regrouped so that block k is
    /// the input's block `order[k]`.
    public static func reorderBlocks(_ w: [Float], rows: Int, order: [Int]) -> [Float] {
        let blockRows = rows / order.count, columns = rows == 0 ? 0 : w.count / rows
        var out: [Float] = []
        out.reserveCapacity(w.count)
        for k in order { out += w[(k * blockRows * columns)..<((k + 1) * blockRows * columns)] }
        return out
    }

    /// Why `config` cannot be exported, or nil when it can.
    public static func unsupported(_ config: RecurrentEncoderConfig) -> String? {
        if !supportedCells.contains(config.cell) {
            return "the \(config.cell.rawValue) cell has no ONNX operator; supported cells: " +
                supportedCells.map(\.rawValue).joined(separator: ", ")
        }
        if config.projectionSize > 0 {
            return "an LSTM projection (projectionSize \(config.projectionSize)) has no ONNX LSTM attribute"
        }
        if config.zoneout > 0 {
            return "zoneout \(config.zoneout) mixes old and new states at inference, which ONNX's recurrent operators cannot"
        }
        return nil
    }

    /// Adds `encoder` (in evaluation mode: dropout, recurrent dropout and DropConnect are identities) reading
    /// `input` [T, B, D] from zero states: one ONNX `LSTM`, `GRU` or `RNN` node per layer (direction
    /// "forward" or "bidirectional"), each followed by Transpose + Reshape from Y [T, dirs, B, H] to
    /// [T, B, dirs * H], plus an Add where the stack is residual.
    ///
    /// Weights per layer, directions stacked on the first axis:
    ///
    ///     W = [dirs, G*H, D]  weightIH with the gate blocks reordered (`gateOrder`)
    ///     R = [dirs, G*H, H]  weightHH likewise
    ///     B = [dirs, 2*G*H]   [biasIH, biasHH] likewise (ONNX's [Wb, Rb])
    ///
    /// G is 4 (LSTM), 3 (GRU, with `linear_before_reset = 1`: PyTorch's n = tanh(W_in x + b_in + r * (W_hn h + b_hn)))
    /// or 1 (RNN, tanh).
    ///
    /// `initialH` and `initialC` (LSTM), when given, name [L * dirs, B, H] values in h_n order that start the
    /// layers instead of zeros (each layer's node reads its Slice of them as initial_h, initial_c).
    public func recurrent(_ encoder: RecurrentEncoder<Float>, input: String, initialH: String? = nil,
                          initialC: String? = nil) throws -> ONNXRecurrentValues {
        let c = encoder.config
        if let problem = Self.unsupported(c) { throw ONNXExportError(problem) }
        let parameters = Dictionary(encoder.namedParameters().map { ($0.path, $0.parameter) },
                                    uniquingKeysWith: { a, _ in a })
        let dirs = c.bidirectional ? 2 : 1, h = c.hiddenSize, order = Self.gateOrder(c.cell)
        let gates = order.count * h
        let op = c.cell == .lstm ? "LSTM" : c.cell == .gru ? "GRU" : "RNN"
        var x = input, width = c.inputSize
        var finalH: [String] = [], finalC: [String] = [], lastH = ""
        for l in 0..<c.layerCount {
            var w: [Float] = [], r: [Float] = [], b: [Float] = []
            for d in 0..<dirs {
                let prefix = (d == 0 ? "layers" : "reverseLayers") + ".\(l).cell."
                func tensor(_ field: String, _ shape: [Int]) throws -> [Float] {
                    guard let p = parameters[prefix + field] else {
                        if field.hasPrefix("bias") { return [Float](repeating: 0, count: shape.reduce(1, *)) }
                        throw ONNXExportError("the recurrent stack has no parameter \(prefix + field)")
                    }
                    if p.data.shape != shape {
                        throw ONNXExportError("\(prefix + field) has shape \(p.data.shape), expected \(shape)")
                    }
                    return Self.reorderBlocks(p.data.scalars, rows: gates, order: order)
                }
                w += try tensor("weightIH", [gates, width])
                r += try tensor("weightHH", [gates, h])
                b += try tensor("biasIH", [gates])
                b += try tensor("biasHH", [gates])
            }
            let name = "\(op.lowercased())\(l)"
            var inputs = [x, initializer("\(name).W", shape: [dirs, gates, width], w),
                          initializer("\(name).R", shape: [dirs, gates, h], r),
                          initializer("\(name).B", shape: [dirs, 2 * gates], b)]
            func layerSlice(_ states: String) -> String {                                 // [dirs, B, H]
                node("Slice", [states, constant("starts", shape: [1], [l * dirs]),
                               constant("ends", shape: [1], [(l + 1) * dirs]), constant("axes", shape: [1], [0])])[0]
            }
            if initialH != nil || initialC != nil {
                inputs += ["", initialH.map(layerSlice) ?? ""]                           // no sequence_lens
                if c.cell == .lstm, let initialC { inputs.append(layerSlice(initialC)) }
            }
            var attributes: [ONNXAttribute] = [.int("hidden_size", h),
                                               .string("direction", dirs == 2 ? "bidirectional" : "forward")]
            if c.cell == .gru { attributes.append(.int("linear_before_reset", 1)) }
            let out = node(op, inputs, outputCount: c.cell == .lstm ? 3 : 2, attributes: attributes)
            finalH.append(out[1])
            if c.cell == .lstm { finalC.append(out[2]) }
            let steps = node("Transpose", [out[0]], attributes: [.ints("perm", [0, 2, 1, 3])])[0]    // [T, B, dirs, H]
            var y = node("Reshape", [steps, constant("shape_TB_", shape: [3], [0, 0, -1])])[0]      // [T, B, dirs*H]
            if c.residual && l > 0 && width == dirs * h { y = node("Add", [y, x])[0] }
            if l == c.layerCount - 1 {
                let batchFirst = node("Transpose", [out[1]], attributes: [.ints("perm", [1, 0, 2])])[0]  // [B, dirs, H]
                lastH = node("Reshape", [batchFirst, constant("shape_B_", shape: [2], [0, -1])])[0]     // [B, dirs*H]
            }
            x = y
            width = dirs * h
        }
        func stacked(_ values: [String]) -> String {
            values.count == 1 ? values[0] : node("Concat", values, attributes: [.int("axis", 0)])[0]
        }
        return ONNXRecurrentValues(outputs: x, finalH: stacked(finalH), finalC: finalC.isEmpty ? nil : stacked(finalC),
                                   lastLayerFinalH: lastH)
    }
}
