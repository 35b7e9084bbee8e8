import Testing
@testable import LSTMKit
import LSTMKitOneDNN
import LSTMKitTestSupport

/// oneDNN's linear-before-reset GRU primitive against the reference cell and LSTMKit's fused kernel: forward and
/// every gradient in Float (the gate permutation r, z, n <-> u, r, o and the b_hn bias block included).
@Suite(.enabled(if: OneDNN.isAvailable)) struct OneDNNGRUTests {
    /// (T, B, D, H): pairwise distinct sizes, T = 1, B = 1, H != D, and a larger case.
    static let grid: [(Int, Int, Int, Int)] = [(3, 2, 5, 4), (1, 2, 5, 4), (3, 1, 5, 4), (1, 1, 5, 4), (7, 3, 6, 8)]

    @Test(arguments: grid.indices) func oneDNNEqualsReferenceAndFused(_ k: Int) {
        let (t, b, d, h) = Self.grid[k]
        let cell = GRUCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 240 + UInt64(k)))
        let x = randomFloats([t, b, d], seed: 1), h0 = randomFloats([b, h], seed: 2)
        expectLayerOneDNNMatches(Recurrent(cell), x: x, state0: [h0], "GRU T=\(t) B=\(b) D=\(d) H=\(h)")
    }

    @Test func noBiasBatchFirstReverse() {
        let cell = GRUCell<Float>(inputSize: 5, hiddenSize: 4, bias: false, rng: RandomSource(seed: 250))
        let layer = Recurrent(cell, batchFirst: true, reverse: true)
        expectLayerOneDNNMatches(layer, x: randomFloats([2, 3, 5], seed: 4), state0: [randomFloats([2, 4], seed: 5)],
                                 "GRU bias: false, batchFirst, reverse")
    }

    @Test func stackedBidirectional() {
        let gru = GRU<Float>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true, rng: RandomSource(seed: 251))
        let states = (0..<4).map { k in randomFloats([3, 4], seed: 20 + UInt64(k)) }
        expectStackOneDNNMatches(gru, x: randomFloats([4, 3, 5], seed: 13), state0: states, "GRU 2 layers bidirectional")
    }

    @Test func inferenceEqualsTrainingForward() {
        let cell = GRUCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 253))
        let layer = Recurrent(cell, implementation: .oneDNN)
        let x = randomFloats([3, 2, 5], seed: 15)
        let inference = withoutGrad { layer(x) }
        #expect(layer.lastImplementation == OneDNNBackend.kernel)
        expectClose(inference.outputs, layer(x).outputs, atol: 1e-6, rtol: 0, "inference vs training")
    }

    @Test func fallbacksAreExplicit() {
        let x = randomFloats([3, 2, 5], seed: 16)
        let layer = Recurrent(GRUCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 255)), implementation: .oneDNN)
        let next = RecurrentImplementation.native.resolved(for: layer.cell)   // "native-avx512" or "fused"
        _ = layer(x)
        #expect(layer.lastImplementation == OneDNNBackend.kernel)
        _ = layer(x, lengths: [3, 1])
        #expect(layer.lastImplementation == next, "lengths")
        _ = layer(x, trace: true)
        #expect(layer.lastImplementation == next, "trace")
        layer.regularization = RecurrentRegularization(zoneoutHidden: 0.1)
        _ = layer(x)
        #expect(layer.lastImplementation == .reference, "regularization")
        let double = Recurrent(GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 257)), implementation: .oneDNN)
        _ = double(randomTensor([3, 2, 5], seed: 16))
        #expect(double.lastImplementation == .fused, "Double")
    }
}
