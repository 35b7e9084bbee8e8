import Foundation
import LSTMKit

/// `lstmkit-bench compare --mode gemm`: the OpenBLAS SGEMM products a fused LSTM / GRU layer does, timed
/// alone with the same shapes and thread count. Their sum is the practical limit of a kernel that calls
/// OpenBLAS for every product: a kernel can only get closer to it by hiding its pointwise work.
///
/// Per layer l (G = 4 for an LSTM, 3 for a GRU; D_l = D for layer 0, H above; row-major, as LSTMKernel.swift):
///
///     forward   input projection   X [T*B, D_l] @ W_ih^T [D_l, G*H]     once
///               recurrent product  h [B, H] @ W_hh^T [H, G*H]             T times (one per step)
///     backward  dh                 dGates[t] [B, G*H] @ W_hh [G*H, H]     T times
///               dW_ih              dGates^T [G*H, T*B] @ X [T*B, D_l]     once
///               dW_hh              dGates^T [G*H, T*B] @ H [T*B, H]       once
///               dX (l > 0 only)    dGates [T*B, G*H] @ W_ih [G*H, D_l]    once (x itself needs no gradient)
///
/// Reported: each product's median wall and CPU time and GFLOP/s (`products`), the GEMM-only forward and
/// training times (sums of medians), and the headline throughputs of layer 0's input projection and
/// recurrent product (`_cpu_` variants from the process CPU time: the better figure on a loaded machine for
/// 1 thread; with 2 threads it also counts OpenBLAS threads waiting).
func runGEMMCase(_ options: CompareOptions) -> [String: Any] {
    setOpenBLASThreadCount(options.threads)   // after BLAS.threadCount, which set OpenBLAS to 1
    let s = options.shape
    let g = gateCount(options.cell)
    let rows = s.steps * s.batch
    var products: [[String: Any]] = []
    var forwardSeconds = 0.0, trainSeconds = 0.0, forwardCPU = 0.0, trainCPU = 0.0
    var headline: [String: Double] = [:], headlineCPU: [String: Double] = [:]
    for l in 0..<s.layers {
        let d = s.width(layer: l)
        var list: [GEMMProduct] = [
            GEMMProduct("input_projection", transA: false, transB: true, m: rows, n: g * s.hidden, k: d, repeats: 1,
                        forward: true),
            GEMMProduct("recurrent_step", transA: false, transB: true, m: s.batch, n: g * s.hidden, k: s.hidden,
                        repeats: s.steps, forward: true),
            GEMMProduct("backward_dh_step", transA: false, transB: false, m: s.batch, n: s.hidden, k: g * s.hidden,
                        repeats: s.steps, forward: false),
            GEMMProduct("backward_dW_ih", transA: true, transB: false, m: g * s.hidden, n: d, k: rows, repeats: 1,
                        forward: false),
            GEMMProduct("backward_dW_hh", transA: true, transB: false, m: g * s.hidden, n: s.hidden, k: rows,
                        repeats: 1, forward: false),
        ]
        if l > 0 {
            list.append(GEMMProduct("backward_dX", transA: false, transB: false, m: rows, n: d, k: g * s.hidden,
                                    repeats: 1, forward: false))
        }
        for p in list {
            let samples = p.time(warmup: options.warmup, iterations: options.iterations)
            let (t, cpu) = (median(samples.wall), median(samples.cpu))
            let gflops = p.flops / t / 1e9
            products.append(["layer": l, "name": p.name, "m": p.m, "n": p.n, "k": p.k, "repeats": p.repeats,
                             "median_ms": rounded(t * 1e3, 3), "gflops": rounded(gflops, 2),
                             "cpu_median_ms": rounded(cpu * 1e3, 3)])
            trainSeconds += t
            trainCPU += cpu
            if p.forward { forwardSeconds += t; forwardCPU += cpu }
            if l == 0 { headline[p.name] = gflops; headlineCPU[p.name] = p.flops / cpu / 1e9 }
        }
    }
    let forwardFlops = s.forwardFlops(gates: g)
    return [
        "config": s.name, "mode": "gemm", "iterations": options.iterations,
        "blas": openBLASConfig(),
        "products": products,
        "sgemm_input_projection_gflops": rounded(headline["input_projection"] ?? 0, 2),
        "sgemm_recurrent_step_gflops": rounded(headline["recurrent_step"] ?? 0, 2),
        "sgemm_input_projection_cpu_gflops": rounded(headlineCPU["input_projection"] ?? 0, 2),
        "sgemm_recurrent_step_cpu_gflops": rounded(headlineCPU["recurrent_step"] ?? 0, 2),
        "gemm_forward_cpu_ms": rounded(forwardCPU * 1e3, 3),
        "gemm_train_cpu_ms": rounded(trainCPU * 1e3, 3),
        "gemm_forward_ms": rounded(forwardSeconds * 1e3, 3),
        "gemm_forward_gflops": rounded(forwardFlops / forwardSeconds / 1e9, 2),
        "gemm_train_ms": rounded(trainSeconds * 1e3, 3),
        "gemm_train_gflops": rounded(3 * forwardFlops / trainSeconds / 1e9, 2),
        "rss_peak_mb": rounded(residentMegabytes().peak, 1),
    ]
}

/// One row-major product `C [m, n] = op(A) [m, k] @ op(B) [k, n]`, run `repeats` times per timed sample.
struct GEMMProduct {
    let name: String
    let transA, transB: Bool
    let m, n, k, repeats: Int
    /// Part of the forward pass (else of the backward).
    let forward: Bool

    init(_ name: String, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, repeats: Int, forward: Bool) {
        (self.name, self.transA, self.transB) = (name, transA, transB)
        (self.m, self.n, self.k, self.repeats, self.forward) = (m, n, k, repeats, forward)
    }

    var flops: Double { 2 * Double(m) * Double(n) * Double(k) * Double(repeats) }

    /// Seconds per sample (all repeats), `iterations` samples after `warmup`.
    func time(warmup: Int, iterations: Int) -> Samples {
        let rng = RandomSource(seed: 7)
        let a = rng.uniforms(count: m * k).map { Float($0) }
        let b = rng.uniforms(count: k * n).map { Float($0) }
        var c = [Float](repeating: 0, count: m * n)
        // Leading dimensions of the stored (untransposed) matrices.
        let lda = transA ? m : k, ldb = transB ? k : n
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    sampleSeconds(warmup: warmup, iterations: iterations) { _ in
                        for _ in 0..<repeats {
                            librarySgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1,
                                         a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb, beta: 1,
                                         c: pc.baseAddress!, ldc: n)
                        }
                    }
                }
            }
        }
    }
}
