/// The fused GRU layer over a whole sequence (PyTorch's variant, b_hn inside r * (...)): an explicit forward
/// and a hand-written backward through time over raw buffers and BLAS, the GRU twin of `LSTMKernel.swift`.
/// `GRUCell+Fused.swift` registers the pair as one autodiff op.
///
/// Shapes: T steps, B batch, D input features, H hidden. Gate blocks per row in PyTorch's order (r, z, n).
///
/// Forward (per step t, every row; `keep[t]` [B] is the 0/1 step mask, 1 when there is no mask):
///
///     X' = X @ W_ih^T + b_ih + [b_hr, b_hz, 0]          one GEMM for all steps   [T*B, 3H]
///     A  = h[t-1] @ W_hh^T                              one GEMM per step        [B, 3H]
///     r  = sigmoid(X'_r[t] + A_r)
///     z  = sigmoid(X'_z[t] + A_z)
///     hn = A_n + b_hn                                   (cached)                 [B, H]
///     n  = tanh(X'_n[t] + r * hn)
///     h' = (1 - z) * n + z * h[t-1]
///     h[t] = keep ? h' : h[t-1],   out[t] = keep ? h' : 0
///
/// Backward (t = T-1 ... 0, dh the gradient reaching h[t]; rows with keep = 0 get zero gate gradients and
/// pass dh through unchanged). With a_r, a_z, a_n the pre-activations of r, z, n:
///
///     dh'  = dh + dOut[t]
///     da_n = dh' * (1 - z) * (1 - n^2)
///     da_z = dh' * (h[t-1] - n) * z * (1 - z)
///     da_r = da_n * hn * r * (1 - r)
///     dGx[t] = [da_r, da_z, da_n]            gradient of X'[t]                       [B, 3H]
///     dGh[t] = [da_r, da_z, da_n * r]        gradient of A + [0, 0, b_hn]            [B, 3H]
///     dh[t-1] = dh' * z + dGh[t] @ W_hh                 one GEMM per step        [B, H]
///
/// and after the loop, one GEMM each over all steps:
///
///     dW_ih = dGx^T @ X      [3H, D]       dX = dGx @ W_ih        [T*B, D]       db_ih = column sums of dGx
///     dW_hh = dGh^T @ H_prev [3H, H]                                            db_hh = column sums of dGh
///
/// With `cache.native` (`.native` in Float on a CPU with native kernels) both time loops run in C instead
/// (GRUKernel+Native.swift, Sources/CRecurrent/gru_*.h): the same equations, the per-step GEMMs against
/// pre-packed weights with the gate math fused into their tiles.
final class GRUCache<S: TensorScalar> {
    let steps: Int, batch: Int, inputSize: Int, hiddenSize: Int
    /// Forward and backward run the native C time loops (GRUKernel+Native.swift) instead of the Swift ones:
    /// decided once per call, for Float (`GRUCell.sequenceKernels`).
    var native: Bool { nativeISA != nil }
    /// The instruction set of those native loops ("avx512", "avx2", "neon": the kernel that was reported).
    let nativeISA: String?
    /// The weights packed for the native forward, when the caller has them cached (`cachedGatePanels`);
    /// nil: the native forward packs them itself.
    var packedWeights: (ih: AlignedFloats, hh: AlignedFloats)?
    /// Gate activations r, z, n of every step and row.            [T, B, 3H]
    let gates: UnsafeMutablePointer<S>
    /// hn = h[t-1] @ W_hn^T + b_hn of every step.                 [T, B, H]
    let hn: UnsafeMutablePointer<S>
    /// The carried hidden state h[t] for t = 0...T (h[0] = h0); its first T steps are H_prev.   [T+1, B, H]
    let h: UnsafeMutablePointer<S>
    private let storage: UnsafeMutablePointer<S>

