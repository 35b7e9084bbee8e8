import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The fused GRU kernel against the reference cell: forward and every gradient, in Double at 1e-10.
@Suite struct GRUKernelTests {
    @Test(arguments: LSTMKernelTests.grid.indices) func fusedEqualsReference(_ k: Int) {
        let (t, b, d, h, lengths) = LSTMKernelTests.grid[k]
        let cell = GRUCell<Double>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 60 + UInt64(k)))
        let x = randomTensor([t, b, d], seed: 1), h0 = randomTensor([b, h], seed: 2)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0], lengths: lengths, atol: 1e-10,
                                         "GRU T=\(t) B=\(b) D=\(d) H=\(h) lengths=\(lengths.map { "\($0)" } ?? "-")")
    }

    @Test func noBiasCell() {
        let cell = GRUCell<Double>(inputSize: 5, hiddenSize: 4, bias: false, rng: RandomSource(seed: 70))
        let x = randomTensor([3, 2, 5], seed: 3), h0 = randomTensor([2, 4], seed: 4)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0], lengths: [2, 3], atol: 1e-10,
                                         "GRU bias: false")
    }

    @Test func floatMatchesAt1e5() {
        let cell = GRUCell<Float>(inputSize: 6, hiddenSize: 8, rng: RandomSource(seed: 71))
        let x = randomTensor([7, 3, 6], seed: 5).converted(to: Float.self)
        let h0 = randomTensor([3, 8], seed: 6).converted(to: Float.self)
        expectLayerFusedMatchesReference(Recurrent(cell), x: x, state0: [h0], lengths: [7, 3, 5], atol: 1e-5,
                                         "GRU Float")
    }

    @Test func stackedBidirectionalWithLengths() {
        let gru = GRU<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true, rng: RandomSource(seed: 72))
        let x = randomTensor([4, 3, 5], seed: 7)
        let states = (0..<4).map { k in randomTensor([3, 4], seed: 20 + UInt64(k)) }
        expectStackFusedMatchesReference(gru, x: x, state0: states, lengths: [4, 1, 3], atol: 1e-10,
                                         "GRU 2 layers bidirectional")
    }

    @Test func gradientCheckThroughFusedKernel() {
        let cell = GRUCell<Double>(inputSize: 3, hiddenSize: 2, rng: RandomSource(seed: 73))
        let layer = Recurrent(cell, implementation: .fused)
        let x = randomTensor([3, 2, 3], seed: 8), h0 = randomTensor([2, 2], seed: 9)
        expectGradientsMatch([x, h0], parameters: cell.parameters()) { v in
            let r = layer(v[0], initialState: HiddenState(h: v[1]), lengths: [3, 2])
            return r.outputs.sum(axis: 0) * r.finalState.h
        }
        #expect(layer.lastImplementation == .fused)
    }

    @Test func traceMatchesReference() {
        let cell = GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 74))
        let x = randomTensor([3, 2, 5], seed: 10)
        let fused = Recurrent(cell, implementation: .fused)(x, lengths: [1, 3], trace: true).trace!
        let reference = Recurrent(cell, implementation: .reference)(x, lengths: [1, 3], trace: true).trace!
        #expect(Set(fused.gates.keys) == ["r", "z", "n"] && Set(fused.states.keys) == ["h"])
        for (name, g) in reference.gates { expectClose(fused.gates[name]!, g, atol: 1e-12, rtol: 0, name) }
        expectClose(fused.states["h"]!, reference.states["h"]!, atol: 1e-12, rtol: 0, "h")
    }

    @Test func emptySequenceFallsBackToReference() {
        let layer = Recurrent(GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 75)), implementation: .fused)
        #expect(layer(Tensor.zeros([0, 2, 5])).outputs.shape == [0, 2, 4])
        #expect(layer.lastImplementation == .reference)
    }
}
