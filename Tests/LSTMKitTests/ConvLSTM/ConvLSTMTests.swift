import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ConvLSTMTests {
    func randomize(_ m: some Module<Double>, seed: UInt64) {
        for (k, p) in m.parameters().enumerated() { p.data = randomTensor(p.shape, seed: seed * 100 + UInt64(k)) * 0.5 }
    }

    @Test func gradientsWithRespectToInputStateAndEveryParameter() {
        let cell = ConvLSTMCell<Double>(inputChannels: 2, hiddenChannels: 2, kernelSize: 3,
                                        peepholeFrameSize: Size2D(3, 4), rng: RandomSource(seed: 1))
        randomize(cell, seed: 1)
        #expect(cell.namedParameters().map(\.path) == ["weightIH", "weightHH", "biasIH", "biasHH", "peepholeI",
                                                      "peepholeF", "peepholeO"])
        let x = randomTensor([2, 2, 3, 4], seed: 2), h = randomTensor([2, 2, 3, 4], seed: 3)
        let c = randomTensor([2, 2, 3, 4], seed: 4)
        expectGradientsMatch([x, h, c], parameters: cell.parameters()) { v in
            let s = cell(v[0], state: LSTMState(h: v[1], c: v[2]))
            return Tensor.concat([s.h, s.c * 0.5], axis: 1)
        }
    }

    /// With 1x1 kernels on 1x1 frames the convolutions are matrix products: the cell is `LSTMCell` (without
    /// peepholes) or `PeepholeLSTMCell` (with them), weights reshaped.
    @Test(arguments: [false, true])
    func oneByOneIsTheLSTMCell(peepholes: Bool) {
        let conv = ConvLSTMCell<Double>(inputChannels: 3, hiddenChannels: 4, kernelSize: 1,
                                        peepholeFrameSize: peepholes ? Size2D(1, 1) : nil, rng: RandomSource(seed: 5))
        randomize(conv, seed: 5)
        let x = randomTensor([2, 3], seed: 6), h = randomTensor([2, 4], seed: 7), c = randomTensor([2, 4], seed: 8)
        let expected: LSTMState<Double>
        if peepholes {
            let cell = PeepholeLSTMCell<Double>(inputSize: 3, hiddenSize: 4)
            cell.peepholeI.data = conv.peepholeI!.data.reshaped([4])
            cell.peepholeF.data = conv.peepholeF!.data.reshaped([4])
            cell.peepholeO.data = conv.peepholeO!.data.reshaped([4])
            (cell.weightIH.data, cell.weightHH.data) = (conv.weightIH.data.reshaped([16, 3]), conv.weightHH.data.reshaped([16, 4]))
            (cell.biasIH!.data, cell.biasHH!.data) = (conv.biasIH.data, conv.biasHH.data)
            expected = cell(x, state: LSTMState(h: h, c: c))
        } else {
            let cell = LSTMCell<Double>(inputSize: 3, hiddenSize: 4)
            (cell.weightIH.data, cell.weightHH.data) = (conv.weightIH.data.reshaped([16, 3]), conv.weightHH.data.reshaped([16, 4]))
            (cell.biasIH!.data, cell.biasHH!.data) = (conv.biasIH.data, conv.biasHH.data)
            expected = cell(x, state: LSTMState(h: h, c: c))
        }
        let image = { (t: Tensor<Double>) in t.reshaped([2, t.shape[1], 1, 1]) }
        let s = conv(image(x), state: LSTMState(h: image(h), c: image(c)))
        expectClose(s.h.reshaped([2, 4]), expected.h, atol: 1e-14)
        expectClose(s.c.reshaped([2, 4]), expected.c, atol: 1e-14)
    }

    @Test func stackUnrollsLayerByLayer() {
        let stack = ConvLSTM<Double>(inputChannels: 1, hiddenChannels: [3, 2], kernelSize: 3, rng: RandomSource(seed: 9))
        #expect(stack.cells[1].weightIH.shape == [8, 3, 3, 3])
        let x = randomTensor([3, 2, 1, 4, 4], seed: 10)
        let out = stack(x)
        #expect(out.outputs.shape == [3, 2, 2, 4, 4])
        var s = stack.zeroStates(batchSize: 2, size: Size2D(4, 4))
        for t in 0..<3 {
            var input = x.slice(axis: 0, t..<(t + 1)).squeezed(0)
            for l in 0..<2 { s[l] = stack.cells[l](input, state: s[l]); input = s[l].h }
            expectClose(out.outputs.slice(axis: 0, t..<(t + 1)).squeezed(0), input, atol: 1e-15)
        }
        expectClose(out.finalStates[0].c, s[0].c, atol: 1e-15)
        expectGradientsMatch([randomTensor([2, 1, 1, 3, 3], seed: 11)], parameters: stack.parameters()) { v in
            stack(v[0]).outputs
        }
    }

    @Test func wrongFrameSizeForThePeepholesNamesBoth() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let cell = ConvLSTMCell<Float>(inputChannels: 1, hiddenChannels: 2, kernelSize: 3, peepholeFrameSize: Size2D(4, 4))
            _ = cell(Tensor.zeros([1, 1, 5, 4]), state: cell.zeroState(batchSize: 1, size: Size2D(5, 4)))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("ConvLSTMCell: frames of 5x4, the peepholes are 4x4"))
    }
}
