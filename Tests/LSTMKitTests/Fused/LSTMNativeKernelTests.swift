import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The native (C) time loops of the fused LSTM in Float, against the reference cell and against the Swift
/// fused kernel: forward, final state and every gradient, on shapes that exercise partial tiles (H not a
/// multiple of the vector width or twice it), uneven row blocks, masks and two threads. The checks take the
/// ISA to run (`NativeISATests` runs them for each one this CPU supports); the tests here run the default
/// choice (none with `LSTMKIT_ISA=generic`: then they test the fallback).
extension NativeKernelSuites { @Suite struct LSTMNativeKernelTests {
    /// The best ISA this CPU has by /proc/cpuinfo (what the C side must detect).
    static let cpuBestISA: String? = {
        #if arch(x86_64) && os(Linux)
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let avx2 = info.contains(" avx2") && info.contains(" fma")
        if avx2 && info.contains(" avx512f") && info.contains(" avx512dq") { return "avx512" }
        return avx2 ? "avx2" : nil
        #elseif arch(arm64)
        return "neon"
        #else
        return nil
        #endif
    }()

    @Test func detectsTheBestISAOfThisCPU() {
        #expect(NativeKernels.detectedISA == Self.cpuBestISA)
        let environment = ProcessInfo.processInfo.environment["LSTMKIT_ISA"]
        if environment == nil { #expect(NativeKernels.kernel == Self.cpuBestISA.map { .native(isa: $0) }) }
    }

    @Test func overrideSelectsAnISAThisCPUSupportsElseSaysWhy() {
        #expect(NativeKernels.resolve("generic") == (nil, nil))
        #expect(NativeKernels.resolve(nil) == (Self.cpuBestISA, nil))
        for isa in NativeKernels.allISAs {
            let (chosen, note) = NativeKernels.resolve(isa)
            if NativeKernels.supports(isa) {
                #expect(chosen == isa && note == nil)
            } else {
                #expect(chosen == Self.cpuBestISA)
                #expect(note?.contains("LSTMKIT_ISA=\(isa): this CPU cannot run the \(isa) kernels; using ") == true)
            }
        }
        let (chosen, note) = NativeKernels.resolve("avx9")
        #expect(chosen == Self.cpuBestISA && note?.contains("is not one of avx512, avx2, neon, generic") == true)
        NativeKernels.$isaOverride.withValue("generic") { #expect(NativeKernels.kernel == nil) }
    }

    /// (T, B, D, H, lengths, threads)
    static let grid: [(Int, Int, Int, Int, [Int]?, Int)] = [
        (3, 2, 5, 4, nil, 1), (1, 1, 3, 16, nil, 1), (5, 7, 6, 20, nil, 1), (4, 13, 9, 33, [4, 1, 3, 2, 4, 4, 1, 2, 3, 4, 4, 2, 1], 1),
        (6, 6, 8, 48, [6, 5, 4, 3, 2, 1], 1), (3, 16, 10, 128, nil, 2), (4, 17, 7, 130, [4, 2, 3, 1, 4, 4, 4, 2, 1, 3, 4, 4, 2, 2, 1, 4, 3], 2),
    ]

    @Test(arguments: grid.indices) func nativeEqualsReference(_ k: Int) { Self.checkReference(k) }

    /// Forward and every gradient of the native kernels of `isa` (nil: the default choice) against the
    /// reference cell on grid shape k.
    static func checkReference(_ k: Int, isa: String? = nil) {
        withISA(isa) { checkReferenceHere(k, isa: isa) }
    }

    private static func checkReferenceHere(_ k: Int, isa: String?) {
        let (t, b, d, h, lengths, threads) = Self.grid[k]
        let saved = BLAS.threadCount
        BLAS.threadCount = threads
        defer { BLAS.threadCount = saved }
        let cell = LSTMCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 300 + UInt64(k)))
        let x = randomTensor([t, b, d], seed: 1).converted(to: Float.self)
        let h0 = randomTensor([b, h], seed: 2).converted(to: Float.self)
        let c0 = randomTensor([b, h], seed: 3).converted(to: Float.self)
        let label = "native\(isa.map { "-" + $0 } ?? "") LSTM T=\(t) B=\(b) D=\(d) H=\(h) lengths=\(lengths.map { "\($0)" } ?? "-") threads=\(threads)"
        let layer = Recurrent(cell)
        expectLayerFusedMatchesReference(layer, x: x, state0: [h0, c0], lengths: lengths, atol: 5e-5,
                                         implementation: .native, label)
        if let isa { #expect(layer.lastImplementation == .native(isa: isa), "\(label)") }
    }

    /// The native kernels of `isa` against the Swift fused kernel (tighter than against the reference).
    static func checkSwiftFused(_ k: Int, isa: String) { withISA(isa) { checkSwiftFusedHere(k, isa: isa) } }

    private static func checkSwiftFusedHere(_ k: Int, isa: String) {
        let (t, b, d, h, lengths, threads) = Self.grid[k]
        let saved = BLAS.threadCount
        BLAS.threadCount = threads
        defer { BLAS.threadCount = saved }
        let cell = LSTMCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 400 + UInt64(k)))
        let layer = Recurrent(cell, implementation: .native)
        let x = randomTensor([t, b, d], seed: 4).converted(to: Float.self).requiringGrad()
        let weights = randomTensor([t, b, h], seed: 5).converted(to: Float.self)
        func run() -> [Tensor<Float>] {
            cell.zeroGrad()
            let xs = x.detached().requiringGrad()
            let r = layer(xs, lengths: lengths)
            ((r.outputs * weights).sum() + (r.finalState.h * r.finalState.c).sum()).backward()
            return [r.outputs.detached(), r.finalState.h.detached(), r.finalState.c.detached(), xs.grad!]
                + cell.parameters().map { $0.grad! }
        }
        let native = run()
        #expect(layer.lastImplementation == .native(isa: isa))
        layer.implementation = .fused
        let swift = run()
        #expect(layer.lastImplementation == .fused)
        for (n, (a, e)) in zip(native, swift).enumerated() {
            expectClose(a, e, atol: 2e-5, rtol: 0, "\(isa): tensor \(n) of T=\(t) B=\(b) H=\(h) threads=\(threads)")
        }
    }

