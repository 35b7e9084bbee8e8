/// Matrix product through BLAS `gemm`.
///
/// - `[M, K] @ [K, N] -> [M, N]`
/// - `[Bt, M, K] @ [Bt, K, N] -> [Bt, M, N]` (batched)
/// - `[Bt, M, K] @ [K, N] -> [Bt, M, N]` (one right matrix for every batch item)
///
/// `transposeA` / `transposeB` use the transpose of the stored matrix without copying it (so `Linear` computes
/// `x @ W^T` straight from W [out, in]).
///
/// Gradients: `dA = dC @ B^T`, `dB = A^T @ dC` (summed over the batch when B is shared).
public func matmul<S: TensorScalar>(
    _ a: Tensor<S>, _ b: Tensor<S>, transposeA: Bool = false, transposeB: Bool = false
) -> Tensor<S> {
    func describe() -> String {
        "matmul: \(a.shape)\(transposeA ? "^T" : "") @ \(b.shape)\(transposeB ? "^T" : "")"
    }
    if !(a.rank == 2 || a.rank == 3) || !(b.rank == 2 || (b.rank == 3 && a.rank == 3)) {
        failure("\(describe()): expected [M, K] @ [K, N], [Bt, M, K] @ [Bt, K, N] or [Bt, M, K] @ [K, N]")
    }
    let batch = a.rank == 3 ? a.shape[0] : 1
    if b.rank == 3 && b.shape[0] != batch {
        failure("\(describe()): batch sizes differ (\(batch) vs \(b.shape[0]))")
    }
    let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    let (m, k) = transposeA ? (ac, ar) : (ar, ac)
    let (k2, n) = transposeB ? (bc, br) : (br, bc)
    if k != k2 { failure("\(describe()): inner dimensions differ (\(k) vs \(k2))") }
    let sharedB = b.rank == 2 && a.rank == 3
    if sharedB && transposeA {
        failure("\(describe()): transposeA is not supported with one right matrix shared by the batch")
    }
    // beta = 0: BLAS overwrites C, so the result need not be zero-filled first.
    let out = [S](unsafeUninitializedCapacity: batch * m * n) { pc, initialized in
        initialized = batch * m * n
        if k == 0 { pc.initialize(repeating: 0); return }
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pc = pc.baseAddress else { return }
                if sharedB && !transposeA {
                    // All batch items share B: one GEMM over [Bt*M, K].
                    S.gemm(transA: false, transB: transposeB, m: batch * m, n: n, k: k, alpha: 1,
                           a: pa, lda: ac, b: pb, ldb: bc, beta: 0, c: pc, ldc: n)
                    return
                }
                for t in 0..<batch {
                    S.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: 1,
                           a: pa + t * ar * ac, lda: ac, b: pb + (sharedB ? 0 : t * br * bc), ldb: bc,
                           beta: 0, c: pc + t * m * n, ldc: n)
                }
            }
        }
    }
    let shape = a.rank == 3 ? [batch, m, n] : [m, n]
    let (av, bv) = (a.detached(), b.detached())
    return Tensor.record("matmul", [a, b], shape: shape, scalars: out) { g in
        // C = op(A) op(B).  d op(A) = dC op(B)^T ; d op(B) = op(A)^T dC ; then undo each op.
        var da: Tensor<S>? = nil, db: Tensor<S>? = nil
        if a.requiresGrad {
            da = transposeA ? matmul(bv, g, transposeA: transposeB, transposeB: true)
                            : matmul(g, bv, transposeA: false, transposeB: !transposeB)
        }
        if b.requiresGrad {
            if sharedB {
                let a2 = av.reshaped([batch * m, k]), g2 = g.reshaped([batch * m, n])
                db = transposeB ? matmul(g2, a2, transposeA: true) : matmul(a2, g2, transposeA: true)
            } else {
                db = transposeB ? matmul(g, av, transposeA: true, transposeB: transposeA)
                                : matmul(av, g, transposeA: !transposeA, transposeB: false)
            }
        }
        return [da, db]
    }
}
