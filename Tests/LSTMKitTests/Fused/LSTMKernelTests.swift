import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The fused LSTM kernel against the reference cell: forward and every gradient, in Double at 1e-10.
@Suite struct LSTMKernelTests {
    /// (T, B, D, H, lengths): T = 1, B = 1, H != D, prefix masks from lengths, and a larger case.
    static let grid: [(Int, Int, Int, Int, [Int]?)] = [
        (3, 2, 5, 4, nil), (1, 2, 5, 4, nil), (3, 1, 5, 4, nil), (1, 1, 5, 4, nil), (7, 3, 6, 8, nil),
        (3, 2, 5, 4, [3, 1]), (3, 1, 5, 4, [2]), (7, 3, 6, 8, [7, 2, 5]), (4, 3, 3, 6, [1, 4, 2]),
    ]

    @Test(arguments: grid.indices) func fusedEqualsReference(_ k: Int) {
        let (t, b, d, h, lengths) = Self.grid[k]
        let cell = LSTMCell<Double>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 40 + UInt64(k)))
        let x = randomTensor([t, b, d], seed: 1), h0 = randomTensor([b, h], seed: 2), c0 = randomTensor([b, h], seed: 3)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0, c0], lengths: lengths, atol: 1e-10,
                                         "LSTM T=\(t) B=\(b) D=\(d) H=\(h) lengths=\(lengths.map { "\($0)" } ?? "-")")
    }

    @Test func batchFirstAndReverse() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 50))
        let x = randomTensor([2, 3, 5], seed: 4), h0 = randomTensor([2, 4], seed: 5), c0 = randomTensor([2, 4], seed: 6)
        let layer = Recurrent(cell, batchFirst: true, reverse: true)
        expectLayerFusedMatchesReference(layer, x: x, state0: [h0, c0], lengths: [3, 2], atol: 1e-10,
                                         "LSTM batchFirst reverse")
    }

    @Test func noBiasCell() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, bias: false, rng: RandomSource(seed: 51))
        let x = randomTensor([3, 2, 5], seed: 7), h0 = randomTensor([2, 4], seed: 8), c0 = randomTensor([2, 4], seed: 9)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0, c0], lengths: [2, 3], atol: 1e-10,
                                         "LSTM bias: false")
    }

    @Test func floatMatchesAt1e5() {
        let cell = LSTMCell<Float>(inputSize: 6, hiddenSize: 8, rng: RandomSource(seed: 52))
        let x = randomTensor([7, 3, 6], seed: 10).converted(to: Float.self)
        let h0 = randomTensor([3, 8], seed: 11).converted(to: Float.self)
        let c0 = randomTensor([3, 8], seed: 12).converted(to: Float.self)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0, c0], lengths: [7, 3, 5], atol: 1e-5,
                                         "LSTM Float")
    }

    @Test func stackedBidirectionalWithLengths() {
        let lstm = LSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true,
                                rng: RandomSource(seed: 53))
        let x = randomTensor([4, 3, 5], seed: 13)
        let states = (0..<4).flatMap { k in [randomTensor([3, 4], seed: 20 + UInt64(k)), randomTensor([3, 4], seed: 30 + UInt64(k))] }
        expectStackFusedMatchesReference(lstm, x: x, state0: states, lengths: [4, 1, 3], atol: 1e-10,
                                         "LSTM 2 layers bidirectional")
    }

    @Test func gradientCheckThroughFusedKernel() {
        let cell = LSTMCell<Double>(inputSize: 3, hiddenSize: 2, rng: RandomSource(seed: 54))
        let layer = Recurrent(cell, implementation: .fused)
        let x = randomTensor([3, 2, 3], seed: 14), h0 = randomTensor([2, 2], seed: 15), c0 = randomTensor([2, 2], seed: 16)
        expectGradientsMatch([x, h0, c0], parameters: cell.parameters()) { v in
            let r = layer(v[0], initialState: LSTMState(h: v[1], c: v[2]), lengths: [3, 2])
            return r.outputs.sum(axis: 0) * r.finalState.c + r.finalState.h
        }
        #expect(layer.lastImplementation == .fused)
    }

    @Test(arguments: [0, 3]) func traceMatchesReference(projectionSize: Int) {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, projectionSize: projectionSize, rng: RandomSource(seed: 55))
        let x = randomTensor([3, 2, 5], seed: 17)
        let fused = Recurrent(cell, implementation: .fused)(x, lengths: [3, 1], trace: true).trace!
        let reference = Recurrent(cell, implementation: .reference)(x, lengths: [3, 1], trace: true).trace!
        #expect(Set(fused.gates.keys) == ["i", "f", "g", "o"] && Set(fused.states.keys) == ["h", "c"])
        for (name, g) in reference.gates { expectClose(fused.gates[name]!, g, atol: 1e-12, rtol: 0, name) }
        for (name, s) in reference.states { expectClose(fused.states[name]!, s, atol: 1e-12, rtol: 0, name) }
    }

    @Test func backwardTwiceWithRetainedGraph() {
        // The cache must survive a backward pass: the second one adds the same gradients again.
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 56))
        let layer = Recurrent(cell, implementation: .fused)
        let loss = layer(randomTensor([3, 2, 5], seed: 18), lengths: [2, 3]).outputs.sum()
        loss.backward(retainGraph: true)
        let once = cell.weightHH.grad!
        loss.backward()
        expectClose(cell.weightHH.grad!, once * 2, atol: 1e-14)
    }

    @Test func inferenceWithoutGrad() {
        let cell = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 57))
        let x = randomTensor([3, 2, 5], seed: 19).converted(to: Float.self)
        let fused = withoutGrad { Recurrent(cell, implementation: .fused)(x) }
        let reference = withoutGrad { Recurrent(cell, implementation: .reference)(x) }
        #expect(!fused.outputs.requiresGrad)
        expectClose(fused.outputs, reference.outputs, atol: 1e-6, rtol: 0)
    }

    /// (T, B, D, H, P, lengths) with a projection (LSTMP, PyTorch's proj_size).
    static let projectedGrid: [(Int, Int, Int, Int, Int, [Int]?)] = [
        (3, 2, 5, 4, 3, nil), (1, 1, 5, 4, 2, nil), (7, 3, 6, 8, 5, [7, 2, 5]), (3, 2, 4, 6, 1, [1, 3]),
    ]

    @Test(arguments: projectedGrid.indices) func projectedFusedEqualsReference(_ k: Int) {
        let (t, b, d, h, p, lengths) = Self.projectedGrid[k]
        let cell = LSTMCell<Double>(inputSize: d, hiddenSize: h, projectionSize: p, rng: RandomSource(seed: 80 + UInt64(k)))
        let x = randomTensor([t, b, d], seed: 1), h0 = randomTensor([b, p], seed: 2), c0 = randomTensor([b, h], seed: 3)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0, c0], lengths: lengths, atol: 1e-10,
                                         "LSTMP T=\(t) B=\(b) D=\(d) H=\(h) P=\(p) lengths=\(lengths.map { "\($0)" } ?? "-")")
    }

    @Test func projectedStackAndGradientCheck() {
        let lstm = LSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true, projectionSize: 3,
                                rng: RandomSource(seed: 90))
        let x = randomTensor([4, 3, 5], seed: 22)
        let states = (0..<4).flatMap { k in [randomTensor([3, 3], seed: 40 + UInt64(k)), randomTensor([3, 4], seed: 50 + UInt64(k))] }
        expectStackFusedMatchesReference(lstm, x: x, state0: states, lengths: [2, 4, 1], atol: 1e-10,
                                         "LSTMP 2 layers bidirectional")
        let cell = LSTMCell<Double>(inputSize: 3, hiddenSize: 3, bias: false, projectionSize: 2, rng: RandomSource(seed: 91))
        let layer = Recurrent(cell, implementation: .fused)
        expectGradientsMatch([randomTensor([3, 2, 3], seed: 23)], parameters: cell.parameters()) { v in
            let r = layer(v[0], lengths: [2, 3])
            return r.outputs.sum(axis: 0) * r.finalState.h + r.finalState.c.sum(axis: 1, keepDims: true)
        }
        #expect(layer.lastImplementation == .fused)
    }

    @Test func emptySequenceFallsBackToReference() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 58))
        let layer = Recurrent(cell, implementation: .fused)
        let out = layer(Tensor.zeros([0, 2, 5]))
        #expect(out.outputs.shape == [0, 2, 4])
        #expect(layer.lastImplementation == .reference)
        _ = layer(Tensor.zeros([1, 2, 5]))
        #expect(layer.lastImplementation == .fused)
    }

    @Test func theDefaultRunsTheSwiftKernelInDouble() {
        // `.native` (the default) has no native kernel for Double: it lands on "fused".
        let lstm = LSTM<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 59))
        _ = lstm(randomTensor([3, 2, 5], seed: 21))
        #expect(lstm.layers[0].lastImplementation == .fused)
    }
}
