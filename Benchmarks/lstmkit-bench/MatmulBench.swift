import CBLAS
import Foundation
import LSTMKit

/// The Tensor `matmul` path against a direct `cblas_sgemm` call on the same 512x512x512 product, interleaved
/// in the same run. The gap is the Tensor wrapper's overhead (allocation of the result, shape checks, and the
/// autodiff record, which is skipped for constants).
func benchMatmul() {
    let n = 512
    let rng = RandomSource(seed: 1)
    let a = Tensor<Float>.randomNormal([n, n], using: rng)
    let b = Tensor<Float>.randomNormal([n, n], using: rng)
    var c = [Float](repeating: 0, count: n * n)
    let flops = 2.0 * Double(n * n * n)
    var tensorTimes: [Double] = [], blasTimes: [Double] = []
    for _ in 0..<5 {   // interleave the two measurements so drift affects both alike
        tensorTimes.append(medianSeconds(iterations: 11) { _ = matmul(a, b) })
        blasTimes.append(medianSeconds(iterations: 11) {
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, &c, Int32(n))
                }
            }
        })
    }
    let t = tensorTimes.sorted()[2], d = blasTimes.sorted()[2]
    print("matmul 512x512x512 Float")
    print("  Tensor matmul   \(fmt(t * 1e3, 3)) ms  \(fmt(flops / t / 1e9, 1)) GFLOP/s")
    print("  cblas_sgemm     \(fmt(d * 1e3, 3)) ms  \(fmt(flops / d / 1e9, 1)) GFLOP/s")
    print("  Tensor / direct \(fmt(t / d, 3))x  (target <= 1.10)")
}
