import Foundation

/// Vectorized `exp`, `sigmoid` and `tanh` for Float. (Placeholder scalar loops; replaced by the SIMD kernels.)
public enum VectorMath {
    public static func exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n { y[i] = Foundation.expf(x[i]) }
    }
    public static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n { y[i] = 1 / (1 + Foundation.expf(-x[i])) }
    }
    public static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n { y[i] = Foundation.tanhf(x[i]) }
    }
}
