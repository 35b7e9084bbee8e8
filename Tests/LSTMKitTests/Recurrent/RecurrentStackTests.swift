import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct RecurrentStackTests {
    let x = randomTensor([3, 2, 5], seed: 31)

    @Test func shapesFollowPyTorch() {
        let lstm = LSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true, rng: RandomSource(seed: 1))
        let out = lstm(x)
        #expect(out.outputs.shape == [3, 2, 8])
        #expect(out.hN.shape == [4, 2, 4])
        #expect(out.cN?.shape == [4, 2, 4])
        #expect(lstm.layers[1].cell.weightIH.shape == [16, 8])
        let names = lstm.pytorchParameterNames()
        #expect(names["layers.0.cell.weightIH"] == "weight_ih_l0")
        #expect(names["reverseLayers.1.cell.biasHH"] == "bias_hh_l1_reverse")
        #expect(names.count == 16)
        let gru = GRU<Double>(inputSize: 5, hiddenSize: 4, batchFirst: true)
        #expect(gru(x.transposed(0, 1)).outputs.shape == [2, 3, 4])
        #expect(gru(x.transposed(0, 1)).cN == nil)
    }

    @Test func stackGradientsWithInitialStateAndLengths() {
        let lstm = LSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true,
                                implementation: .reference, rng: RandomSource(seed: 2))
        let h0 = randomTensor([2, 4], seed: 3), c0 = randomTensor([2, 4], seed: 4)
        expectGradientsMatch([x, h0, c0], parameters: lstm.parameters()) { v in
            let states = (0..<4).map { _ in LSTMState(h: v[1], c: v[2]) }
            let out = lstm(v[0], initialStates: states, lengths: [3, 2])
            return out.outputs.sum(axis: 0) + out.hN.sum(axis: 0).sum(axis: 1, keepDims: true)
        }
    }

    @Test func residualAddsLayerInput() {
        let rnn = RNN<Double>(inputSize: 4, hiddenSize: 4, layerCount: 2, residual: true, rng: RandomSource(seed: 5))
        let x4 = randomTensor([3, 2, 4], seed: 6)
        let out = rnn(x4).outputs
        let first = rnn.layers[0](x4).outputs
        let second = rnn.layers[1](first).outputs
        expectClose(out, second + first, atol: 1e-14)
    }

    @Test func dropoutBetweenLayersOnlyInTraining() {
        let lstm = LSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, dropout: 0.5, rng: RandomSource(seed: 7))
        lstm.eval()
        let a = lstm(x).outputs, b = lstm(x).outputs
        expectClose(a, b, atol: 0)
        lstm.train()
        let c = lstm(x).outputs
        #expect(c.scalars != a.scalars)
    }
}
