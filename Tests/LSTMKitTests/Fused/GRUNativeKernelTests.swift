import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The native (C) time loops of the fused GRU in Float, against the reference cell and against the Swift
/// fused kernel: forward, final state and every gradient, on shapes that exercise partial tiles (H not a
/// multiple of the vector width or twice it), uneven row blocks, masks and two threads. As in
/// `LSTMNativeKernelTests`, the checks take the ISA (`NativeISATests`); the tests here run the default choice.
extension NativeKernelSuites { @Suite struct GRUNativeKernelTests {
    /// (T, B, D, H, lengths, threads). The two-thread shapes have steps of at least 2^20 multiply-adds in
    /// both directions (B * 3H * H >= 2^20), so that the kernels do use the second thread.
    static let grid: [(Int, Int, Int, Int, [Int]?, Int)] = [
        (3, 2, 5, 4, nil, 1), (1, 1, 3, 16, nil, 1), (5, 7, 6, 20, nil, 1),
        (4, 13, 9, 33, [4, 1, 3, 2, 4, 4, 1, 2, 3, 4, 4, 2, 1], 1),
        (6, 9, 8, 48, [6, 5, 4, 3, 2, 1, 6, 6, 2], 1), (3, 22, 10, 128, nil, 2),
        (4, 17, 7, 150, [4, 2, 3, 1, 4, 4, 4, 2, 1, 3, 4, 4, 2, 2, 1, 4, 3], 2),
    ]

    static func label(_ k: Int) -> String {
        let (t, b, d, h, lengths, threads) = grid[k]
        return "native GRU T=\(t) B=\(b) D=\(d) H=\(h) lengths=\(lengths.map { "\($0)" } ?? "-") threads=\(threads)"
    }

    @Test func twoThreadShapesAreLargeEnough() {
        for (_, b, _, h, _, threads) in Self.grid where threads > 1 { #expect(b * 3 * h * h >= 1 << 20) }
    }

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
        let cell = GRUCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 600 + UInt64(k)))
        let x = randomTensor([t, b, d], seed: 11).converted(to: Float.self)
        let h0 = randomTensor([b, h], seed: 12).converted(to: Float.self)
        let layer = Recurrent(cell)
        expectLayerFusedMatchesReference(layer, x: x, state0: [h0], lengths: lengths, atol: 5e-5,
                                         implementation: .native, (isa ?? "default") + " " + Self.label(k))
        if let isa { #expect(layer.lastImplementation == .native(isa: isa), "\(Self.label(k))") }
    }

    /// Runs `layer` forward and backward with a loss that reaches every output, the final state and h0;
    /// returns outputs, h[T], dX, dh0 and every parameter gradient.
    static func forwardBackward(
        _ layer: Recurrent<GRUCell<Float>>, x: Tensor<Float>, h0: Tensor<Float>, weights: Tensor<Float>,
        lengths: [Int]?
    ) -> [Tensor<Float>] {
        layer.cell.zeroGrad()
        let (xs, hs) = (x.detached().requiringGrad(), h0.detached().requiringGrad())
        let r = layer(xs, initialState: HiddenState(h: hs), lengths: lengths)
        ((r.outputs * weights).sum() + (r.finalState.h * r.finalState.h).sum()).backward()
        return [r.outputs.detached(), r.finalState.h.detached(), xs.grad!, hs.grad!]
            + layer.cell.parameters().map { $0.grad! }
    }

    static func checkSwiftFused(_ k: Int, isa: String) { withISA(isa) { checkSwiftFusedHere(k, isa: isa) } }

    private static func checkSwiftFusedHere(_ k: Int, isa: String) {
        let (t, b, d, h, lengths, threads) = Self.grid[k]
        let saved = BLAS.threadCount
        BLAS.threadCount = threads
        defer { BLAS.threadCount = saved }
        let layer = Recurrent(GRUCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 700 + UInt64(k))),
                              implementation: .native)
        let x = randomTensor([t, b, d], seed: 13).converted(to: Float.self)
        let h0 = randomTensor([b, h], seed: 14).converted(to: Float.self)
        let weights = randomTensor([t, b, h], seed: 15).converted(to: Float.self)
        let native = Self.forwardBackward(layer, x: x, h0: h0, weights: weights, lengths: lengths)
        #expect(layer.lastImplementation == .native(isa: isa))
        layer.implementation = .fused
        let swift = Self.forwardBackward(layer, x: x, h0: h0, weights: weights, lengths: lengths)
        #expect(layer.lastImplementation == .fused)
        for (n, (a, e)) in zip(native, swift).enumerated() {
            expectClose(a, e, atol: 2e-5, rtol: 0, "\(isa): tensor \(n) of \(Self.label(k))")
        }
    }

    static func checkNoBiasCell(isa: String) { withISA(isa) { checkNoBiasCellHere(isa: isa) } }

    private static func checkNoBiasCellHere(isa: String) {
        let cell = GRUCell<Float>(inputSize: 5, hiddenSize: 19, bias: false, rng: RandomSource(seed: 800))
        let layer = Recurrent(cell, implementation: .native)
        let x = randomTensor([4, 3, 5], seed: 16).converted(to: Float.self)
        let h0 = randomTensor([3, 19], seed: 17).converted(to: Float.self)
        let weights = randomTensor([4, 3, 19], seed: 18).converted(to: Float.self)
        let native = Self.forwardBackward(layer, x: x, h0: h0, weights: weights, lengths: [4, 2, 3])
        #expect(layer.lastImplementation == .native(isa: isa))
        layer.implementation = .fused
        let swift = Self.forwardBackward(layer, x: x, h0: h0, weights: weights, lengths: [4, 2, 3])
        for (n, (a, e)) in zip(native, swift).enumerated() {
            expectClose(a, e, atol: 2e-5, rtol: 0, "\(isa): tensor \(n), bias: false")
        }
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0], lengths: [4, 2, 3], atol: 5e-5,
                                         implementation: .native, "native-\(isa) GRU bias: false")
    }

    static func checkTrace(isa: String) { withISA(isa) { checkTraceHere(isa: isa) } }

    private static func checkTraceHere(isa: String) {
        let layer = Recurrent(GRUCell<Float>(inputSize: 6, hiddenSize: 21, rng: RandomSource(seed: 801)),
                              implementation: .native)
        let x = randomTensor([3, 5, 6], seed: 19).converted(to: Float.self)
        let native = layer(x, lengths: [3, 1, 2, 3, 3], trace: true).trace!
        #expect(layer.lastImplementation == .native(isa: isa))
        layer.implementation = .fused
        let swift = layer(x, lengths: [3, 1, 2, 3, 3], trace: true).trace!
        for (name, g) in swift.gates { expectClose(native.gates[name]!, g, atol: 2e-6, rtol: 0, name) }
        expectClose(native.states["h"]!, swift.states["h"]!, atol: 2e-6, rtol: 0, "h")
    }

    static func checkTwoThreads(isa: String) { withISA(isa) { checkTwoThreadsHere(isa: isa) } }

    private static func checkTwoThreadsHere(isa: String) {
        let (b, d, h) = (19, 12, 140)
        // Forward: 9 unit tiles x 3 row blocks; backward: 5 x 3 (AVX-512 tiles; more with narrower vectors).
        expectTwoThreads(macs: b * 3 * h * (h + d), items: 9 * 3)
        expectTwoThreads(macs: b * 3 * h * h, items: 5 * 3)
        let cell = GRUCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 802))
        let x = randomTensor([5, b, d], seed: 20).converted(to: Float.self)
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
                        "native-\(isa) GRU weight gradients, 2 threads against 1")
        }
    }
}
}
