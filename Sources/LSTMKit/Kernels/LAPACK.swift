// With BLAS.swift, the only files that import the BLAS library: LAPACK comes with OpenBLAS on Linux (Debian's
// libopenblas includes it; the Fortran symbols are declared in Sources/CBLAS/shim.h) and with Accelerate on Apple.
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// The two LAPACK routines LSTMKit needs, in Double, over row-major `[Double]` matrices.
///
/// - `eigenvalues(of:n:)`: `dgeev` (Hessenberg reduction + shifted QR), for the spectral radius of a
///   non-symmetric matrix, whose leading eigenvalues may be a complex pair (power iteration does not converge
///   there).
/// - `solvePositiveDefinite(_:n:rightHandSides:count:)`: `dposv` (Cholesky), for ridge-regression normal equations.
///
/// OpenBLAS's LAPACK calls its own BLAS, which runs on several threads until LSTMKit switches it to one (the first
/// time `BLAS` is used), and the summation order, so the last bits, depend on the thread count. Each routine
/// therefore makes that switch first: the same input gives the same bits whatever ran before.
public enum LAPACK {
    @inline(__always)
    private static func singleThreadedOpenBLAS() { _ = BLAS.threadCount }

    /// The eigenvalues of the n x n matrix `a` (row-major, [n, n]) as (real, imaginary) parts, in LAPACK's order.
    /// A matrix and its transpose have the same eigenvalues, so the row-major layout needs no transposition.
    /// Stops with a message if `dgeev` reports a failure (the QR iteration did not converge).
    public static func eigenvalues(of a: [Double], n: Int) -> (real: [Double], imaginary: [Double]) {
        if n < 1 || a.count != n * n { failure("LAPACK.eigenvalues: \(a.count) values for an [\(n), \(n)] matrix") }
        singleThreadedOpenBLAS()
        var matrix = a
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var vl = [Double](repeating: 0, count: 1), vr = [Double](repeating: 0, count: 1)
        var info = Int32(0)
        // Workspace query (lwork = -1), then the call. (Each pointer argument its own variable: Swift forbids
        // overlapping inout accesses.)
        var size = Int32(n), lda = Int32(n), ldvl = Int32(1), ldvr = Int32(1), query = Int32(-1)
        var optimal = [Double](repeating: 0, count: 1)
        var jobvl = CChar(UInt8(ascii: "N")), jobvr = CChar(UInt8(ascii: "N"))
        dgeev(&jobvl, &jobvr, &size, &matrix, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &optimal, &query, &info)
        var lwork = Int32(max(optimal[0], Double(4 * n)))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgeev(&jobvl, &jobvr, &size, &matrix, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &work, &lwork, &info)
        if info != 0 { failure("LAPACK.eigenvalues: dgeev failed with info \(info) for an [\(n), \(n)] matrix") }
        return (wr, wi)
    }

    /// The spectral radius max |lambda| of the n x n matrix `a` (row-major), from `eigenvalues(of:n:)`.
    public static func spectralRadius(of a: [Double], n: Int) -> Double {
        let (re, im) = eigenvalues(of: a, n: n)
        var radius = 0.0
        for k in 0..<n { radius = Swift.max(radius, (re[k] * re[k] + im[k] * im[k]).squareRoot()) }
        return radius
    }

    /// Solves A X = B for a symmetric positive definite n x n `a` and `count` right-hand sides, each a
    /// contiguous row of `rightHandSides` ([count, n], so that B is column-major [n, count]). Returns X in the
    /// same layout ([count, n]), or nil when A is not positive definite (`dposv` info > 0).
    public static func solvePositiveDefinite(_ a: [Double], n: Int, rightHandSides b: [Double], count: Int) -> [Double]? {
        if n < 1 || a.count != n * n || count < 1 || b.count != n * count {
            failure("LAPACK.solvePositiveDefinite: A has \(a.count) values for [\(n), \(n)], B \(b.count) for [\(count), \(n)]")
        }
        singleThreadedOpenBLAS()
        var matrix = a, x = b
        var size = Int32(n), lda = Int32(n), ldb = Int32(n), nrhs = Int32(count), info = Int32(0)
        var uplo = CChar(UInt8(ascii: "L"))
        dposv(&uplo, &size, &nrhs, &matrix, &lda, &x, &ldb, &info)
        if info < 0 { failure("LAPACK.solvePositiveDefinite: dposv rejected argument \(-info)") }
        return info == 0 ? x : nil
    }

    // The Fortran calls, one spelling per platform.
    #if canImport(Accelerate)
    private static func dgeev(
        _ jobvl: inout CChar, _ jobvr: inout CChar, _ n: inout Int32, _ a: inout [Double], _ lda: inout Int32,
        _ wr: inout [Double], _ wi: inout [Double], _ vl: inout [Double], _ ldvl: inout Int32,
        _ vr: inout [Double], _ ldvr: inout Int32, _ work: inout [Double], _ lwork: inout Int32, _ info: inout Int32
    ) {
        _ = dgeev_(&jobvl, &jobvr, &n, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &work, &lwork, &info)
    }
    private static func dposv(
        _ uplo: inout CChar, _ n: inout Int32, _ nrhs: inout Int32, _ a: inout [Double], _ lda: inout Int32,
        _ b: inout [Double], _ ldb: inout Int32, _ info: inout Int32
    ) {
        _ = dposv_(&uplo, &n, &nrhs, &a, &lda, &b, &ldb, &info)
    }
    #else
    private static func dgeev(
        _ jobvl: inout CChar, _ jobvr: inout CChar, _ n: inout Int32, _ a: inout [Double], _ lda: inout Int32,
        _ wr: inout [Double], _ wi: inout [Double], _ vl: inout [Double], _ ldvl: inout Int32,
        _ vr: inout [Double], _ ldvr: inout Int32, _ work: inout [Double], _ lwork: inout Int32, _ info: inout Int32
    ) {
        dgeev_(&jobvl, &jobvr, &n, &a, &lda, &wr, &wi, &vl, &ldvl, &vr, &ldvr, &work, &lwork, &info, 1, 1)
    }
    private static func dposv(
        _ uplo: inout CChar, _ n: inout Int32, _ nrhs: inout Int32, _ a: inout [Double], _ lda: inout Int32,
        _ b: inout [Double], _ ldb: inout Int32, _ info: inout Int32
    ) {
        dposv_(&uplo, &n, &nrhs, &a, &lda, &b, &ldb, &info, 1)
    }
    #endif
}
