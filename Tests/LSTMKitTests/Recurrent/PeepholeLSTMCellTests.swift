import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Sizes B=2, D=5, H=4 for the step, T=3 for the unroll.
@Suite struct PeepholeLSTMCellTests {
    let x = randomTensor([2, 5], seed: 1)
    let h = randomTensor([2, 4], seed: 2)
    let c = randomTensor([2, 4], seed: 3)

    @Test func gradientsWithRespectToInputStateAndEveryParameter() {
        let cell = PeepholeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 4))
        #expect(cell.parameters().count == 7)
        expectGradientsMatch([x, h, c], parameters: cell.parameters()) { v in
            let s = cell(v[0], state: LSTMState(h: v[1], c: v[2]))
            return Tensor.concat([s.h, s.c * 0.5], axis: 1)
        }
    }

    @Test func stepFollowsItsEquations() {
        let cell = PeepholeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 5))
        let s = cell.step(x, state: LSTMState(h: h, c: c))
        let z = matmul(x, cell.weightIH.data, transposeB: true) + cell.biasIH!.data
            + matmul(h, cell.weightHH.data, transposeB: true) + cell.biasHH!.data
        let (pI, pF, pO) = (cell.peepholeI.data, cell.peepholeF.data, cell.peepholeO.data)
        let i = sigmoid(z.slice(axis: 1, 0..<4) + pI * c)
        let f = sigmoid(z.slice(axis: 1, 4..<8) + pF * c)
        let g = tanh(z.slice(axis: 1, 8..<12))
        let cNew = f * c + i * g
        let o = sigmoid(z.slice(axis: 1, 12..<16) + pO * cNew)       // the output gate sees the new c
        expectClose(s.state.c, cNew, atol: 1e-14)
        expectClose(s.state.h, o * tanh(cNew), atol: 1e-14)
        #expect(s.gates.count == 4)
        for (actual, expected) in zip(s.gates, [i, f, g, o]) { expectClose(actual, expected, atol: 1e-14) }
        // Peeking at the old c instead would give a different o.
        let oOld = sigmoid(z.slice(axis: 1, 12..<16) + pO * c)
        #expect(zip(s.gates[3].scalars, oOld.scalars).contains { Swift.abs($0 - $1) > 1e-3 })
    }

    @Test func parameterNamesShapesAndInit() {
        let cell = PeepholeLSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 6))
        let named = cell.namedParameters()
        #expect(named.map(\.path) == ["weightIH", "weightHH", "biasIH", "biasHH", "peepholeI", "peepholeF", "peepholeO"])
        #expect(named.map(\.parameter.shape) == [[16, 5], [16, 4], [16], [16], [4], [4], [4]])
        // U(-1/sqrt(H), 1/sqrt(H)) = U(-0.5, 0.5), peepholes included (and not all zero).
        #expect(cell.parameters().allSatisfy { $0.data.scalars.allSatisfy { Swift.abs($0) <= 0.5 } })
        #expect(cell.peepholeO.data.scalars.contains { $0 != 0 })
        #expect(cell.gateNames == ["i", "f", "g", "o"])
        #expect(cell.outputSize == 4)
        let noBias = PeepholeLSTMCell<Float>(inputSize: 5, hiddenSize: 4, bias: false)
        #expect(noBias.namedParameters().map(\.path) == ["weightIH", "weightHH", "peepholeI", "peepholeF", "peepholeO"])
        #expect(noBias.parameterCount == 16 * 5 + 16 * 4 + 3 * 4)
    }

    @Test func zeroPeepholesEqualAnLSTMCellWithTheSameWeights() {
        let cell = PeepholeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 7))
        for p in [cell.peepholeI, cell.peepholeF, cell.peepholeO] { p.data = .zeros([4]) }
        let lstm = LSTMCell<Double>(inputSize: 5, hiddenSize: 4)
        lstm.weightIH.data = cell.weightIH.data
        lstm.weightHH.data = cell.weightHH.data
        lstm.biasIH!.data = cell.biasIH!.data
        lstm.biasHH!.data = cell.biasHH!.data
        let a = cell.step(x, state: LSTMState(h: h, c: c)), b = lstm.step(x, state: LSTMState(h: h, c: c))
        expectClose(a.state.h, b.state.h, atol: 1e-15)
        expectClose(a.state.c, b.state.c, atol: 1e-15)
        for (ga, gb) in zip(a.gates, b.gates) { expectClose(ga, gb, atol: 1e-15) }
    }

    @Test func unrollWithLengthsAndTrace() {
        let cell = PeepholeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 8))
        let xs = randomTensor([3, 2, 5], seed: 9)                    // [T, B, D]
        let layer = Recurrent(cell)
        let out = layer(xs, lengths: [3, 2], trace: true)
        #expect(out.outputs.shape == [3, 2, 4])
        #expect(out.trace?.gates["o"]?.shape == [3, 2, 4])
        #expect(out.trace?.states["c"]?.shape == [3, 2, 4])
        // Each sequence run alone for its own length, step by step.
        for (b, n) in [(0, 3), (1, 2)] {
            var s = cell.zeroState(batchSize: 1)
            for t in 0..<n {
                s = cell(xs.slice(axis: 0, t..<(t + 1)).slice(axis: 1, b..<(b + 1)).squeezed(0), state: s)
                expectClose(out.outputs.slice(axis: 0, t..<(t + 1)).slice(axis: 1, b..<(b + 1)).squeezed(0), s.h,
                            atol: 1e-14)
            }
            expectClose(out.finalState.h.slice(axis: 0, b..<(b + 1)), s.h, atol: 1e-14)
            expectClose(out.finalState.c.slice(axis: 0, b..<(b + 1)), s.c, atol: 1e-14)
        }
        #expect(out.outputs.slice(axis: 0, 2..<3).slice(axis: 1, 1..<2).scalars.allSatisfy { $0 == 0 })
        expectGradientsMatch([xs], parameters: cell.parameters()) { v in
            let r = layer(v[0], lengths: [3, 2])
            return r.outputs.sum(axis: 0) + r.finalState.c
        }
    }

    @Test func stackConvenience() {
        let stack = PeepholeLSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true,
                                         rng: RandomSource(seed: 10))
        let out = stack(randomTensor([3, 2, 5], seed: 11))
        #expect(out.outputs.shape == [3, 2, 8])
        #expect(out.hN.shape == [4, 2, 4])
        #expect(out.cN?.shape == [4, 2, 4])
        #expect(stack.layers.allSatisfy { $0.lastImplementation == .reference })   // no kernel for this cell
        #expect(stack.layers[1].cell.weightIH.shape == [16, 8])
        #expect(stack.namedParameters().contains { $0.path == "reverseLayers.1.cell.peepholeO" })
    }

    @Test func wrongInputSizeNamesTheCell() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let cell = PeepholeLSTMCell<Float>(inputSize: 5, hiddenSize: 4)
            _ = cell(Tensor.zeros([2, 3]), state: cell.zeroState(batchSize: 2))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("PeepholeLSTMCell: input of shape [2, 3], expected [B, 5]"))
    }
}