    static func checkWithoutBias(threads: Int, isa: String) {
        withISA(isa) { checkWithoutBiasHere(threads: threads, isa: isa) }
    }

    private static func checkWithoutBiasHere(threads: Int, isa: String) {
        let saved = BLAS.threadCount
        BLAS.threadCount = threads
        defer { BLAS.threadCount = saved }
        let cell = LSTMCell<Float>(inputSize: 7, hiddenSize: 132, bias: false, rng: RandomSource(seed: 450))
        let x = randomTensor([3, 21, 7], seed: 7).converted(to: Float.self)
        let h0 = randomTensor([21, 132], seed: 8).converted(to: Float.self)
        let c0 = randomTensor([21, 132], seed: 9).converted(to: Float.self)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0, c0], lengths: nil, atol: 5e-5,
                                         implementation: .native, "native-\(isa) LSTM without bias, threads=\(threads)")
    }

    static func checkTwoThreads(isa: String) { withISA(isa) { checkTwoThreadsHere(isa: isa) } }

    private static func checkTwoThreadsHere(isa: String) {
        // Forward: 9 unit tiles x 4 row blocks; backward: 5 x 3 (B = 19, D = 12, H = 136; AVX-512 tiles, more
        // with narrower vectors).
        expectTwoThreads(macs: 19 * 4 * 136 * (136 + 12), items: 9 * 4)
        expectTwoThreads(macs: 19 * 4 * 136 * 136, items: 5 * 3)
        let cell = LSTMCell<Float>(inputSize: 12, hiddenSize: 136, rng: RandomSource(seed: 500))
        let x = randomTensor([5, 19, 12], seed: 6).converted(to: Float.self)
        let saved = BLAS.threadCount
        defer { BLAS.threadCount = saved }
        var outputs: [Tensor<Float>] = [], weightGradients: [Tensor<Float>] = []
        for threads in [1, 2] {
            BLAS.threadCount = threads
            cell.zeroGrad()
            let layer = Recurrent(cell, implementation: .native)
            let r = layer(x)
            #expect(layer.lastImplementation == .native(isa: isa))
            (r.outputs * r.outputs).sum().backward()
            outputs.append(r.outputs)
            let g = cell.weightHH.grad!.scalars + cell.weightIH.grad!.scalars
            weightGradients.append(Tensor(shape: [g.count], scalars: g))
        }
        // The kernel's own work: each unit and row is computed by one thread in the same order either way, so
        // the outputs are bit-identical.
        #expect(outputs[0].scalars == outputs[1].scalars)
        // The weight gradients are BLAS products over all steps. OpenBLAS's threaded sgemm keeps the order of
        // every sum with its Cooperlake/SkylakeX kernels (an AVX-512 CPU, OPENBLAS_CORETYPE unset): bit-identical
        // there; not with its Haswell ones (what an AVX2 machine runs), where 2 threads change the last bits.
        if NativeKernels.supports("avx512") && ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil {
            #expect(weightGradients[0].scalars == weightGradients[1].scalars)
        } else {
            expectClose(weightGradients[1], weightGradients[0], atol: 1e-7, rtol: 1e-5,
                        "native-\(isa) LSTM weight gradients, 2 threads against 1")
        }
    }
}
}