    init(steps: Int, batch: Int, inputSize: Int, hiddenSize: Int, nativeISA: String?) {
        if nativeISA != nil && S.self != Float.self { failure("GRUCache: the native kernels run Float, not \(S.self)") }
        (self.steps, self.batch, self.inputSize, self.hiddenSize) = (steps, batch, inputSize, hiddenSize)
        self.nativeISA = nativeISA
        let rows = steps * batch
        storage = allocateWorkspace(rows * 3 * hiddenSize + rows * hiddenSize + (steps + 1) * batch * hiddenSize)
        gates = storage
        hn = gates + rows * 3 * hiddenSize
        h = hn + rows * hiddenSize
    }

    deinit { freeWorkspace(storage) }

    /// The final state h[T].                                      [B, H]
    var finalH: UnsafeMutablePointer<S> { h + steps * batch * hiddenSize }
}

/// Runs the GRU over all T steps (see `GRUCache`), writing out [T, B, H] and filling `cache`.
/// - Parameters: x [T, B, D], h0 [B, H], weightIH [3H, D], weightHH [3H, H], biases [3H] (both or neither),
///   keep [T, B] or nil.
@_specialize(where S == Float)
@_specialize(where S == Double)
func gruForward<S: TensorScalar>(
    _ cache: GRUCache<S>, out: UnsafeMutablePointer<S>,
    x: UnsafePointer<S>, h0: UnsafePointer<S>, weightIH: UnsafePointer<S>, weightHH: UnsafePointer<S>,
    biasIH: UnsafePointer<S>?, biasHH: UnsafePointer<S>?, keep: UnsafePointer<S>?
) {
    let (steps, batch, d, h) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize)
    let rows = steps * batch, g3 = 3 * h
    copyScalars(h0, cache.h, batch * h)
    if cache.native {
        gruForwardNative(cache as! GRUCache<Float>, out: floats(out), x: floats(x), weightIH: floats(weightIH),
                         weightHH: floats(weightHH), biasIH: biasIH.map(floats), biasHH: biasHH.map(floats),
                         keep: keep.map(floats))
        return
    }
    // The workspace of this call: A = h[t-1] @ W_hh^T of one step, and b_hn (zeros without biases).
    let work = UnsafeMutablePointer<S>.allocate(capacity: batch * g3 + h)
    defer { work.deallocate() }
    let recurrent = work, bhn = work + batch * g3                          // [B, 3H], [H]

    // X' = X @ W_ih^T + b_ih + [b_hr, b_hz, 0] for all steps at once.      [T*B, 3H]
    var beta: S = 0
    if let biasIH, let biasHH {
        for j in 0..<(2 * h) { cache.gates[j] = biasIH[j] + biasHH[j] }
        for j in (2 * h)..<g3 { cache.gates[j] = biasIH[j] }
        for r in 1..<max(rows, 1) { copyScalars(cache.gates, cache.gates + r * g3, g3) }
        copyScalars(biasHH + 2 * h, bhn, h)
        beta = 1
    } else {
        bhn.update(repeating: 0, count: h)
    }
    S.gemm(transA: false, transB: true, m: rows, n: g3, k: d, alpha: 1, a: x, lda: d,
           b: weightIH, ldb: d, beta: beta, c: cache.gates, ldc: g3)

    for t in 0..<steps {
        let hPrev = cache.h + t * batch * h, hNext = hPrev + batch * h     // [B, H]
        S.gemm(transA: false, transB: true, m: batch, n: g3, k: h, alpha: 1, a: hPrev, lda: h,
               b: weightHH, ldb: h, beta: 0, c: recurrent, ldc: g3)
        for b in 0..<batch {
            let row = t * batch + b, offset = b * h
            gruRowForward(gates: cache.gates + row * g3, recurrent: recurrent + b * g3, bhn: bhn,
                          hn: cache.hn + row * h, hPrev: hPrev + offset, hNext: hNext + offset, h)
            if let keep, keep[row] == 0 {
                // Padded step: the state is carried, the output is 0 (the gates stay for the trace).
                copyScalars(hPrev + offset, hNext + offset, h)
                (out + row * h).update(repeating: 0, count: h)
            } else {
                copyScalars(hNext + offset, out + row * h, h)
            }
        }
    }
}

