import Foundation
import LSTMKit

/// The Tensor `matmul` path against a direct `cblas_sgemm` call (`librarySgemm`) on the same 512x512x512
/// product, in the same run, both with `BLAS.threadCount` threads: LSTMKit's own split of the product over
/// single-threaded OpenBLAS calls, and OpenBLAS's own threading (switched on around the direct call only).
/// Tensor / `BLAS.sgemm` is the Tensor wrapper's overhead (allocation of the result, shape checks, the
/// autodiff record, which is skipped for constants); the OpenBLAS-threaded line shows what its own threading
/// does on the same product.
func benchMatmul() {
    let n = 512
    let rng = RandomSource(seed: 1)
    let a = Tensor<Float>.randomNormal([n, n], using: rng)
    let b = Tensor<Float>.randomNormal([n, n], using: rng)
    var c = [Float](repeating: 0, count: n * n)
    let flops = 2.0 * Double(n * n * n)
    var tensorTimes: [Double] = [], blasTimes: [Double] = []
    // Not interleaved: once OpenBLAS has run multi-threaded, its workers busy-wait for a while and take the
    // cores from LSTMKit's own threads. So all the Tensor runs first, then OpenBLAS's own threading.
    // Warm up for 0.3 s: OpenBLAS starts its worker threads when it loads, and they busy-wait for about
    // 0.1 s before they sleep, taking a core from LSTMKit's threads meanwhile.
    let start = Date()
    while Date().timeIntervalSince(start) < 0.3 { _ = matmul(a, b) }
    var lstmkitTimes: [Double] = []
    for _ in 0..<5 {   // Tensor and the direct call with LSTMKit's threading, interleaved
        tensorTimes.append(medianSeconds(iterations: 11) { _ = matmul(a, b) })
        lstmkitTimes.append(medianSeconds(iterations: 11) {
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        BLAS.sgemm(transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: pa.baseAddress!,
                                   lda: n, b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
        })
    }
    setOpenBLASThreadCount(BLAS.threadCount)
    for _ in 0..<5 {
        blasTimes.append(medianSeconds(iterations: 11) {
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        librarySgemm(transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: pa.baseAddress!,
                                     lda: n, b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
        })
    }
    setOpenBLASThreadCount(1)
    let t = tensorTimes.sorted()[2], l = lstmkitTimes.sorted()[2], d = blasTimes.sorted()[2]
    print("matmul 512x512x512 Float, \(BLAS.threadCount) threads")
    print("  Tensor matmul                 \(fmt(t * 1e3, 3)) ms  \(fmt(flops / t / 1e9, 1)) GFLOP/s")
    print("  BLAS.sgemm (LSTMKit threads)  \(fmt(l * 1e3, 3)) ms  \(fmt(flops / l / 1e9, 1)) GFLOP/s")
    print("  cblas_sgemm (OpenBLAS threads) \(fmt(d * 1e3, 3)) ms  \(fmt(flops / d / 1e9, 1)) GFLOP/s")
    print("  Tensor / BLAS.sgemm \(fmt(t / l, 3))x  (target <= 1.10: the Tensor wrapper's overhead)")
}
