import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Sizes B=2, D=3, H=4, Nh=3, Nz=2.
@Suite struct HyperLSTMCellTests {
    let x = randomTensor([2, 3], seed: 1)

    /// A cell with every parameter random (the initialization zeroes some, which would hide their paths).
    func randomCell(seed: UInt64) -> HyperLSTMCell<Double> {
        let cell = HyperLSTMCell<Double>(inputSize: 3, hiddenSize: 4, hyperSize: 3, embeddingSize: 2,
                                         rng: RandomSource(seed: seed))
        for (k, p) in cell.parameters().enumerated() { p.data = randomTensor(p.shape, seed: seed * 100 + UInt64(k)) }
        return cell
    }

    func randomState(seed: UInt64) -> HyperLSTMState<Double> {
        HyperLSTMState(h: randomTensor([2, 4], seed: seed), c: randomTensor([2, 4], seed: seed + 1),
                       hyperH: randomTensor([2, 3], seed: seed + 2), hyperC: randomTensor([2, 3], seed: seed + 3))
    }

    @Test func gradientsWithRespectToInputStateAndEveryParameter() {
        let cell = randomCell(seed: 4)
        #expect(cell.parameters().count == 15)
        let s = randomState(seed: 10)
        expectGradientsMatch([x] + s.components, parameters: cell.parameters()) { v in
            let r = cell(v[0], state: HyperLSTMState(components: Array(v[1...])))
            return Tensor.concat([r.h, r.c * 0.5, r.hyperH * 0.25, r.hyperC], axis: 1)
        }
    }

    @Test func stepFollowsItsEquations() {
        let cell = randomCell(seed: 5)
        let s0 = randomState(seed: 20)
        let r = cell.step(x, state: s0)
        let hyper = cell.hyper(Tensor.concat([s0.h, x], axis: 1), state: LSTMState(h: s0.hyperH, c: s0.hyperC))
        expectClose(r.state.hyperH, hyper.h, atol: 1e-14)
        expectClose(r.state.hyperC, hyper.c, atol: 1e-14)
        var pre: [Tensor<Double>] = []
        for y in 0..<4 {
            let rowsZ = (2 * y)..<(2 * y + 2), rowsH = (4 * y)..<(4 * y + 4)
            func z(_ w: Parameter<Double>, _ b: Parameter<Double>?) -> Tensor<Double> {
                let v = matmul(hyper.h, w.data.slice(axis: 0, rowsZ), transposeB: true)
                return b.map { v + $0.data.slice(axis: 0, rowsZ) } ?? v
            }
            let dh = matmul(z(cell.hyperToHiddenScale, cell.hyperToHiddenScaleBias),
                            cell.hiddenScale.data.slice(axis: 0, rowsH), transposeB: true)
            let dx = matmul(z(cell.hyperToInputScale, cell.hyperToInputScaleBias),
                            cell.inputScale.data.slice(axis: 0, rowsH), transposeB: true)
            let b = matmul(z(cell.hyperToBias, nil), cell.biasScale.data.slice(axis: 0, rowsH), transposeB: true)
                + cell.bias.data.slice(axis: 0, rowsH)
            pre.append(dh * matmul(s0.h, cell.weightHH.data.slice(axis: 0, rowsH), transposeB: true)
                       + dx * matmul(x, cell.weightIH.data.slice(axis: 0, rowsH), transposeB: true) + b)
        }
        let (i, f, g, o) = (sigmoid(pre[0]), sigmoid(pre[1]), tanh(pre[2]), sigmoid(pre[3]))
        let c = f * s0.c + i * g
        expectClose(r.state.c, c, atol: 1e-14)
        expectClose(r.state.h, o * tanh(c), atol: 1e-14)
        for (actual, expected) in zip(r.gates, [i, f, g, o]) { expectClose(actual, expected, atol: 1e-14) }
    }

    @Test func atInitializationItIsAnLSTMCellWithTheSameWeights() {
        let cell = HyperLSTMCell<Double>(inputSize: 3, hiddenSize: 4, hyperSize: 3, embeddingSize: 2,
                                         rng: RandomSource(seed: 6))
        let lstm = LSTMCell<Double>(inputSize: 3, hiddenSize: 4)
        lstm.weightIH.data = cell.weightIH.data
        lstm.weightHH.data = cell.weightHH.data
        lstm.biasIH!.data = cell.bias.data
        lstm.biasHH!.data = .zeros([16])
        var (a, b) = (randomState(seed: 30), LSTMState<Double>(h: .zeros([2, 4]), c: .zeros([2, 4])))
        (b.h, b.c) = (a.h, a.c)
        for t in 0..<3 {
            let xt = randomTensor([2, 3], seed: 40 + UInt64(t))
            a = cell(xt, state: a)
            b = lstm(xt, state: b)
            expectClose(a.h, b.h, atol: 1e-14)
            expectClose(a.c, b.c, atol: 1e-14)
        }
        // ...and the hyper LSTM still moves, so the scaling can change as soon as W_hz etc. leave zero.
        #expect(a.hyperH.scalars.contains { $0 != 0 })
    }

    @Test func parameterNamesShapesAndCount() {
        let cell = HyperLSTMCell<Float>(inputSize: 3, hiddenSize: 4, hyperSize: 5, embeddingSize: 2)
        let named = cell.namedParameters()
        #expect(named.map(\.path) == [
            "weightIH", "weightHH", "bias", "hyper.weightIH", "hyper.weightHH", "hyper.biasIH", "hyper.biasHH",
            "hyperToInputScale", "hyperToInputScaleBias", "hyperToHiddenScale", "hyperToHiddenScaleBias",
            "hyperToBias", "inputScale", "hiddenScale", "biasScale"])
        #expect(named.map(\.parameter.shape) == [
            [16, 3], [16, 4], [16], [20, 7], [20, 5], [20], [20], [8, 5], [8], [8, 5], [8], [8, 5], [16, 2],
            [16, 2], [16, 2]])
        #expect(cell.outputSize == 4)
        #expect(cell.zeroState(batchSize: 2).components.map(\.shape) == [[2, 4], [2, 4], [2, 5], [2, 5]])
    }

    @Test func stackAndEncoderKind() {
        let stack = HyperLSTM<Double>(inputSize: 3, hiddenSize: 4, hyperSize: 3, embeddingSize: 2, layerCount: 2,
                                      bidirectional: true, rng: RandomSource(seed: 7))
        let out = stack(randomTensor([5, 2, 3], seed: 8), lengths: [5, 3])
        #expect(out.outputs.shape == [5, 2, 8])
        #expect(out.cN?.shape == [4, 2, 4])
        #expect(stack.layers[1].cell.weightIH.shape == [16, 8])
        let encoder = RecurrentEncoder<Float>(RecurrentEncoderConfig(cell: .hyper, inputSize: 3, hiddenSize: 8),
                                              rng: RandomSource(seed: 9))
        #expect(encoder.namedParameters().contains { $0.path == "layers.0.cell.hyper.weightIH" })
        let r = encoder(Tensor<Float>.ones([4, 2, 3]))
        #expect(r.outputs.shape == [4, 2, 8])
        #expect(r.finalStates[0].components.count == 4)
    }

    @Test func wrongStateShapeNamesTheComponent() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let cell = HyperLSTMCell<Float>(inputSize: 3, hiddenSize: 4, hyperSize: 5)
            var s = cell.zeroState(batchSize: 2)
            s.hyperC = .zeros([2, 4])
            _ = cell(Tensor.zeros([2, 3]), state: s)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("HyperLSTMCell: initial state component 3 (component 3) has shape [2, 4], expected [2, 5]"))
    }
}
