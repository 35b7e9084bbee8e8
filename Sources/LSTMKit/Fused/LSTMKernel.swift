/// The fused LSTM layer over a whole sequence: an explicit forward and a hand-written backward through time
/// (BPTT) over raw buffers and BLAS, in the style of llm.c (`lstmForward` / `lstmBackward`, a named cache).
/// `LSTMCell+Fused.swift` registers the pair as one autodiff op.
///
/// Implementation goals, in order: equal to the reference `LSTMCell` (forward and every gradient, tested to
/// 1e-10 in Double); few, large GEMMs; no allocation inside the time loop; readable.
///
/// Shapes: T steps, B batch, D input features, H hidden, R the state width (H, or P with a projection).
/// Gate blocks per row in PyTorch's order (i, f, g, o), so a step's gates are one [B, 4H] block and i, f of
/// a row are contiguous.
///
/// Forward (per step t, every row; `keep[t]` [B] is the 0/1 step mask, 1 when there is no mask):
///
///     Z = X @ W_ih^T + b_ih + b_hh                    one GEMM for all steps   [T*B, 4H]
///     z = Z[t] + h[t-1] @ W_hh^T                      one GEMM per step        [B, 4H]
///     i = sigmoid(z_i), f = sigmoid(z_f), g = tanh(z_g), o = sigmoid(z_o)      [B, H] each
///     c' = f * c[t-1] + i * g
///     m  = o * tanh(c')
///     h' = m   (or m @ W_hr^T with a projection: one more GEMM per step)        [B, R]
///     c[t] = keep ? c' : c[t-1],   h[t] = keep ? h' : h[t-1],   out[t] = keep ? h' : 0
///
/// Backward (t = T-1 ... 0, with dh, dc the gradients reaching h[t], c[t]; rows with keep = 0 get
/// dH[t] = 0 and dGates = 0 and pass dh, dc through unchanged):
///
///     dH[t] = dh + dOut[t]                             gradient of h'            [B, R]
///     dm  = dH[t]   (or dH[t] @ W_hr with a projection)                         [B, H]
///     dc' = dc + dm * o * (1 - tanh(c')^2)
///     dz_i = dc' * g * i * (1 - i)          dz_f = dc' * c[t-1] * f * (1 - f)
///     dz_g = dc' * i * (1 - g^2)            dz_o = dm * tanh(c') * o * (1 - o)
///     dc[t-1] = dc' * f
///     dh[t-1] = dGates[t] @ W_hh                       one GEMM per step        [B, R]
///
/// and after the loop, one GEMM each over all steps (dGates [T*B, 4H]):
///
///     dW_ih = dGates^T @ X          [4H, D]        dX = dGates @ W_ih      [T*B, D]
///     dW_hh = dGates^T @ H_prev     [4H, R]        db_ih = db_hh = column sums of dGates   [4H]
///     dW_hr = dH^T @ M              [P, H]         (with a projection; M stacks every step's m)
final class LSTMCache<S: TensorScalar> {
    let steps: Int, batch: Int, inputSize: Int, hiddenSize: Int
    /// Forward and backward run the native C time loops (LSTMKernel+Native.swift) instead of the Swift ones:
    /// decided once per call, for Float without projection (`LSTMCell.sequenceKernels`).
    var native: Bool { nativeISA != nil }
    /// The instruction set of those native loops ("avx512", "avx2", "neon": the kernel that was reported).
    let nativeISA: String?
    /// The weights packed for the native forward, when the caller has them cached (`cachedGatePanels`);
    /// nil: the native forward packs them itself.
    var packedWeights: (ih: AlignedFloats, hh: AlignedFloats)?
    /// R: the width of h (H, or the projection size P).
    let stateSize: Int
    /// Gate activations i, f, g, o of every step and row.        [T, B, 4H]
    let gates: UnsafeMutablePointer<S>
    /// The carried hidden state h[t] for t = 0...T (h[0] = h0); its first T steps are H_prev.   [T+1, B, R]
    let h: UnsafeMutablePointer<S>
    /// The carried cell state c[t] for t = 0...T (c[0] = c0).      [T+1, B, H]
    let c: UnsafeMutablePointer<S>
    /// tanh(c') of every step's new cell state.                    [T, B, H]
    let tanhC: UnsafeMutablePointer<S>
    /// m = o * tanh(c') of every step, kept only with a projection (otherwise m = h').   [T, B, H]
    let m: UnsafeMutablePointer<S>?
    private let storage: UnsafeMutablePointer<S>

