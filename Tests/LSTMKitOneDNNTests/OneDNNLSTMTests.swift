import Testing
@testable import LSTMKit
import LSTMKitOneDNN
import LSTMKitTestSupport

/// oneDNN's LSTM primitive against both witnesses (the reference cell and LSTMKit's fused kernel): forward and
/// every gradient in Float, on a shape grid; and the configurations that fall back down the chain (`.native`,
/// then `.fused`, then `.reference`).
@Suite(.enabled(if: OneDNN.isAvailable)) struct OneDNNLSTMTests {
    /// (T, B, D, H): pairwise distinct sizes, T = 1, B = 1, H != D, and a larger case.
    static let grid: [(Int, Int, Int, Int)] = [(3, 2, 5, 4), (1, 2, 5, 4), (3, 1, 5, 4), (1, 1, 5, 4), (7, 3, 6, 8)]

    @Test(arguments: grid.indices) func oneDNNEqualsReferenceAndFused(_ k: Int) {
        let (t, b, d, h) = Self.grid[k]
        let cell = LSTMCell<Float>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 140 + UInt64(k)))
        let x = randomFloats([t, b, d], seed: 1), h0 = randomFloats([b, h], seed: 2), c0 = randomFloats([b, h], seed: 3)
        expectLayerOneDNNMatches(Recurrent(cell), x: x, state0: [h0, c0], "LSTM T=\(t) B=\(b) D=\(d) H=\(h)")
    }

    @Test func noBiasBatchFirstReverse() {
        let cell = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, bias: false, rng: RandomSource(seed: 150))
        let layer = Recurrent(cell, batchFirst: true, reverse: true)
        expectLayerOneDNNMatches(layer, x: randomFloats([2, 3, 5], seed: 4),
                                 state0: [randomFloats([2, 4], seed: 5), randomFloats([2, 4], seed: 6)],
                                 "LSTM bias: false, batchFirst, reverse")
    }

    @Test func stackedBidirectional() {
        let lstm = LSTM<Float>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true, rng: RandomSource(seed: 151))
        let states = (0..<4).flatMap { k in [randomFloats([3, 4], seed: 20 + UInt64(k)), randomFloats([3, 4], seed: 30 + UInt64(k))] }
        expectStackOneDNNMatches(lstm, x: randomFloats([4, 3, 5], seed: 13), state0: states, "LSTM 2 layers bidirectional")
    }

    @Test func stackedLayersOfOneShape() {
        // D = H: both layers share one cached primitive set, and both forward workspaces wait for backward.
        let lstm = LSTM<Float>(inputSize: 6, hiddenSize: 6, layerCount: 2, rng: RandomSource(seed: 152))
        let states = (0..<2).flatMap { k in [randomFloats([2, 6], seed: 40 + UInt64(k)), randomFloats([2, 6], seed: 50 + UInt64(k))] }
        expectStackOneDNNMatches(lstm, x: randomFloats([5, 2, 6], seed: 14), state0: states, "LSTM 2 layers D = H")
    }

    @Test func inferenceEqualsTrainingForwardAndTracksWeightUpdates() {
        let cell = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 153))
        let layer = Recurrent(cell, implementation: .oneDNN)
        let x = randomFloats([3, 2, 5], seed: 15)
        let inference = withoutGrad { layer(x) }
        #expect(layer.lastImplementation == OneDNNBackend.kernel && !inference.outputs.requiresGrad)
        let training = layer(x)
        #expect(training.outputs.requiresGrad)
        expectClose(inference.outputs, training.outputs, atol: 1e-6, rtol: 0, "inference vs training")
        // An optimizer step changes the weights in place: the next call must see them.
        cell.weightHH.data = cell.weightHH.data * 0.5
        let updated = withoutGrad { layer(x) }
        layer.implementation = .reference
        expectClose(updated.outputs, withoutGrad { layer(x) }.outputs, atol: 1e-5, rtol: 0, "after a weight update")
    }

    @Test func backwardTwiceWithRetainedGraph() {
        let cell = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 154))
        let loss = Recurrent(cell, implementation: .oneDNN)(randomFloats([3, 2, 5], seed: 18)).outputs.sum()
        loss.backward(retainGraph: true)
        let once = cell.weightHH.grad!
        loss.backward()
        expectClose(cell.weightHH.grad!, once * 2, atol: 1e-6)
    }

    @Test func fallbacksAreExplicit() {
        let x = randomFloats([3, 2, 5], seed: 16)
        let layer = Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 155)), implementation: .oneDNN)
        #expect(layer.implementation.fallbackChain(for: layer.cell)
                == [OneDNNBackend.kernel] + (NativeKernels.kernel.map { [$0] } ?? []) + [.fused, .reference])
        #expect(layer.resolvedImplementation == OneDNNBackend.kernel)
        // What oneDNN declines goes to `.native`: "native-avx512" on a CPU with AVX-512, else "fused".
        let next = RecurrentImplementation.native.resolved(for: layer.cell)
        _ = layer(x)
        #expect(layer.lastImplementation == OneDNNBackend.kernel)
        _ = layer(x, lengths: [3, 1])
        #expect(layer.lastImplementation == next, "lengths")
        _ = layer(x, mask: Tensor(shape: [3, 2], scalars: [1, 1, 1, 1, 1, 0]))
        #expect(layer.lastImplementation == next, "mask")
        _ = layer(x, lengths: [3, 3])
        #expect(layer.lastImplementation == OneDNNBackend.kernel, "full lengths are no mask")
        _ = layer(x, trace: true)
        #expect(layer.lastImplementation == next, "trace")
        _ = layer(Tensor.zeros([0, 2, 5]))
        #expect(layer.lastImplementation == .reference, "T = 0")
        layer.regularization = RecurrentRegularization(recurrentDropout: 0.5)
        _ = layer(x)
        #expect(layer.lastImplementation == .reference, "regularization")

        let projected = Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4, projectionSize: 2, rng: RandomSource(seed: 156)),
                                  implementation: .oneDNN)
        _ = projected(x)
        #expect(projected.lastImplementation == .fused, "projection")
        let double = Recurrent(LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 157)), implementation: .oneDNN)
        _ = double(randomTensor([3, 2, 5], seed: 16))
        #expect(double.lastImplementation == .fused, "Double")
    }
}
