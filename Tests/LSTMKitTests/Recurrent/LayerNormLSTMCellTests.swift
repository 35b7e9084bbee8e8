import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Sizes B=2, D=5, H=4 for the step, T=3 for the unroll.
@Suite struct LayerNormLSTMCellTests {
    let x = randomTensor([2, 5], seed: 41)
    let h = randomTensor([2, 4], seed: 42)
    let c = randomTensor([2, 4], seed: 43)

    /// A cell whose bias and norm gains/shifts are random too (at init they are 0 and 1, which would hide
    /// a swapped gain and shift).
    func randomizedCell(seed: UInt64, epsilon: Double = 1e-5) -> LayerNormLSTMCell<Double> {
        let cell = LayerNormLSTMCell<Double>(inputSize: 5, hiddenSize: 4, epsilon: epsilon, rng: RandomSource(seed: seed))
        for (k, p) in [cell.bias, cell.inputNormWeight, cell.inputNormBias, cell.hiddenNormWeight, cell.hiddenNormBias,
                       cell.cellNormWeight, cell.cellNormBias].enumerated() {
            p.data = randomTensor(p.shape, seed: seed * 100 + UInt64(k), low: 0.5, high: 1.5)
        }
        return cell
    }

    @Test func gradientsWithRespectToInputStateAndEveryParameter() {
        let cell = randomizedCell(seed: 44)
        #expect(cell.parameters().count == 9)
        expectGradientsMatch([x, h, c], parameters: cell.parameters()) { v in
            let s = cell(v[0], state: LSTMState(h: v[1], c: v[2]))
            return Tensor.concat([s.h, s.c * 0.5], axis: 1)
        }
    }

    @Test func stepFollowsItsEquations() {
        // The LN oracle is the library's `LayerNorm` layer, loaded with the cell's gains and shifts.
        let cell = randomizedCell(seed: 45)
        func ln(_ a: Tensor<Double>, _ w: Parameter<Double>, _ b: Parameter<Double>) -> Tensor<Double> {
            let layer = LayerNorm<Double>(a.shape[1], epsilon: 1e-5)
            layer.weight!.data = w.data
            layer.bias!.data = b.data
            return layer(a)
        }
        let s = cell.step(x, state: LSTMState(h: h, c: c))
        let z = ln(matmul(x, cell.weightIH.data, transposeB: true), cell.inputNormWeight, cell.inputNormBias)
            + ln(matmul(h, cell.weightHH.data, transposeB: true), cell.hiddenNormWeight, cell.hiddenNormBias)
            + cell.bias.data                                                       // [B, 16]
        let i = sigmoid(z.slice(axis: 1, 0..<4)), f = sigmoid(z.slice(axis: 1, 4..<8))
        let g = tanh(z.slice(axis: 1, 8..<12)), o = sigmoid(z.slice(axis: 1, 12..<16))
        let cNew = f * c + i * g                                                   // carried unnormalized
        expectClose(s.state.c, cNew, atol: 1e-14)
        expectClose(s.state.h, o * tanh(ln(cNew, cell.cellNormWeight, cell.cellNormBias)), atol: 1e-14)
        for (actual, expected) in zip(s.gates, [i, f, g, o]) { expectClose(actual, expected, atol: 1e-14) }
    }

