import CRecurrent

// The native (C: AVX-512, AVX2 or NEON, `cache.nativeISA`) time loops of the fused LSTM, for Float without
// projection: `lstmForward` and `lstmBackward` call these when `cache.native`. The equations are those of
// LSTMKernel.swift; the backward's large GEMMs over all steps (weight and input gradients) stay here, on BLAS.

/// The forward of `lstmForward` for Float, R = H: the C loop computes each step's x[t] @ W_ih^T and
/// h[t-1] @ W_hh^T in its tiles (packed weights) and adds the biases in the gate math.
func lstmForwardNative(
    _ cache: LSTMCache<Float>, out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
    weightIH: UnsafePointer<Float>, weightHH: UnsafePointer<Float>,
    biasIH: UnsafePointer<Float>?, biasHH: UnsafePointer<Float>?, keep: UnsafePointer<Float>?
) {
    let (steps, batch, d, h) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize)
    let isa = NativeKernels.cISA(cache.nativeISA)
    let g4 = 4 * h
    let (packedIH, packedHH) = cache.packedWeights
        ?? (packGatePanels(isa, weightIH, gates: 4, hiddenSize: h, columns: d),
            packGatePanels(isa, weightHH, gates: 4, hiddenSize: h, columns: h))
    var bias: [Float] = []
    if let biasIH, let biasHH { bias = (0..<g4).map { biasIH[$0] + biasHH[$0] } }
    bias.withUnsafeBufferPointer { biasBuffer in
        var args = lk_lstm_forward_args(
            steps: Int32(steps), batch: Int32(batch), input_size: Int32(d), hidden: Int32(h),
            threads: NativeKernels.threadCount, x: x, gates: cache.gates,
            bias: bias.isEmpty ? nil : biasBuffer.baseAddress,   // an empty array may still have an address
            packed_weight_ih: packedIH.pointer, packed_weight_hh: packedHH.pointer,
            h: cache.h, c: cache.c, tanh_c: cache.tanhC, out: out, keep: keep, isa: isa)
        withExtendedLifetime((packedIH, packedHH)) { lk_lstm_forward(&args) }
    }
}

/// The backward of `lstmBackward` for Float, R = H: the C time loop gives dGates of every step, dh0 and dc0
/// (in `dh`, `dc`, which hold dhN, dcN on entry); the weight, input and bias gradients follow by BLAS.
func lstmBackwardNative(
    _ cache: LSTMCache<Float>, dOut: UnsafePointer<Float>, x: UnsafePointer<Float>,
    weightIH: UnsafePointer<Float>, weightHH: UnsafePointer<Float>, keep: UnsafePointer<Float>?,
    dX: UnsafeMutablePointer<Float>?, dh: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>,
    dWeightIH: UnsafeMutablePointer<Float>, dWeightHH: UnsafeMutablePointer<Float>,
    dBias: UnsafeMutablePointer<Float>?
) {
    let (steps, batch, d, h) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize)
    let isa = NativeKernels.cISA(cache.nativeISA)
    let rows = steps * batch, g4 = 4 * h
    let dGates = AlignedFloats(rows * g4)                                        // [T, B, 4H]
    let packed = packColumnPanels(isa, weightHH, rows: 4 * h, hiddenSize: h)
    var args = lk_lstm_backward_args(
        steps: Int32(steps), batch: Int32(batch), hidden: Int32(h), threads: NativeKernels.threadCount,
        gates: cache.gates, c: cache.c, tanh_c: cache.tanhC, packed_weight_hh: packed.pointer,
        d_out: dOut, dh: dh, dc: dc, d_gates: dGates.pointer, keep: keep, isa: isa)
    withExtendedLifetime((dGates, packed)) {
        lk_lstm_backward(&args)
        // The GEMMs over all steps (BLAS.sgemm splits them over the threads).
        lstmWeightGradients(dGates.pointer, rows: rows, inputSize: d, hiddenSize: h, stateSize: h, x: x,
                            hPrev: cache.h, weightIH: weightIH, dX: dX, dWeightIH: dWeightIH,
                            dWeightHH: dWeightHH, dBias: dBias)
    }
}
