import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Witness 1 for the reference cells: Double gradient checks w.r.t. input, state and every parameter.
/// Sizes B=2, D=5, H=4 (pairwise distinct with T=3 elsewhere).
@Suite struct CellTests {
    let x = randomTensor([2, 5], seed: 1)
    let h = randomTensor([2, 4], seed: 2)
    let c = randomTensor([2, 4], seed: 3)

    @Test func lstmCellGradients() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 4))
        expectGradientsMatch([x, h, c], parameters: cell.parameters()) { v in
            let s = cell(v[0], state: LSTMState(h: v[1], c: v[2]))
            return Tensor.concat([s.h, s.c * 0.5], axis: 1)
        }
    }

    @Test func projectedLSTMCellGradients() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, projectionSize: 3, rng: RandomSource(seed: 5))
        #expect(cell.weightHH.shape == [16, 3])
        #expect(cell.weightHR?.shape == [3, 4])
        expectGradientsMatch([x, randomTensor([2, 3], seed: 6), c], parameters: cell.parameters()) { v in
            let s = cell(v[0], state: LSTMState(h: v[1], c: v[2]))
            return Tensor.concat([s.h, s.c], axis: 1)
        }
    }

    @Test func gruCellGradients() {
        let cell = GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 7))
        expectGradientsMatch([x, h], parameters: cell.parameters()) { v in cell(v[0], state: HiddenState(h: v[1])).h }
    }

    @Test func rnnCellGradients() {
        for nonlinearity in [RNNCell<Double>.Nonlinearity.tanh, .relu] {
            let cell = RNNCell<Double>(inputSize: 5, hiddenSize: 4, nonlinearity: nonlinearity, rng: RandomSource(seed: 8))
            expectGradientsMatch([x, h], parameters: cell.parameters()) { v in cell(v[0], state: HiddenState(h: v[1])).h }
        }
    }

    @Test func lstmCellFollowsItsEquations() {
        // One step computed by hand from the doc-comment equations, gate blocks in PyTorch's order i, f, g, o.
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 9))
        let s = cell.step(x, state: LSTMState(h: h, c: c))
        let z = matmul(x, cell.weightIH.data, transposeB: true) + cell.biasIH!.data
            + matmul(h, cell.weightHH.data, transposeB: true) + cell.biasHH!.data
        let i = sigmoid(z.slice(axis: 1, 0..<4)), f = sigmoid(z.slice(axis: 1, 4..<8))
        let g = tanh(z.slice(axis: 1, 8..<12)), o = sigmoid(z.slice(axis: 1, 12..<16))
        expectClose(s.state.c, f * c + i * g, atol: 1e-14)
        expectClose(s.state.h, o * tanh(f * c + i * g), atol: 1e-14)
        expectClose(s.gates[1], f, atol: 1e-14)
    }

    @Test func parameterNamesShapesAndInit() {
        let cell = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 10))
        let named = cell.namedParameters()
        #expect(named.map(\.path) == ["weightIH", "weightHH", "biasIH", "biasHH"])
        #expect(named.map(\.parameter.shape) == [[16, 5], [16, 4], [16], [16]])
        // PyTorch init: U(-1/sqrt(H), 1/sqrt(H)) = U(-0.5, 0.5)
        #expect(cell.parameters().allSatisfy { $0.data.scalars.allSatisfy { Swift.abs($0) <= 0.5 } })
        let gru = GRUCell<Float>(inputSize: 5, hiddenSize: 4)
        #expect(gru.namedParameters().map(\.parameter.shape) == [[12, 5], [12, 4], [12], [12]])
        let noBias = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, bias: false)
        #expect(noBias.parameterCount == 16 * 5 + 16 * 4)
    }

    @Test func unitForgetBiasSetsForgetBlock() {
        let cell = LSTMCell<Float>(inputSize: 3, hiddenSize: 2, unitForgetBias: true)
        #expect(Array(cell.biasIH!.data.scalars[2..<4]) == [1, 1])
        #expect(Array(cell.biasHH!.data.scalars[2..<4]) == [0, 0])
    }

    @Test func wrongInputSizeNamesTheLayer() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let cell = LSTMCell<Float>(inputSize: 5, hiddenSize: 4)
            _ = cell(Tensor.zeros([2, 3]), state: cell.zeroState(batchSize: 2))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("LSTMCell: input of shape [2, 3], expected [B, 5]"))
    }

    @Test func wrongStateShapeNamesTheLayer() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let cell = GRUCell<Float>(inputSize: 5, hiddenSize: 4)
            _ = cell(Tensor.zeros([2, 5]), state: HiddenState(h: .zeros([3, 4])))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("GRUCell: initial state component 0 (h) has shape [3, 4], expected [2, 4]"))
    }
}