    @Test func parameterNamesShapesAndInit() {
        let cell = LayerNormLSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 46))
        let named = cell.namedParameters()
        #expect(named.map(\.path) == ["weightIH", "weightHH", "bias", "inputNormWeight", "inputNormBias",
                                      "hiddenNormWeight", "hiddenNormBias", "cellNormWeight", "cellNormBias"])
        #expect(named.map(\.parameter.shape) == [[16, 5], [16, 4], [16], [16], [16], [16], [16], [4], [4]])
        for w in [cell.weightIH, cell.weightHH] {
            #expect(w.data.scalars.allSatisfy { Swift.abs($0) <= 0.5 } && w.data.scalars.contains { $0 != 0 })
        }
        for p in [cell.bias, cell.inputNormBias, cell.hiddenNormBias, cell.cellNormBias] {
            #expect(p.data.scalars.allSatisfy { $0 == 0 })
        }
        for p in [cell.inputNormWeight, cell.hiddenNormWeight, cell.cellNormWeight] {
            #expect(p.data.scalars.allSatisfy { $0 == 1 })
        }
        #expect(cell.epsilon == 1e-5)
        #expect(cell.gateNames == ["i", "f", "g", "o"])
        #expect(cell.outputSize == 4)
    }

    @Test func outputsIgnoreThePositiveScaleOfTheWeights() {
        // LN(s * a) = LN(a) for s > 0 (exactly when eps = 0; eps is tiny here).
        let cell = randomizedCell(seed: 47, epsilon: 1e-12)
        let before = cell.step(x, state: LSTMState(h: h, c: c))
        cell.weightIH.data = cell.weightIH.data * 3.5
        cell.weightHH.data = cell.weightHH.data * 0.25
        let after = cell.step(x, state: LSTMState(h: h, c: c))
        expectClose(after.state.h, before.state.h, atol: 1e-10)
        expectClose(after.state.c, before.state.c, atol: 1e-10)
        // A negative scale is not removed (LN flips sign), so the test above is not vacuous.
        cell.weightIH.data = cell.weightIH.data * -1
        let flipped = cell.step(x, state: LSTMState(h: h, c: c))
        #expect(zip(flipped.state.h.scalars, before.state.h.scalars).contains { Swift.abs($0 - $1) > 1e-3 })
    }

    @Test func unrollWithLengthsFromTheZeroState() {
        // The zero initial state makes h @ W_hh^T a constant row: eps keeps its LN finite (it is b_h).
        let cell = randomizedCell(seed: 48)
        let xs = randomTensor([3, 2, 5], seed: 49)                   // [T, B, D]
        let layer = Recurrent(cell)
        let out = layer(xs, lengths: [2, 3], trace: true)
        #expect(out.outputs.shape == [3, 2, 4])
        #expect(out.trace?.gates["f"]?.shape == [3, 2, 4])
        #expect(out.outputs.scalars.allSatisfy { $0.isFinite })
        for (b, n) in [(0, 2), (1, 3)] {
            var s = cell.zeroState(batchSize: 1)
            for t in 0..<n { s = cell(xs.slice(axis: 0, t..<(t + 1)).slice(axis: 1, b..<(b + 1)).squeezed(0), state: s) }
            expectClose(out.finalState.h.slice(axis: 0, b..<(b + 1)), s.h, atol: 1e-14)
            expectClose(out.finalState.c.slice(axis: 0, b..<(b + 1)), s.c, atol: 1e-14)
        }
        #expect(out.outputs.slice(axis: 0, 2..<3).slice(axis: 1, 0..<1).scalars.allSatisfy { $0 == 0 })
        expectGradientsMatch([xs], parameters: cell.parameters()) { v in
            let r = layer(v[0], lengths: [2, 3])
            return r.outputs.sum(axis: 0) + r.finalState.c
        }
    }

    @Test func stackConvenience() {
        let stack = LayerNormLSTM<Double>(inputSize: 5, hiddenSize: 4, layerCount: 2, epsilon: 1e-3,
                                          bidirectional: true, rng: RandomSource(seed: 50))
        let out = stack(randomTensor([3, 2, 5], seed: 51))
        #expect(out.outputs.shape == [3, 2, 8])
        #expect(out.cN?.shape == [4, 2, 4])
        #expect(stack.layers[1].cell.epsilon == 1e-3)
        #expect(stack.layers[1].cell.weightIH.shape == [16, 8])
        #expect(stack.namedParameters().contains { $0.path == "layers.0.cell.cellNormWeight" })
    }

    @Test func nonPositiveEpsilonIsRejected() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LayerNormLSTMCell<Float>(inputSize: 5, hiddenSize: 4, epsilon: 0)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("LayerNormLSTMCell: epsilon 0.0 must be positive"))
    }
}
