import Dispatch

extension BLAS {
    /// `C = alpha * op(A) @ op(B) + beta * C` in Float with C split into `parts` nearly equal blocks of rows
    /// (or of columns, when C has more columns than rows) that run at once, each on its own thread with
    /// single-threaded BLAS. `BLAS.sgemm` calls it for large products when `threadCount` > 1.
    static func sgemmBlocks(
        parts: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let byRows = m >= n
        let length = byRows ? m : n
        let parts = max(1, min(parts, length))
        // The buffers cross into the worker threads as addresses (pointers are not Sendable); every block
        // writes its own part of C.
        let (aAddress, bAddress, cAddress) = (Int(bitPattern: a), Int(bitPattern: b), Int(bitPattern: c))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let a = UnsafePointer<Float>(bitPattern: aAddress)!, b = UnsafePointer<Float>(bitPattern: bAddress)!
            let c = UnsafeMutablePointer<Float>(bitPattern: cAddress)!
            let first = length * part / parts, count = length * (part + 1) / parts - first
            if byRows {
                // Row `first` of op(A): a row of A, or a column of A when it is transposed.
                sgemmSerial(transA: transA, transB: transB, m: count, n: n, k: k, alpha: alpha,
                            a: transA ? a + first : a + first * lda, lda: lda, b: b, ldb: ldb,
                            beta: beta, c: c + first * ldc, ldc: ldc)
            } else {
                // Column `first` of op(B): a column of B, or a row of B when it is transposed.
                sgemmSerial(transA: transA, transB: transB, m: m, n: count, k: k, alpha: alpha,
                            a: a, lda: lda, b: transB ? b + first * ldb : b + first, ldb: ldb,
                            beta: beta, c: c + first, ldc: ldc)
            }
        }
    }
}
