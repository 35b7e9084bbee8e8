import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct RecurrentEncoderTests {
    @Test func lstmEncoderEqualsTheStackItWraps() {
        let config = RecurrentEncoderConfig(cell: .lstm, inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true)
        let encoder = RecurrentEncoder<Double>(config, rng: RandomSource(seed: 1))
        let stack = LSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true, rng: RandomSource(seed: 1))
        #expect(encoder.namedParameters().map(\.path) == stack.namedParameters().map(\.path))
        #expect(encoder.namedParameters().map(\.path).first == "layers.0.cell.weightIH")
        let x = randomTensor([3, 2, 5], seed: 2)
        let a = encoder(x, lengths: [3, 2]), b = stack(x, lengths: [3, 2])
        expectClose(a.outputs, b.outputs, atol: 0, rtol: 0)
        #expect(a.finalStates.count == 4)
        expectClose(a.finalStates[3].components[1], b.finalStates[3].c, atol: 0, rtol: 0)
        #expect(encoder.pytorchParameterNames()["reverseLayers.1.cell.biasHH"] == "bias_hh_l1_reverse")
    }

    @Test(arguments: RecurrentCellKind.allCases) func everyCellRunsWithItsStateShape(_ kind: RecurrentCellKind) {
        let config = RecurrentEncoderConfig(cell: kind, inputSize: 3, hiddenSize: 6, layerCount: 2, residual: true)
        let encoder = RecurrentEncoder<Double>(config, rng: RandomSource(seed: 3))
        let out = encoder(randomTensor([4, 2, 3], seed: 4))
        #expect(out.outputs.shape == [4, 2, 6])
        let componentCount = kind == .gru || kind == .rnn ? 1 : kind == .hyper ? 4 : 2
        #expect(out.finalStates.allSatisfy { $0.components.count == componentCount })
        #expect(encoder.zeroStates(batchSize: 2).map { $0.components.count } == [componentCount, componentCount])
        // Carried state in, the same sequence continued: states are accepted back.
        let next = encoder(randomTensor([2, 2, 3], seed: 5), initialStates: out.finalStates)
        #expect(next.outputs.shape == [2, 2, 6])
    }

    @Test func evalModeReachesTheWrappedStack() {
        let config = RecurrentEncoderConfig(cell: .lstm, inputSize: 3, hiddenSize: 8, layerCount: 2, dropout: 0.5)
        let encoder = RecurrentEncoder<Double>(config, rng: RandomSource(seed: 6))
        let x = randomTensor([3, 2, 3], seed: 7)
        encoder.eval()
        // Evaluation is deterministic: the inter-layer dropout is off.
        expectClose(encoder(x).outputs, encoder(x).outputs, atol: 0, rtol: 0)
        encoder.train()
        #expect(encoder(x).outputs.scalars != encoder(x).outputs.scalars)
    }

    @Test func regularizationAndProjectionComeFromTheConfig() {
        let config = RecurrentEncoderConfig(cell: .lstm, inputSize: 3, hiddenSize: 8, projectionSize: 5,
                                            recurrentDropout: 0.2, zoneout: 0.1, weightDrop: 0.3)
        let encoder = RecurrentEncoder<Double>(config, rng: RandomSource(seed: 8))
        #expect(encoder(randomTensor([2, 2, 3], seed: 9)).outputs.shape == [2, 2, 5])
        #expect(config.regularization == RecurrentRegularization(recurrentDropout: 0.2, zoneoutHidden: 0.1,
                                                                   zoneoutCell: 0.1, weightDropout: 0.3))
        #expect(RecurrentEncoderConfig(cell: .gru, inputSize: 1, hiddenSize: 4, projectionSize: 2).problem?.field
                == "projectionSize")
        #expect(RecurrentEncoderConfig(inputSize: 1, hiddenSize: 0).problem?.field == "hiddenSize")
        #expect(RecurrentEncoderConfig(inputSize: 1, hiddenSize: 4, zoneout: 1).problem?.field == "zoneout")
    }
}