    init(steps: Int, batch: Int, inputSize: Int, hiddenSize: Int, projectionSize: Int, nativeISA: String?) {
        if nativeISA != nil && (S.self != Float.self || projectionSize > 0) {
            failure("LSTMCache: the native kernels run Float without projection, not \(S.self), P = \(projectionSize)")
        }
        (self.steps, self.batch, self.inputSize, self.hiddenSize) = (steps, batch, inputSize, hiddenSize)
        self.nativeISA = nativeISA
        let r = projectionSize > 0 ? projectionSize : hiddenSize
        stateSize = r
        let rows = steps * batch, hs = (steps + 1) * batch * r, cs = (steps + 1) * batch * hiddenSize
        let ms = projectionSize > 0 ? rows * hiddenSize : 0
        storage = allocateWorkspace(rows * 4 * hiddenSize + hs + cs + rows * hiddenSize + ms)
        gates = storage
        h = gates + rows * 4 * hiddenSize
        c = h + hs
        tanhC = c + cs
        m = ms > 0 ? tanhC + rows * hiddenSize : nil
    }

    deinit { freeWorkspace(storage) }

    /// The final state h[T] [B, R] and c[T] [B, H].
    var finalH: UnsafeMutablePointer<S> { h + steps * batch * stateSize }
    var finalC: UnsafeMutablePointer<S> { c + steps * batch * hiddenSize }
}

/// Runs the LSTM over all T steps (see `LSTMCache`), writing out [T, B, R] and filling `cache`.
/// - Parameters: x [T, B, D], h0 [B, R], c0 [B, H], weightIH [4H, D], weightHH [4H, R], weightHR [P, H] or
///   nil (no projection), biases [4H] (both or neither), keep [T, B] or nil.
@_specialize(where S == Float)
@_specialize(where S == Double)
func lstmForward<S: TensorScalar>(
    _ cache: LSTMCache<S>, out: UnsafeMutablePointer<S>,
    x: UnsafePointer<S>, h0: UnsafePointer<S>, c0: UnsafePointer<S>,
    weightIH: UnsafePointer<S>, weightHH: UnsafePointer<S>, weightHR: UnsafePointer<S>?,
    biasIH: UnsafePointer<S>?, biasHH: UnsafePointer<S>?, keep: UnsafePointer<S>?
) {
    let (steps, batch, d, h, r) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize, cache.stateSize)
    let rows = steps * batch, g4 = 4 * h
    copyScalars(h0, cache.h, batch * r)
    copyScalars(c0, cache.c, batch * h)
    if cache.native {
        lstmForwardNative(cache as! LSTMCache<Float>, out: floats(out), x: floats(x), weightIH: floats(weightIH),
                          weightHH: floats(weightHH), biasIH: biasIH.map(floats), biasHH: biasHH.map(floats),
                          keep: keep.map(floats))
        return
    }

    // Z = X @ W_ih^T + b_ih + b_hh for all steps at once.               [T*B, 4H]
    var beta: S = 0
    if let biasIH, let biasHH {
        for j in 0..<g4 { cache.gates[j] = biasIH[j] + biasHH[j] }
        for row in 1..<max(rows, 1) { copyScalars(cache.gates, cache.gates + row * g4, g4) }
        beta = 1
    }
    S.gemm(transA: false, transB: true, m: rows, n: g4, k: d, alpha: 1, a: x, lda: d,
           b: weightIH, ldb: d, beta: beta, c: cache.gates, ldc: g4)

    for t in 0..<steps {
        let z = cache.gates + t * batch * g4                                   // [B, 4H]
        let hPrev = cache.h + t * batch * r, hNext = hPrev + batch * r           // [B, R]
        let cPrev = cache.c + t * batch * h, cNext = cPrev + batch * h           // [B, H]
        let tc = cache.tanhC + t * batch * h                                     // [B, H]
        let m = cache.m.map { $0 + t * batch * h } ?? hNext                      // [B, H]
        S.gemm(transA: false, transB: true, m: batch, n: g4, k: r, alpha: 1, a: hPrev, lda: r,
               b: weightHH, ldb: r, beta: 1, c: z, ldc: g4)
        for b in 0..<batch {
            let zb = z + b * g4, offset = b * h
            S.vectorSigmoid(zb, zb, count: 2 * h)                 // i, f
            S.vectorTanh(zb + 2 * h, zb + 2 * h, count: h)         // g
            S.vectorSigmoid(zb + 3 * h, zb + 3 * h, count: h)      // o
            lstmCellUpdate(zb, cPrev + offset, cNext + offset, tc + offset, m + offset, h)
        }
        if let weightHR {
            S.gemm(transA: false, transB: true, m: batch, n: r, k: h, alpha: 1, a: m, lda: h,
                   b: weightHR, ldb: h, beta: 0, c: hNext, ldc: r)                // [B, P]
        }
        for b in 0..<batch {
            let row = t * batch + b
            if let keep, keep[row] == 0 {
                // Padded step: the state is carried, the output is 0 (the gates stay for the trace).
                copyScalars(hPrev + b * r, hNext + b * r, r)
                copyScalars(cPrev + b * h, cNext + b * h, h)
                (out + row * r).update(repeating: 0, count: r)
            } else {
                copyScalars(hNext + b * r, out + row * r, r)
            }
        }
    }
}

