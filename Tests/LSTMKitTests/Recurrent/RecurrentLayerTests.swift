import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The reference unroll of `Recurrent` and `Bidirectional` (masks, reversal, layouts, traces); the kernels are
/// held to it in Fused/.
@Suite struct RecurrentLayerTests {
    let x = randomTensor([3, 2, 5], seed: 11)     // [T, B, D]

    @Test func unrollMatchesStepByStep() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 12))
        let out = Recurrent(cell, implementation: .reference)(x)
        var s = cell.zeroState(batchSize: 2)
        for t in 0..<3 {
            s = cell(x.slice(axis: 0, t..<(t + 1)).squeezed(0), state: s)
            expectClose(out.outputs.slice(axis: 0, t..<(t + 1)).squeezed(0), s.h, atol: 1e-14)
        }
        expectClose(out.finalState.c, s.c, atol: 1e-14)
    }

    @Test func sequenceGradients() {
        let cell = GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 13))
        let layer = Recurrent(cell, implementation: .reference)
        expectGradientsMatch([x, randomTensor([2, 4], seed: 14)], parameters: cell.parameters()) { v in
            let r = layer(v[0], initialState: HiddenState(h: v[1]))
            return r.outputs.sum(axis: 0) + r.finalState.h
        }
    }

    @Test func batchFirstIsTheTransposedLayout() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 15))
        let timeMajor = Recurrent(cell, implementation: .reference)(x).outputs
        let batchMajor = Recurrent(cell, batchFirst: true, implementation: .reference)(x.transposed(0, 1)).outputs
        expectClose(batchMajor.transposed(0, 1), timeMajor, atol: 0)
    }

    @Test func paddedStepsChangeNothing() {
        // Sequence 1 has length 1: its outputs at t >= 1 are zero and its final state equals running it alone.
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 16))
        let layer = Recurrent(cell, implementation: .reference)
        let out = layer(x, lengths: [3, 1])
        let alone = layer(x.slice(axis: 0, 0..<1).slice(axis: 1, 1..<2))
        expectClose(out.finalState.h.slice(axis: 0, 1..<2), alone.finalState.h, atol: 1e-14)
        expectClose(out.finalState.c.slice(axis: 0, 1..<2), alone.finalState.c, atol: 1e-14)
        #expect(out.outputs.slice(axis: 0, 1..<3).slice(axis: 1, 1..<2).scalars.allSatisfy { $0 == 0 })
        // The full-length sequence is unaffected by its neighbour's padding.
        let first = layer(x.slice(axis: 1, 0..<1))
        expectClose(out.outputs.slice(axis: 1, 0..<1), first.outputs, atol: 1e-14)
        // A mask gives the same result as lengths.
        let mask = Tensor<Double>(shape: [3, 2], scalars: [1, 1, 1, 0, 1, 0])
        expectClose(layer(x, mask: mask).outputs, out.outputs, atol: 0)
    }

    @Test func reverseStartsAtEachSequencesOwnLastStep() {
        let cell = GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 17))
        let backward = Recurrent(cell, reverse: true, implementation: .reference)
        let out = backward(x, lengths: [3, 2])
        for (b, n) in [(0, 3), (1, 2)] {
            // Reference: reverse the real steps of sequence b by hand and run forwards.
            let seq = x.slice(axis: 1, b..<(b + 1)).slice(axis: 0, 0..<n)
            let reversed = seq.indexSelect(axis: 0, Array((0..<n).reversed()))
            let run = Recurrent(cell, implementation: .reference)(reversed)
            let expected = run.outputs.indexSelect(axis: 0, Array((0..<n).reversed()))
            expectClose(out.outputs.slice(axis: 1, b..<(b + 1)).slice(axis: 0, 0..<n), expected, atol: 1e-14)
            expectClose(out.finalState.h.slice(axis: 0, b..<(b + 1)), run.finalState.h, atol: 1e-14)
        }
    }

    @Test func maskedBidirectionalGradients() {
        let bi = Bidirectional(forward: LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 18)),
                               backward: LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 19)),
                               implementation: .reference)
        expectGradientsMatch([x], parameters: bi.parameters()) { v in bi(v[0], lengths: [2, 3]).outputs }
    }

    @Test func bidirectionalMergeModes() {
        let f = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 20))
        let b = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 21))
        let concat = Bidirectional(forward: f, backward: b, implementation: .reference)(x).outputs
        #expect(concat.shape == [3, 2, 8])
        let sum = Bidirectional(forward: f, backward: b, merge: .sum, implementation: .reference)(x).outputs
        expectClose(sum, concat.slice(axis: 2, 0..<4) + concat.slice(axis: 2, 4..<8), atol: 1e-14)
        let mean = Bidirectional(forward: f, backward: b, merge: .mean, implementation: .reference)(x).outputs
        expectClose(mean, sum * 0.5, atol: 1e-14)
    }

    @Test func traceHasEveryGateAndState() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 22))
        let out = Recurrent(cell, implementation: .reference)(x, trace: true)
        let trace = out.trace!
        #expect(Set(trace.gates.keys) == ["i", "f", "g", "o"])
        for (_, g) in trace.gates { #expect(g.shape == [3, 2, 4]) }
        expectClose(trace.states["h"]!, out.outputs, atol: 0)
        // c[t] = f[t] * c[t-1] + i[t] * g[t]
        let c = trace.states["c"]!
        let i = trace.gates["i"]!, f = trace.gates["f"]!, g = trace.gates["g"]!
        expectClose(c.slice(axis: 0, 1..<2), f.slice(axis: 0, 1..<2) * c.slice(axis: 0, 0..<1)
                    + i.slice(axis: 0, 1..<2) * g.slice(axis: 0, 1..<2), atol: 1e-14)
    }

    @Test func badLengthsAreNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4))
            _ = layer(Tensor.zeros([3, 2, 5]), lengths: [3, 4])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("lengths[1] = 4 is outside 1...3"))
    }

    @Test func wrongFeatureSizeIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4))
            _ = layer(Tensor.zeros([3, 2, 6]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("input of shape [3, 2, 6] has 6 features, expected inputSize 5"))
    }

    @Test func wrongMaskShapeIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Recurrent(GRUCell<Float>(inputSize: 5, hiddenSize: 4))
            _ = layer(Tensor.zeros([3, 2, 5]), mask: Tensor.ones([2, 3]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("mask of shape [2, 3], expected [T, B] = [3, 2]"))
    }
}
