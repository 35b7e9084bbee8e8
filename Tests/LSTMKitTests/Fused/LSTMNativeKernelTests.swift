import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The native (C, AVX-512) time loops of the fused LSTM in Float, against the reference cell and against the
/// Swift fused kernel: forward, final state and every gradient, on shapes that exercise partial tiles
/// (H not a multiple of 16 or 32), uneven row blocks, masks and two threads.
extension NativeKernelSuites { @Suite struct LSTMNativeKernelTests {
    /// The CPU has AVX-512F (then the native kernels must be available to LSTMKit).
    static let cpuHasAVX512: Bool = {
        #if arch(x86_64) && os(Linux)
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return info.contains(" avx512f") && info.contains(" avx512dq") && info.contains(" fma")
        #else
        return false
        #endif
    }()

    @Test func availableOnAVX512Machines() {
        let generic = ProcessInfo.processInfo.environment["LSTMKIT_ISA"] == "generic"
        #expect(NativeKernels.isAvailable == (Self.cpuHasAVX512 && !generic))
        #expect(NativeKernels.kernel?.rawValue == (Self.cpuHasAVX512 && !generic ? "native-avx512" : nil))
    }

    /// (T, B, D, H, lengths, threads)
    static let grid: [(Int, Int, Int, Int, [Int]?, Int)] = [
        (3, 2, 5, 4, nil, 1), (1, 1, 3, 16, nil, 1), (5, 7, 6, 20, nil, 1), (4, 13, 9, 33, [4, 1, 3, 2, 4, 4, 1, 2, 3, 4, 4, 2, 1], 1),
        (6, 6, 8, 48, [6, 5, 4, 3, 2, 1], 1), (3, 16, 10, 128, nil, 2), (4, 17, 7, 130, [4, 2, 3, 1, 4, 4, 4, 2, 1, 3, 4, 4, 2, 2, 1, 4, 3], 2),
    ]

    @Test(arguments: grid.indices) func nativeEqualsReference(_ k: Int) {
        let (t, b, d, h, lengths, threads) = Self.grid[k]
        let saved = BLAS.threadCount
        BLAS.threadCount = threads
        defer { BLAS.threadCount = saved }
        let cell = LSTMCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 300 + UInt64(k)))
        let x = randomTensor([t, b, d], seed: 1).converted(to: Float.self)
        let h0 = randomTensor([b, h], seed: 2).converted(to: Float.self)
        let c0 = randomTensor([b, h], seed: 3).converted(to: Float.self)
        let label = "native LSTM T=\(t) B=\(b) D=\(d) H=\(h) lengths=\(lengths.map { "\($0)" } ?? "-") threads=\(threads)"
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0, c0], lengths: lengths, atol: 5e-5,
                                         implementation: .native, label)
    }

    @Test(.needsNativeKernels, arguments: grid.indices) func nativeEqualsSwiftFusedKernel(_ k: Int) {
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
        #expect(layer.lastImplementation == NativeKernels.kernel)
        layer.implementation = .fused
        let swift = run()
        #expect(layer.lastImplementation == .fused)
        for (n, (a, e)) in zip(native, swift).enumerated() {
            expectClose(a, e, atol: 2e-5, rtol: 0, "tensor \(n) of T=\(t) B=\(b) H=\(h) threads=\(threads)")
        }
    }

    @Test(arguments: [1, 2]) func nativeWithoutBiasEqualsReference(threads: Int) {
        let saved = BLAS.threadCount
        BLAS.threadCount = threads
        defer { BLAS.threadCount = saved }
        let cell = LSTMCell<Float>(inputSize: 7, hiddenSize: 132, bias: false, rng: RandomSource(seed: 450))
        let x = randomTensor([3, 21, 7], seed: 7).converted(to: Float.self)
        let h0 = randomTensor([21, 132], seed: 8).converted(to: Float.self)
        let c0 = randomTensor([21, 132], seed: 9).converted(to: Float.self)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0, c0], lengths: nil, atol: 5e-5,
                                         implementation: .native, "native LSTM without bias, threads=\(threads)")
    }

    @Test(.needsNativeKernels) func twoThreadsGiveTheSameResultAsOne() {
        // Forward: 9 unit tiles x 4 row blocks; backward: 5 x 3 (B = 19, D = 12, H = 136).
        expectTwoThreads(macs: 19 * 4 * 136 * (136 + 12), items: 9 * 4)
        expectTwoThreads(macs: 19 * 4 * 136 * 136, items: 5 * 3)
        let cell = LSTMCell<Float>(inputSize: 12, hiddenSize: 136, rng: RandomSource(seed: 500))
        let x = randomTensor([5, 19, 12], seed: 6).converted(to: Float.self)
        let saved = BLAS.threadCount
        defer { BLAS.threadCount = saved }
        var results: [[Float]] = []
        for threads in [1, 2] {
            BLAS.threadCount = threads
            cell.zeroGrad()
            let r = Recurrent(cell, implementation: .native)(x)
            (r.outputs * r.outputs).sum().backward()
            results.append(r.outputs.scalars + cell.weightHH.grad!.scalars + cell.weightIH.grad!.scalars)
        }
        // Each unit and row is computed by one thread in the same order either way: bit-identical.
        #expect(results[0] == results[1])
    }
}
}