/// c' = f * c + i * g, tanh(c'), m = o * tanh(c') for one row (gates [4H] already activated).
@_specialize(where S == Float)
@_specialize(where S == Double)
@inline(__always)
func lstmCellUpdate<S: TensorScalar>(
    _ gates: UnsafePointer<S>, _ cPrev: UnsafePointer<S>, _ cNext: UnsafeMutablePointer<S>,
    _ tanhC: UnsafeMutablePointer<S>, _ m: UnsafeMutablePointer<S>, _ h: Int
) {
    let i = gates, f = gates + h, g = gates + 2 * h, o = gates + 3 * h
    for j in 0..<h { cNext[j] = f[j] * cPrev[j] + i[j] * g[j] }
    S.vectorTanh(cNext, tanhC, count: h)
    for j in 0..<h { m[j] = o[j] * tanhC[j] }
}

/// The backward pass through time of `lstmForward`.
///
/// - Parameters:
///   - dOut: dLoss/d out [T, B, R]; dhN [B, R], dcN [B, H]: dLoss/d of the final h, c.
///   - dX: receives dLoss/dX [T, B, D] (nil: not needed, skipped).
///   - dh0 [B, R], dc0 [B, H]: receive dLoss/dh0, dLoss/dc0 (also used as the running dh, dc).
///   - dWeightIH [4H, D], dWeightHH [4H, R], dWeightHR [P, H] (with a projection): overwritten.
///   - dBias [4H]: overwritten (nil when there is none).
@_specialize(where S == Float)
@_specialize(where S == Double)
func lstmBackward<S: TensorScalar>(
    _ cache: LSTMCache<S>, dOut: UnsafePointer<S>, dhN: UnsafePointer<S>, dcN: UnsafePointer<S>,
    x: UnsafePointer<S>, weightIH: UnsafePointer<S>, weightHH: UnsafePointer<S>, weightHR: UnsafePointer<S>?,
    keep: UnsafePointer<S>?, dX: UnsafeMutablePointer<S>?, dh0 dh: UnsafeMutablePointer<S>,
    dc0 dc: UnsafeMutablePointer<S>, dWeightIH: UnsafeMutablePointer<S>, dWeightHH: UnsafeMutablePointer<S>,
    dWeightHR: UnsafeMutablePointer<S>?, dBias: UnsafeMutablePointer<S>?
) {
    let (steps, batch, d, h, r) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize, cache.stateSize)
    let rows = steps * batch, g4 = 4 * h
    if cache.native {
        copyScalars(dhN, dh, batch * r)
        copyScalars(dcN, dc, batch * h)
        lstmBackwardNative(cache as! LSTMCache<Float>, dOut: floats(dOut), x: floats(x), weightIH: floats(weightIH),
                           weightHH: floats(weightHH), keep: keep.map(floats), dX: dX.map(floats),
                           dh: floats(dh), dc: floats(dc), dWeightIH: floats(dWeightIH),
                           dWeightHH: floats(dWeightHH), dBias: dBias.map(floats))
        return
    }
    // The workspace of this call: dGates [T, B, 4H] and dH [T, B, R] of every step, and dm [B, H] of one
    // step with a projection.
    let projecting = weightHR != nil
    let work = UnsafeMutablePointer<S>.allocate(capacity: rows * (g4 + r) + (projecting ? batch * h : 0))
    defer { work.deallocate() }
    let dGates = work, dHidden = work + rows * g4, dmProjected = dHidden + rows * r
    copyScalars(dhN, dh, batch * r)
    copyScalars(dcN, dc, batch * h)

    for t in stride(from: steps - 1, through: 0, by: -1) {
        let dz = dGates + t * batch * g4, dH = dHidden + t * batch * r          // [B, 4H], [B, R]
        // dH[t] = dh + dOut[t], and dh restarts from 0 for the GEMM below; padded rows: dH = 0, dh kept.
        let dOutT = dOut + t * batch * r
        if let keep {
            for b in 0..<batch {
                if keep[t * batch + b] == 0 {
                    (dH + b * r).update(repeating: 0, count: r)
                } else {
                    for j in (b * r)..<((b + 1) * r) { dH[j] = dh[j] + dOutT[j] }
                    (dh + b * r).update(repeating: 0, count: r)
                }
            }
        } else {
            for j in 0..<(batch * r) { dH[j] = dh[j] + dOutT[j] }
            dh.update(repeating: 0, count: batch * r)
        }
        var dm = UnsafePointer(dH)                                                 // [B, H]
        if let weightHR {
            S.gemm(transA: false, transB: false, m: batch, n: h, k: r, alpha: 1, a: dH, lda: r,
                   b: weightHR, ldb: h, beta: 0, c: dmProjected, ldc: h)
            dm = UnsafePointer(dmProjected)
        }
        for b in 0..<batch {
            let row = t * batch + b
            if let keep, keep[row] == 0 {
                (dz + b * g4).update(repeating: 0, count: g4)              // dc passes through
                continue
            }
            lstmRowBackward(gates: cache.gates + row * g4, cPrev: cache.c + row * h,
                            tanhC: cache.tanhC + row * h, dm: dm + b * h, dc: dc + b * h, dGates: dz + b * g4, h)
        }
        // dh[t-1] += dGates[t] @ W_hh (kept rows start from 0, padded rows from the passed-through dh).
        S.gemm(transA: false, transB: false, m: batch, n: r, k: g4, alpha: 1, a: dz, lda: g4,
               b: weightHH, ldb: r, beta: 1, c: dh, ldc: r)
    }

    // One large GEMM each over all steps.
    lstmWeightGradients(dGates, rows: rows, inputSize: d, hiddenSize: h, stateSize: r, x: x, hPrev: cache.h,
                        weightIH: weightIH, dX: dX, dWeightIH: dWeightIH, dWeightHH: dWeightHH, dBias: dBias)
    if let dWeightHR, let m = cache.m {
        S.gemm(transA: true, transB: false, m: r, n: h, k: rows, alpha: 1, a: dHidden, lda: r,
               b: m, ldb: h, beta: 0, c: dWeightHR, ldc: h)                        // [P, H]
    }
}

