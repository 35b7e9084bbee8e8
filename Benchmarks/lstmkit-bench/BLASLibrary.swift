#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

// The only file of the benchmarks that imports the BLAS library, picked as LSTMKit picks it (Kernels/BLAS.swift):
// OpenBLAS through the CBLAS module on Linux, Accelerate on Apple platforms. `cblas_sgemm` is the same call in
// both; the thread controls and the build description exist only in OpenBLAS.

/// `C = alpha * op(A) @ op(B) + beta * C` in Float, row-major, by the BLAS library itself (with its own
/// threading, unlike LSTMKit's `BLAS.sgemm`, which keeps OpenBLAS single-threaded and splits products itself).
func librarySgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// OpenBLAS's own thread count (1 with Accelerate, which has no such setting).
func openBLASThreadCount() -> Int {
    #if canImport(Accelerate)
    return 1
    #else
    return Int(openblas_get_num_threads())
    #endif
}

/// Sets OpenBLAS's own thread count (nothing with Accelerate).
func setOpenBLASThreadCount(_ n: Int) {
    #if !canImport(Accelerate)
    openblas_set_num_threads(Int32(n))
    #endif
}

/// OpenBLAS's build description (version, target core, threading), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ...".
func openBLASConfig() -> String {
    #if canImport(Accelerate)
    return "Accelerate"
    #else
    return String(cString: openblas_get_config()) + " core=" + String(cString: openblas_get_corename())
    #endif
}
