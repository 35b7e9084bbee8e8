import Dispatch
import Foundation

extension BLAS {
    /// `C = alpha * op(A) @ op(B) + beta * C` in Float with the m rows of C split into `parts` nearly equal
    /// blocks that run at once, each on its own thread with single-threaded BLAS.
    ///
    /// The native recurrent kernels use this for their large GEMMs: their own threads and OpenBLAS's worker
    /// threads (which busy-wait for a while after every multi-threaded call) would otherwise compete for the
    /// same cores, and on 2 cores that stalls the per-step barrier of the next call.
    static func sgemmRowBlocks(
        parts: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let parts = max(1, min(parts, m))
        if parts == 1 {
            sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                  b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        SingleThreadedBLAS.shared.enter()
        defer { SingleThreadedBLAS.shared.leave() }
        // The buffers cross into the worker threads as addresses (pointers are not Sendable); every block
        // writes its own rows of C.
        let (aAddress, bAddress, cAddress) = (Int(bitPattern: a), Int(bitPattern: b), Int(bitPattern: c))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let a = UnsafePointer<Float>(bitPattern: aAddress)!, b = UnsafePointer<Float>(bitPattern: bAddress)!
            let c = UnsafeMutablePointer<Float>(bitPattern: cAddress)!
            let first = m * part / parts, rows = m * (part + 1) / parts - first
            // Row `first` of op(A): a row of A, or a column of A when it is transposed.
            let aBlock = transA ? a + first : a + first * lda
            sgemm(transA: transA, transB: transB, m: rows, n: n, k: k, alpha: alpha, a: aBlock, lda: lda,
                  b: b, ldb: ldb, beta: beta, c: c + first * ldc, ldc: ldc)
        }
    }
}

/// OpenBLAS's thread count is process-wide: while any `sgemmRowBlocks` call runs, it is 1, and the last call
/// to finish restores the count the first one found (so concurrent calls from several threads are safe).
private final class SingleThreadedBLAS: @unchecked Sendable {
    static let shared = SingleThreadedBLAS()
    private let lock = NSLock()
    private var depth = 0
    private var saved = 1

    func enter() {
        lock.lock()
        defer { lock.unlock() }
        if depth == 0 {
            saved = BLAS.threadCount
            BLAS.threadCount = 1
        }
        depth += 1
    }

    func leave() {
        lock.lock()
        defer { lock.unlock() }
        depth -= 1
        if depth == 0 { BLAS.threadCount = saved }
    }
}
