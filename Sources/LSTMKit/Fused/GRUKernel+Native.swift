import CRecurrent

// The native (C: AVX-512, AVX2 or NEON, `cache.nativeISA`) time loops of the fused GRU, for Float:
// `gruForward` and `gruBackward` call these when `cache.native`. The equations are those of GRUKernel.swift;
// the backward's large GEMMs over all steps (weight and input gradients) stay here, on BLAS
// (`gruWeightGradients`).

/// The forward of `gruForward` for Float: the C loop computes each step's x[t] @ W_ih^T and h[t-1] @ W_hh^T
/// in its tiles (packed weights) and adds the biases in the gate math. cache.h[0] must hold h0.
func gruForwardNative(
    _ cache: GRUCache<Float>, out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
    weightIH: UnsafePointer<Float>, weightHH: UnsafePointer<Float>,
    biasIH: UnsafePointer<Float>?, biasHH: UnsafePointer<Float>?, keep: UnsafePointer<Float>?
) {
    let (steps, batch, d, h) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize)
    let isa = NativeKernels.cISA(cache.nativeISA)
    let (packedIH, packedHH) = cache.packedWeights
        ?? (packGatePanels(isa, weightIH, gates: 3, hiddenSize: h, columns: d),
            packGatePanels(isa, weightHH, gates: 3, hiddenSize: h, columns: h))
    // [b_ir + b_hr, b_iz + b_hz, b_in, b_hn]                                 [4H]
    var bias: [Float] = []
    if let biasIH, let biasHH {
        bias = (0..<(2 * h)).map { biasIH[$0] + biasHH[$0] }
            + (0..<h).map { biasIH[2 * h + $0] } + (0..<h).map { biasHH[2 * h + $0] }
    }
    let hasBias = !bias.isEmpty
    bias.withUnsafeBufferPointer { biasBuffer in
        // (An empty array's buffer may still have a base address: no biases must reach C as NULL.)
        var args = lk_gru_forward_args(
            steps: Int32(steps), batch: Int32(batch), input_size: Int32(d), hidden: Int32(h),
            threads: NativeKernels.threadCount, x: x, gates: cache.gates, hn: cache.hn,
            bias: hasBias ? biasBuffer.baseAddress : nil, packed_weight_ih: packedIH.pointer,
            packed_weight_hh: packedHH.pointer, h: cache.h, out: out, keep: keep, isa: isa)
        withExtendedLifetime((packedIH, packedHH)) { lk_gru_forward(&args) }
    }
}

/// The backward of `gruBackward` for Float: the C time loop gives dGx, dGh of every step and dh0 (in `dh`,
/// which holds dhN on entry); the weight, input and bias gradients follow by BLAS.
func gruBackwardNative(
    _ cache: GRUCache<Float>, dOut: UnsafePointer<Float>, x: UnsafePointer<Float>,
    weightIH: UnsafePointer<Float>, weightHH: UnsafePointer<Float>, keep: UnsafePointer<Float>?,
    dX: UnsafeMutablePointer<Float>?, dh: UnsafeMutablePointer<Float>,
    dWeightIH: UnsafeMutablePointer<Float>, dWeightHH: UnsafeMutablePointer<Float>,
    dBiasIH: UnsafeMutablePointer<Float>?, dBiasHH: UnsafeMutablePointer<Float>?
) {
    let (steps, batch, d, h) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize)
    let isa = NativeKernels.cISA(cache.nativeISA)
    let rows = steps * batch, g3 = 3 * h
    let dGates = AlignedFloats(2 * rows * g3)                                   // dGx, dGh [T, B, 3H] each
    let dGx = dGates.pointer, dGh = dGates.pointer + rows * g3
    let packed = packColumnPanels(isa, weightHH, rows: 3 * h, hiddenSize: h)
    var args = lk_gru_backward_args(
        steps: Int32(steps), batch: Int32(batch), hidden: Int32(h), threads: NativeKernels.threadCount,
        gates: cache.gates, hn: cache.hn, h: cache.h, packed_weight_hh: packed.pointer,
        d_out: dOut, dh: dh, d_gx: dGx, d_gh: dGh, keep: keep, isa: isa)
    withExtendedLifetime((dGates, packed)) {
        lk_gru_backward(&args)
        gruWeightGradients(dGx: dGx, dGh: dGh, rows: rows, inputSize: d, hiddenSize: h, x: x, hPrev: cache.h,
                           weightIH: weightIH, dX: dX, dWeightIH: dWeightIH, dWeightHH: dWeightHH,
                           dBiasIH: dBiasIH, dBiasHH: dBiasHH)
    }
}
