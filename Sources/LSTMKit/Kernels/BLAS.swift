// With LAPACK.swift, the only files that import the BLAS library: OpenBLAS (CBLAS) on Linux, Accelerate on Apple platforms.
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif
import Foundation

/// Thin, row-major wrappers over BLAS `sgemm` / `dgemm`.
///
/// All matrices are row-major; `transA` / `transB` mean "use the transpose of the stored matrix", exactly as in
/// `cblas_?gemm(CblasRowMajor, ...)`.
///
/// Threads: LSTMKit runs OpenBLAS single-threaded and parallelizes itself, with `threadCount` threads: a
/// large product is split into blocks of rows (or columns) that run at once (`BLAS+Blocks.swift`), and the
/// native recurrent kernels share each time step among the same number of threads. OpenBLAS's own worker
/// threads busy-wait for a while after every multi-threaded call; on a 2-core machine they would take the
/// cores the recurrent kernels need at their next step.
public enum BLAS {
    @inline(__always)
    static func op(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

    /// `C = alpha * op(A) @ op(B) + beta * C` in Float. `op(A)` is [m, k], `op(B)` is [k, n], `C` is [m, n].
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        let parts = threadCount
        if parts > 1, m * n * k >= parallelThreshold, max(m, n) >= 2 * parts {
            sgemmBlocks(parts: parts, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                        a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        } else {
            sgemmSerial(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                        b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// One single-threaded BLAS call.
    @inline(__always)
    static func sgemmSerial(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = threads   // OpenBLAS set to one thread before its first use
        cblas_sgemm(CblasRowMajor, op(transA), op(transB), Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `C = alpha * op(A) @ op(B) + beta * C` in Double (single-threaded: Double is for gradient checks).
    public static func dgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        _ = threads
        cblas_dgemm(CblasRowMajor, op(transA), op(transB), Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Products of fewer multiply-adds run on one thread (a split costs a few microseconds).
    static let parallelThreshold = 1 << 18

    /// The number of threads LSTMKit's compute uses: the product splits above and the native recurrent
    /// kernels. Starts at OpenBLAS's own count (`OPENBLAS_NUM_THREADS`, or every core); 1 on Apple platforms.
    public static var threadCount: Int {
        get { threads.value }
        set {
            if newValue < 1 { failure("BLAS.threadCount: \(newValue) threads, expected at least 1") }
            threads.value = newValue
        }
    }

    /// LSTMKit's thread count, initialized on first use, when OpenBLAS is also switched to one thread.
    private static let threads = ThreadCount()
}

/// A lock-protected thread count (set from tests and benchmarks while kernels may read it).
private final class ThreadCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int

    init() {
        #if canImport(Accelerate)
        count = 1
        #else
        count = max(1, Int(openblas_get_num_threads()))
        openblas_set_num_threads(1)
        #endif
    }

    var value: Int {
        get { lock.lock(); defer { lock.unlock() }; return count }
        set { lock.lock(); defer { lock.unlock() }; count = newValue }
    }
}
