import CRecurrent

/// One layer of a `RecurrentStream` on the native path: an LSTM (no projection) or GRU layer in Float run
/// for one step per call by the native forward (`lk_lstm_forward` / `lk_gru_forward` with T = 1) on buffers
/// kept from call to call. The packed weights come from `cachedGatePanels` (remade when the weights change)
/// and the summed biases are remade when a bias's `version` changes.
final class NativeStreamLayer {
    let isaName: String
    let isa: lk_isa
    let gates: Int, inputSize: Int, hiddenSize: Int, batch: Int
    private let weightIH: Parameter<Float>, weightHH: Parameter<Float>
    private let biasIH: Parameter<Float>?, biasHH: Parameter<Float>?
    /// h [2, B, H] and, for an LSTM, c [2, B, H]: row 0 the carried state, row 1 the step's new state.
    private let h: AlignedFloats, c: AlignedFloats?
    /// The step's activated gates [B, G*H], and tanh(c') [B, H] (LSTM) or hn [B, H] (GRU).
    private let gateBuffer: AlignedFloats, extra: AlignedFloats
    /// The step's output [B, H] (the next layer's input).
    let out: AlignedFloats
    private var bias: [Float] = []
    private var biasVersions: (UInt64, UInt64) = (.max, .max)

    init(lstm cell: LSTMCell<Float>, isaName: String, batch: Int) {
        (weightIH, weightHH, biasIH, biasHH) = (cell.weightIH, cell.weightHH, cell.biasIH, cell.biasHH)
        (self.isaName, isa, gates, inputSize, hiddenSize, self.batch) =
            (isaName, NativeKernels.cISA(isaName), 4, cell.inputSize, cell.hiddenSize, batch)
        let bh = batch * hiddenSize
        (h, c, gateBuffer, extra, out) = (AlignedFloats(2 * bh), AlignedFloats(2 * bh), AlignedFloats(4 * bh),
                                          AlignedFloats(bh), AlignedFloats(bh))
        zeroState()
    }

    init(gru cell: GRUCell<Float>, isaName: String, batch: Int) {
        (weightIH, weightHH, biasIH, biasHH) = (cell.weightIH, cell.weightHH, cell.biasIH, cell.biasHH)
        (self.isaName, isa, gates, inputSize, hiddenSize, self.batch) =
            (isaName, NativeKernels.cISA(isaName), 3, cell.inputSize, cell.hiddenSize, batch)
        let bh = batch * hiddenSize
        (h, c, gateBuffer, extra, out) = (AlignedFloats(2 * bh), nil, AlignedFloats(3 * bh), AlignedFloats(bh),
                                          AlignedFloats(bh))
        zeroState()
    }

    func zeroState() {
        h.pointer.update(repeating: 0, count: h.count)
        c?.pointer.update(repeating: 0, count: c!.count)
    }

    /// h [B, H] (and c [B, H] for an LSTM): the carried state.
    func stateComponents() -> [Tensor<Float>] {
        let bh = batch * hiddenSize
        return [h, c].compactMap { $0 }.map { Tensor(shape: [batch, hiddenSize], scalars: Array(UnsafeBufferPointer(start: $0.pointer, count: bh))) }
    }

    func setState(_ components: [Tensor<Float>]) {
        for (buffer, tensor) in zip([h, c].compactMap { $0 }, components) {
            tensor.scalars.withUnsafeBufferPointer { buffer.pointer.update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// One step from x [B, D]: writes `out` and moves the new state into row 0.
    func step(_ x: UnsafePointer<Float>) {
        guard let packed = cachedGatePanels(isaName, weightIH: weightIH, weightHH: weightHH, gates: gates,
                                            hiddenSize: hiddenSize) else {
            failure("NativeStreamLayer: weights under DropConnect cannot stream natively")
        }
        updateBias()
        let bh = batch * hiddenSize
        bias.withUnsafeBufferPointer { b in
            let biasPointer = bias.isEmpty ? nil : b.baseAddress
            withExtendedLifetime(packed) {
                if let c {
                    var args = lk_lstm_forward_args(
                        steps: 1, batch: Int32(batch), input_size: Int32(inputSize), hidden: Int32(hiddenSize),
                        threads: NativeKernels.threadCount, x: x, gates: gateBuffer.pointer, bias: biasPointer,
                        packed_weight_ih: packed.ih.pointer, packed_weight_hh: packed.hh.pointer, h: h.pointer,
                        c: c.pointer, tanh_c: extra.pointer, out: out.pointer, keep: nil, isa: isa)
                    lk_lstm_forward(&args)
                } else {
                    var args = lk_gru_forward_args(
                        steps: 1, batch: Int32(batch), input_size: Int32(inputSize), hidden: Int32(hiddenSize),
                        threads: NativeKernels.threadCount, x: x, gates: gateBuffer.pointer, hn: extra.pointer,
                        bias: biasPointer, packed_weight_ih: packed.ih.pointer, packed_weight_hh: packed.hh.pointer,
                        h: h.pointer, out: out.pointer, keep: nil, isa: isa)
                    lk_gru_forward(&args)
                }
            }
        }
        h.pointer.update(from: h.pointer + bh, count: bh)
        if let c { c.pointer.update(from: c.pointer + bh, count: bh) }
    }

    /// The kernels' bias (LSTM: b_ih + b_hh [4H]; GRU: b_ir + b_hr, b_iz + b_hz, b_in, b_hn [4H]), remade
    /// when a bias changed.
    private func updateBias() {
        guard let biasIH, let biasHH else { return }
        if biasVersions == (biasIH.version, biasHH.version) { return }
        let (bi, bh, n) = (biasIH.data.scalars, biasHH.data.scalars, hiddenSize)
        bias = gates == 4 ? zip(bi, bh).map { $0 + $1 }
            : (0..<(2 * n)).map { bi[$0] + bh[$0] } + bi[(2 * n)...] + bh[(2 * n)...]
        biasVersions = (biasIH.version, biasHH.version)
    }
}
