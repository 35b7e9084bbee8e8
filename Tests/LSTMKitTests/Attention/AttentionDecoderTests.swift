import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct AttentionDecoderTests {
    // B = 2, E = 3, H = 4, S = 5, encoder outputs Dv = 6.
    static func decoder(_ cell: RecurrentCellKind, layers: Int = 1, feeding: Bool = true,
                        score: AttentionScore = .general) -> AttentionDecoder<Double> {
        AttentionDecoder<Double>(cell: cell, inputSize: 3, hiddenSize: 4, layerCount: layers, memorySize: 6,
                                 score: score, inputFeeding: feeding, rng: RandomSource(seed: 1))
    }

    /// The new state, h~ and the weights of one step, as one vector.
    static func flatStep(_ out: (state: AttentionDecoder<Double>.State, attentional: Tensor<Double>, weights: Tensor<Double>))
        -> Tensor<Double> {
        Tensor.concat(out.state.layers.flatMap { $0 }.map { $0.reshaped([-1]) } +
                      [out.attentional.reshaped([-1]), out.weights.reshaped([-1])])
    }

    @Test(arguments: [RecurrentCellKind.lstm, .gru]) func stepGradientsMatchFiniteDifferences(_ cell: RecurrentCellKind) {
        let decoder = Self.decoder(cell, layers: 2, score: .additive)
        let components = cell == .lstm ? 2 : 1
        let y = randomTensor([2, 3], seed: 2), keys = randomTensor([2, 5, 6], seed: 3)
        let states = (0..<(2 * components)).map { randomTensor([2, 4], seed: 10 + UInt64($0)) }
        let feed = randomTensor([2, 4], seed: 20)
        expectGradientsMatch([y, keys, feed] + states, parameters: decoder.parameters()) { x in
            let memory = decoder.attention.memory(keys: x[1], keyLengths: [5, 3])
            let layers = [Array(x[3..<(3 + components)]), Array(x[(3 + components)...])]
            let state = AttentionDecoder<Double>.State(layers: layers, attentional: x[2])
            return Self.flatStep(decoder.step(x[0], state: state, memory: memory))
        }
    }

    @Test func theStepFollowsTheEquations() {
        // The reference cell step, so equality is exact; the kernels are held to it in
        // AttentionDecoderImplementationTests.
        let decoder = Self.decoder(.lstm)
        decoder.implementation = .reference
        let y = randomTensor([2, 3], seed: 4), keys = randomTensor([2, 5, 6], seed: 5)
        let memory = decoder.attention.memory(keys: keys, keyLengths: [5, 2])
        var state = decoder.initialState(batchSize: 2, hidden: [randomTensor([2, 4], seed: 6)])
        state.attentional = randomTensor([2, 4], seed: 7)
        let out = decoder.step(y, state: state, memory: memory)
        // x = [y; h~[t-1]], one LSTMCell step, attention on the new h, h~ = tanh(W_c [c; h]).
        let cell = decoder.cells[0] as! LSTMCell<Double>
        let s = cell.step(Tensor.concat([y, state.attentional], axis: 1),
                          state: LSTMState(components: state.layers[0])).state
        let (context, weights) = decoder.attention(s.h.unsqueezed(1), memory: memory)
        let expected = tanh(matmul(Tensor.concat([context.reshaped([2, 6]), s.h], axis: 1),
                                   decoder.combine.weight.value, transposeB: true))
        expectClose(out.state.layers[0][1], s.c, atol: 0, rtol: 0)      // the reference step: the same ops, the same bits
        expectClose(out.attentional, expected, atol: 1e-15, rtol: 0)
        expectClose(out.weights, weights.reshaped([2, 5]), atol: 0, rtol: 0)
        #expect(out.weights[1, 2] == 0 && out.weights[1, 4] == 0)
    }

    @Test func parametersAndInputFeedingWidths() {
        let decoder = Self.decoder(.lstm, layers: 2)
        #expect(decoder.namedParameters().map(\.path) == [
            "cells.0.weightIH", "cells.0.weightHH", "cells.0.biasIH", "cells.0.biasHH",
            "cells.1.weightIH", "cells.1.weightHH", "cells.1.biasIH", "cells.1.biasHH",
            "attention.keyProjection.weight", "combine.weight"])
        #expect(decoder.namedParameters().map(\.parameter.shape) == [
            [16, 7], [16, 4], [16], [16], [16, 4], [16, 4], [16], [16], [4, 6], [4, 10]])
        // Without input feeding the first cell reads only y [B, E].
        #expect(Self.decoder(.gru, feeding: false).cells[0].inputSize == 3)
        #expect(Self.decoder(.gru, feeding: true).cells[0].inputSize == 7)
    }

    @Test(arguments: RecurrentCellKind.allCases) func everyCellKindSteps(_ kind: RecurrentCellKind) {
        let decoder = Self.decoder(kind, feeding: kind != .rnn)
        let memory = decoder.attention.memory(keys: randomTensor([2, 5, 6], seed: 8))
        let state = decoder.initialState(batchSize: 2)
        #expect(state.layers[0].count == (kind == .gru || kind == .rnn ? 1 : kind == .hyper ? 4 : 2))
        #expect(state.attentional.scalars.allSatisfy { $0 == 0 })
        let out = decoder.step(randomTensor([2, 3], seed: 9), state: state, memory: memory)
        #expect(out.attentional.shape == [2, 4] && out.weights.shape == [2, 5])
        let picked = out.state.selecting(rows: [1, 1, 0])
        #expect(picked.attentional.shape == [3, 4])
        expectClose(picked.layers[0][0].slice(axis: 0, 2..<3), out.state.layers[0][0].slice(axis: 0, 0..<1),
                    atol: 0, rtol: 0)
    }

    @Test func aWrongInputShapeStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let decoder = AttentionDecoder<Float>(cell: .lstm, inputSize: 3, hiddenSize: 4, memorySize: 6, score: .general)
            let memory = decoder.attention.memory(keys: Tensor.zeros([2, 5, 6]))
            _ = decoder.step(Tensor.zeros([2, 4]), state: decoder.initialState(batchSize: 2), memory: memory)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("AttentionDecoder.step: input of shape [2, 4], expected [B, E] = [2, 3]"))
    }
}
