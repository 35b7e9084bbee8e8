import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Sizes B=2, D=5, H=4 for the step, T=3 for the unroll.
@Suite struct CIFGLSTMCellTests {
    let x = randomTensor([2, 5], seed: 21)
    let h = randomTensor([2, 4], seed: 22)
    let c = randomTensor([2, 4], seed: 23)

    @Test func gradientsWithRespectToInputStateAndEveryParameter() {
        let cell = CIFGLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 24))
        #expect(cell.parameters().count == 4)
        expectGradientsMatch([x, h, c], parameters: cell.parameters()) { v in
            let s = cell(v[0], state: LSTMState(h: v[1], c: v[2]))
            return Tensor.concat([s.h, s.c * 0.5], axis: 1)
        }
    }

    @Test func stepFollowsItsEquations() {
        // Gate blocks in the order f, g, o.
        let cell = CIFGLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 25))
        let s = cell.step(x, state: LSTMState(h: h, c: c))
        let z = matmul(x, cell.weightIH.data, transposeB: true) + cell.biasIH!.data
            + matmul(h, cell.weightHH.data, transposeB: true) + cell.biasHH!.data
        let f = sigmoid(z.slice(axis: 1, 0..<4))
        let g = tanh(z.slice(axis: 1, 4..<8))
        let o = sigmoid(z.slice(axis: 1, 8..<12))
        let cNew = f * c + (1 - f) * g
        expectClose(s.state.c, cNew, atol: 1e-14)
        expectClose(s.state.h, o * tanh(cNew), atol: 1e-14)
        #expect(s.gates.count == 4)
        for (actual, expected) in zip(s.gates, [1 - f, f, g, o]) { expectClose(actual, expected, atol: 1e-14) }
    }

    @Test func parameterNamesShapesAndInit() {
        let cell = CIFGLSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 26))
        let named = cell.namedParameters()
        #expect(named.map(\.path) == ["weightIH", "weightHH", "biasIH", "biasHH"])
        #expect(named.map(\.parameter.shape) == [[12, 5], [12, 4], [12], [12]])
        #expect(cell.parameters().allSatisfy { $0.data.scalars.allSatisfy { Swift.abs($0) <= 0.5 } })
        #expect(cell.gateNames == ["i", "f", "g", "o"])
        #expect(cell.outputSize == 4)
        let noBias = CIFGLSTMCell<Float>(inputSize: 5, hiddenSize: 4, bias: false)
        #expect(noBias.parameterCount == 12 * 5 + 12 * 4)
    }

    @Test func equalsAnLSTMCellWithNegatedForgetWeightsAsInputWeights() {
        // i = 1 - f = sigmoid(-z_f): an LSTM with blocks (-f, f, g, o) is the same cell.
        let cell = CIFGLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 27))
        let lstm = LSTMCell<Double>(inputSize: 5, hiddenSize: 4)
        func expand(_ w: Tensor<Double>) -> Tensor<Double> {
            let fgo = w.chunked(3, axis: 0)
            return Tensor.concat([-fgo[0], fgo[0], fgo[1], fgo[2]], axis: 0)
        }
        lstm.weightIH.data = expand(cell.weightIH.data)
        lstm.weightHH.data = expand(cell.weightHH.data)
        lstm.biasIH!.data = expand(cell.biasIH!.data)
        lstm.biasHH!.data = expand(cell.biasHH!.data)
        let a = cell.step(x, state: LSTMState(h: h, c: c)), b = lstm.step(x, state: LSTMState(h: h, c: c))
        expectClose(a.state.h, b.state.h, atol: 1e-14)
        expectClose(a.state.c, b.state.c, atol: 1e-14)
        for (ga, gb) in zip(a.gates, b.gates) { expectClose(ga, gb, atol: 1e-14) }
    }

    @Test func unrollWithLengthsTracesCoupledGates() {
        let cell = CIFGLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 28))
        let xs = randomTensor([3, 2, 5], seed: 29)                   // [T, B, D]
        let layer = Recurrent(cell)
        let out = layer(xs, lengths: [3, 1], trace: true)
        let gates = out.trace?.gates ?? [:]
        #expect(Set(gates.keys) == ["i", "f", "g", "o"])
        expectClose(gates["i"]! + gates["f"]!, Tensor.ones([3, 2, 4]), atol: 1e-15)
        // Sequence 1 (length 1) ends after its first step; its padded outputs are zero.
        let alone = layer(xs.slice(axis: 0, 0..<1).slice(axis: 1, 1..<2))
        expectClose(out.finalState.h.slice(axis: 0, 1..<2), alone.finalState.h, atol: 1e-14)
        expectClose(out.finalState.c.slice(axis: 0, 1..<2), alone.finalState.c, atol: 1e-14)
        #expect(out.outputs.slice(axis: 0, 1..<3).slice(axis: 1, 1..<2).scalars.allSatisfy { $0 == 0 })
        expectGradientsMatch([xs], parameters: cell.parameters()) { v in
            let r = layer(v[0], lengths: [3, 1])
            return r.outputs.sum(axis: 0) + r.finalState.c
        }
    }

    @Test func stackConvenience() {
        let stack = CIFGLSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, batchFirst: true,
                                     rng: RandomSource(seed: 30))
        let out = stack(randomTensor([2, 3, 5], seed: 31))         // [B, T, D]
        #expect(out.outputs.shape == [2, 3, 4])
        #expect(out.cN?.shape == [2, 2, 4])
        #expect(stack.layers.allSatisfy { $0.lastImplementation == .reference })   // no kernel for this cell
        #expect(stack.layers[1].cell.weightIH.shape == [12, 4])
    }

    @Test func wrongStateShapeNamesTheCell() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let cell = CIFGLSTMCell<Float>(inputSize: 5, hiddenSize: 4)
            _ = cell(Tensor.zeros([2, 5]), state: LSTMState(h: .zeros([2, 4]), c: .zeros([2, 3])))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("CIFGLSTMCell: initial state component 1 (c) has shape [2, 3], expected [2, 4]"))
    }
}
