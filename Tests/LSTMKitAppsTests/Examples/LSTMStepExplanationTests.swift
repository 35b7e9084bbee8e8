import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct LSTMStepExplanationTests {
    /// Every number of the explanation agrees with LSTMCell.step (h, c and the four gates).
    @Test(arguments: [(2, 3, true), (5, 4, true), (3, 2, false)])
    func numbersEqualLSTMCellStep(d: Int, h: Int, bias: Bool) {
        let cell = LSTMCell<Double>(inputSize: d, hiddenSize: h, bias: bias, rng: RandomSource(seed: 7))
        let x = randomTensor([1, d], seed: 1), hp = randomTensor([1, h], seed: 2), cp = randomTensor([1, h], seed: 3)
        let e = LSTMStepExplanation(cell: cell, x: x.scalars, hPrev: hp.scalars, cPrev: cp.scalars)
        let step = cell.step(x, state: LSTMState(h: hp, c: cp))
        expectClose(Tensor(shape: [1, h], scalars: e.h), step.state.h, atol: 1e-14, rtol: 1e-12)
        expectClose(Tensor(shape: [1, h], scalars: e.c), step.state.c, atol: 1e-14, rtol: 1e-12)
        #expect(e.gates.map(\.name) == cell.gateNames)
        for (gate, value) in zip(e.gates, step.gates) {
            expectClose(Tensor(shape: [1, h], scalars: gate.value), value, atol: 1e-14, rtol: 1e-12)
        }
    }

    @Test func partsAddUp() {
        let cell = LSTMCell<Double>(inputSize: 2, hiddenSize: 3, rng: RandomSource(seed: 0))
        let e = LSTMStepExplanation(cell: cell, x: [0.5, -1], hPrev: [0.1, -0.2, 0.3], cPrev: [1, 0, -1])
        for g in e.gates {
            for j in 0..<3 {
                #expect(Swift.abs(g.inputPart[j] + g.inputBias[j] + g.hiddenPart[j] + g.hiddenBias[j] - g.preActivation[j]) < 1e-15)
            }
        }
        #expect(e.gates[0].activation == "sigmoid" && e.gates[2].activation == "tanh")
        // W_ii[0] @ x spelled out.
        let w = cell.weightIH.data
        #expect(Swift.abs(e.gates[0].inputPart[0] - (w[0, 0] * 0.5 - w[0, 1])) < 1e-15)
        #expect(zip(e.c, zip(e.forgetPart, e.writePart)).allSatisfy { Swift.abs($0 - $1.0 - $1.1) < 1e-15 })
    }
}