/// The gradients `lstmBackward` takes from dGates [T*B, 4H] of every step, one GEMM each:
/// dW_ih = dGates^T @ X, dW_hh = dGates^T @ H_prev, dX = dGates @ W_ih (if wanted), dBias = column sums.
@_specialize(where S == Float)
@_specialize(where S == Double)
func lstmWeightGradients<S: TensorScalar>(
    _ dGates: UnsafePointer<S>, rows: Int, inputSize d: Int, hiddenSize h: Int, stateSize r: Int,
    x: UnsafePointer<S>, hPrev: UnsafePointer<S>, weightIH: UnsafePointer<S>, dX: UnsafeMutablePointer<S>?,
    dWeightIH: UnsafeMutablePointer<S>, dWeightHH: UnsafeMutablePointer<S>, dBias: UnsafeMutablePointer<S>?
) {
    let g4 = 4 * h
    S.gemm(transA: true, transB: false, m: g4, n: d, k: rows, alpha: 1, a: dGates, lda: g4,
           b: x, ldb: d, beta: 0, c: dWeightIH, ldc: d)                                     // [4H, D]
    S.gemm(transA: true, transB: false, m: g4, n: r, k: rows, alpha: 1, a: dGates, lda: g4,
           b: hPrev, ldb: r, beta: 0, c: dWeightHH, ldc: r)                                 // [4H, R]
    if let dX {
        S.gemm(transA: false, transB: false, m: rows, n: d, k: g4, alpha: 1, a: dGates, lda: g4,
               b: weightIH, ldb: d, beta: 0, c: dX, ldc: d)                                 // [T*B, D]
    }
    if let dBias {
        dBias.update(repeating: 0, count: g4)
        addColumnSums(dGates, rows: rows, columns: g4, into: dBias)               // [4H]
    }
}

/// One row of one step of `lstmBackward`: dGates from dm (the gradient of o * tanh(c')) and dc; dc becomes
/// dc[t-1].
@_specialize(where S == Float)
@_specialize(where S == Double)
@inline(__always)
func lstmRowBackward<S: TensorScalar>(
    gates: UnsafePointer<S>, cPrev: UnsafePointer<S>, tanhC: UnsafePointer<S>, dm: UnsafePointer<S>,
    dc: UnsafeMutablePointer<S>, dGates: UnsafeMutablePointer<S>, _ h: Int
) {
    let i = gates, f = gates + h, g = gates + 2 * h, o = gates + 3 * h
    let dzi = dGates, dzf = dGates + h, dzg = dGates + 2 * h, dzo = dGates + 3 * h
    for j in 0..<h {
        let tc = tanhC[j]
        let dcNew = dc[j] + dm[j] * o[j] * (1 - tc * tc)
        dzi[j] = dcNew * g[j] * i[j] * (1 - i[j])
        dzf[j] = dcNew * cPrev[j] * f[j] * (1 - f[j])
        dzg[j] = dcNew * i[j] * (1 - g[j] * g[j])
        dzo[j] = dm[j] * tc * o[j] * (1 - o[j])
        dc[j] = dcNew * f[j]
    }
}
