import Foundation

/// The element types a ``Tensor`` can hold: `Float` for training and `Double` for gradient checks.
///
/// Everything that must run fast on raw buffers (BLAS, the vectorized transcendental functions) is a static
/// requirement here, so generic tensor code calls one concrete, specialized kernel per operation rather than
/// dispatching per element.
public protocol TensorScalar: BinaryFloatingPoint, Sendable, CustomStringConvertible, Codable
where RawSignificand: FixedWidthInteger {
    /// The safetensors / NumPy name of this type: "F32" or "F64".
    static var dtypeName: String { get }

    /// `C = alpha * op(A) @ op(B) + beta * C` for row-major matrices (BLAS `gemm`).
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `y[i] = exp(x[i])` for `n` elements (`y` may alias `x`).
    static func vectorExp(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count n: Int)
    /// `y[i] = 1 / (1 + exp(-x[i]))`.
    static func vectorSigmoid(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count n: Int)
    /// `y[i] = tanh(x[i])`.
    static func vectorTanh(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count n: Int)

    /// Scalar elementary functions (Foundation's), used by the elementwise ops.
    /// The sum of x * x over the buffer, accumulated in Double (gradient norms); a concrete loop per type,
    /// so generic callers (a `Trainer` over a user's model) do not run an unspecialized element loop.
    static func sumOfSquares(_ x: UnsafeBufferPointer<Self>) -> Double
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
}

extension Float: TensorScalar {
    public static var dtypeName: String { "F32" }
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                   b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
    public static func vectorExp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        VectorMath.exp(x, y, count: n)
    }
    public static func vectorSigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        VectorMath.sigmoid(x, y, count: n)
    }
    public static func vectorTanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        VectorMath.tanh(x, y, count: n)
    }
    public static func sumOfSquares(_ x: UnsafeBufferPointer<Float>) -> Double {
        var total = 0.0
        for v in x { let d = Double(v); total += d * d }
        return total
    }
    public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    public static func log(_ x: Float) -> Float { Foundation.logf(x) }
    public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
    public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
    public static func log1p(_ x: Float) -> Float { Foundation.log1pf(x) }
    public static func expm1(_ x: Float) -> Float { Foundation.expm1f(x) }
}

extension Double: TensorScalar {
    public static var dtypeName: String { "F64" }
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        BLAS.dgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                   b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
    // Double is the precision of gradient checks, not of training: exact scalar loops are the right trade.
    public static func vectorExp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
        for i in 0..<n { y[i] = Foundation.exp(x[i]) }
    }
    public static func vectorSigmoid(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
        for i in 0..<n {
            let v = x[i]
            // Branch on the sign so exp never overflows: sigmoid(v) = e^v / (1 + e^v) for v < 0.
            if v >= 0 { y[i] = 1 / (1 + Foundation.exp(-v)) } else { let e = Foundation.exp(v); y[i] = e / (1 + e) }
        }
    }
    public static func vectorTanh(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
        for i in 0..<n { y[i] = Foundation.tanh(x[i]) }
    }
    public static func sumOfSquares(_ x: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for v in x { total += v * v }
        return total
    }
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
    public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    public static func expm1(_ x: Double) -> Double { Foundation.expm1(x) }
}