/// One row of one step of `gruForward`: activates r, z, n in place and writes hn and h'.
@_specialize(where S == Float)
@_specialize(where S == Double)
@inline(__always)
func gruRowForward<S: TensorScalar>(
    gates: UnsafeMutablePointer<S>, recurrent: UnsafePointer<S>, bhn: UnsafePointer<S>,
    hn: UnsafeMutablePointer<S>, hPrev: UnsafePointer<S>, hNext: UnsafeMutablePointer<S>, _ h: Int
) {
    for j in 0..<(2 * h) { gates[j] += recurrent[j] }
    S.vectorSigmoid(gates, gates, count: 2 * h)                       // r, z
    let r = gates, z = gates + h, n = gates + 2 * h
    for j in 0..<h {
        let v = recurrent[2 * h + j] + bhn[j]
        hn[j] = v
        n[j] += r[j] * v
    }
    S.vectorTanh(n, n, count: h)
    for j in 0..<h { hNext[j] = n[j] + z[j] * (hPrev[j] - n[j]) }
}

/// The backward pass through time of `gruForward`.
///
/// - Parameters:
///   - dOut: dLoss/d out [T, B, H]; dhN: dLoss/d of the final h [B, H].
///   - dX: receives dLoss/dX [T, B, D] (nil: not needed, skipped).
///   - dh0: receives dLoss/dh0 [B, H] (also used as the running dh).
///   - dWeightIH [3H, D], dWeightHH [3H, H]: overwritten. dBiasIH, dBiasHH [3H]: overwritten (nil if none).
@_specialize(where S == Float)
@_specialize(where S == Double)
func gruBackward<S: TensorScalar>(
    _ cache: GRUCache<S>, dOut: UnsafePointer<S>, dhN: UnsafePointer<S>,
    x: UnsafePointer<S>, weightIH: UnsafePointer<S>, weightHH: UnsafePointer<S>, keep: UnsafePointer<S>?,
    dX: UnsafeMutablePointer<S>?, dh0 dh: UnsafeMutablePointer<S>,
    dWeightIH: UnsafeMutablePointer<S>, dWeightHH: UnsafeMutablePointer<S>,
    dBiasIH: UnsafeMutablePointer<S>?, dBiasHH: UnsafeMutablePointer<S>?
) {
    let (steps, batch, d, h) = (cache.steps, cache.batch, cache.inputSize, cache.hiddenSize)
    let rows = steps * batch, g3 = 3 * h
    copyScalars(dhN, dh, batch * h)
    if cache.native {
        gruBackwardNative(cache as! GRUCache<Float>, dOut: floats(dOut), x: floats(x), weightIH: floats(weightIH),
                          weightHH: floats(weightHH), keep: keep.map(floats), dX: dX.map(floats), dh: floats(dh),
                          dWeightIH: floats(dWeightIH), dWeightHH: floats(dWeightHH),
                          dBiasIH: dBiasIH.map(floats), dBiasHH: dBiasHH.map(floats))
        return
    }
    // The workspace of this call: dGx and dGh of every step.              [T, B, 3H] each
    let dGx = UnsafeMutablePointer<S>.allocate(capacity: 2 * rows * g3)
    defer { dGx.deallocate() }
    let dGh = dGx + rows * g3

    for t in stride(from: steps - 1, through: 0, by: -1) {
        for b in 0..<batch {
            let row = t * batch + b
            if let keep, keep[row] == 0 {
                (dGx + row * g3).update(repeating: 0, count: g3)       // dh passes through
                (dGh + row * g3).update(repeating: 0, count: g3)
                continue
            }
            gruRowBackward(gates: cache.gates + row * g3, hn: cache.hn + row * h, hPrev: cache.h + row * h,
                           dOut: dOut + row * h, dh: dh + b * h, dGx: dGx + row * g3, dGh: dGh + row * g3, h)
        }
        // dh[t-1] += dGh[t] @ W_hh.
        S.gemm(transA: false, transB: false, m: batch, n: h, k: g3, alpha: 1, a: dGh + t * batch * g3, lda: g3,
               b: weightHH, ldb: h, beta: 1, c: dh, ldc: h)
    }

    // One large GEMM each over all steps.
    gruWeightGradients(dGx: dGx, dGh: dGh, rows: rows, inputSize: d, hiddenSize: h, x: x, hPrev: cache.h,
                       weightIH: weightIH, dX: dX, dWeightIH: dWeightIH, dWeightHH: dWeightHH,
                       dBiasIH: dBiasIH, dBiasHH: dBiasHH)
}

/// The gradients `gruBackward` takes from dGx, dGh [T*B, 3H] of every step, one GEMM each:
/// dW_ih = dGx^T @ X, dW_hh = dGh^T @ H_prev, dX = dGx @ W_ih (if wanted), db_ih, db_hh = column sums.
@_specialize(where S == Float)
@_specialize(where S == Double)
func gruWeightGradients<S: TensorScalar>(
    dGx: UnsafePointer<S>, dGh: UnsafePointer<S>, rows: Int, inputSize d: Int, hiddenSize h: Int,
    x: UnsafePointer<S>, hPrev: UnsafePointer<S>, weightIH: UnsafePointer<S>, dX: UnsafeMutablePointer<S>?,
    dWeightIH: UnsafeMutablePointer<S>, dWeightHH: UnsafeMutablePointer<S>,
    dBiasIH: UnsafeMutablePointer<S>?, dBiasHH: UnsafeMutablePointer<S>?
) {
    let g3 = 3 * h
    S.gemm(transA: true, transB: false, m: g3, n: d, k: rows, alpha: 1, a: dGx, lda: g3,
           b: x, ldb: d, beta: 0, c: dWeightIH, ldc: d)                                     // [3H, D]
    S.gemm(transA: true, transB: false, m: g3, n: h, k: rows, alpha: 1, a: dGh, lda: g3,
           b: hPrev, ldb: h, beta: 0, c: dWeightHH, ldc: h)                                 // [3H, H]
    if let dX {
        S.gemm(transA: false, transB: false, m: rows, n: d, k: g3, alpha: 1, a: dGx, lda: g3,
               b: weightIH, ldb: d, beta: 0, c: dX, ldc: d)                                 // [T*B, D]
    }
    if let dBiasIH, let dBiasHH {
        dBiasIH.update(repeating: 0, count: g3)
        dBiasHH.update(repeating: 0, count: g3)
        addColumnSums(dGx, rows: rows, columns: g3, into: dBiasIH)                // [3H]
        addColumnSums(dGh, rows: rows, columns: g3, into: dBiasHH)                // [3H]
    }
}

/// One row of one step of `gruBackward`: dGx, dGh from dh; dh becomes the direct part dh' * z (the
/// recurrent GEMM adds dGh @ W_hh afterwards).
@_specialize(where S == Float)
@_specialize(where S == Double)
@inline(__always)
func gruRowBackward<S: TensorScalar>(
    gates: UnsafePointer<S>, hn: UnsafePointer<S>, hPrev: UnsafePointer<S>, dOut: UnsafePointer<S>,
    dh: UnsafeMutablePointer<S>, dGx: UnsafeMutablePointer<S>, dGh: UnsafeMutablePointer<S>, _ h: Int
) {
    let r = gates, z = gates + h, n = gates + 2 * h
    for j in 0..<h {
        let dhNew = dh[j] + dOut[j]
        let dan = dhNew * (1 - z[j]) * (1 - n[j] * n[j])
        let daz = dhNew * (hPrev[j] - n[j]) * z[j] * (1 - z[j])
        let dar = dan * hn[j] * r[j] * (1 - r[j])
        dGx[j] = dar; dGx[h + j] = daz; dGx[2 * h + j] = dan
        dGh[j] = dar; dGh[h + j] = daz; dGh[2 * h + j] = dan * r[j]
        dh[j] = dhNew * z[j]
    }
}
