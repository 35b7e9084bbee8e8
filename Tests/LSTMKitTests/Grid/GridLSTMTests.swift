import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct GridLSTMTests {
    @Test func blockGradientsForEveryInputAndParameter() {
        let block = GridLSTMBlock<Double>(dimensionCount: 3, hiddenSize: 2, rng: RandomSource(seed: 1))
        #expect(block.namedParameters().map(\.path) == ["weights.0", "weights.1", "weights.2", "biases.0",
                                                        "biases.1", "biases.2"])
        #expect(block.weights[0].shape == [8, 6])
        let inputs = (0..<6).map { randomTensor([2, 2], seed: 10 + UInt64($0)) }
        expectGradientsMatch(inputs, parameters: block.parameters()) { v in
            let r = block(hidden: Array(v[0..<3]), memory: Array(v[3..<6]))
            return Tensor.concat(r.hidden + r.memory.map { $0 * 0.5 }, axis: 1)
        }
    }

    @Test func blockFollowsItsEquations() {
        let block = GridLSTMBlock<Double>(dimensionCount: 2, hiddenSize: 3, rng: RandomSource(seed: 2))
        let h = [randomTensor([2, 3], seed: 3), randomTensor([2, 3], seed: 4)]
        let m = [randomTensor([2, 3], seed: 5), randomTensor([2, 3], seed: 6)]
        let r = block(hidden: h, memory: m)
        let shared = Tensor.concat(h, axis: 1)
        for k in 0..<2 {
            let a = matmul(shared, block.weights[k].data, transposeB: true) + block.biases[k].data
            let i = sigmoid(a.slice(axis: 1, 0..<3)), f = sigmoid(a.slice(axis: 1, 3..<6))
            let g = tanh(a.slice(axis: 1, 6..<9)), o = sigmoid(a.slice(axis: 1, 9..<12))
            let mNew = f * m[k] + i * g
            expectClose(r.memory[k], mNew, atol: 1e-14)
            expectClose(r.hidden[k], o * tanh(mNew), atol: 1e-14)
            for (actual, expected) in zip(r.gates[k], [i, f, g, o]) { expectClose(actual, expected, atol: 1e-14) }
        }
    }

    @Test func oneDimensionalBlockIsAnLSTMCellFedItsOwnHidden() {
        let block = GridLSTMBlock<Double>(dimensionCount: 1, hiddenSize: 3, rng: RandomSource(seed: 7))
        let lstm = LSTMCell<Double>(inputSize: 3, hiddenSize: 3)
        lstm.weightIH.data = block.weights[0].data
        lstm.weightHH.data = .zeros([12, 3])
        lstm.biasIH!.data = block.biases[0].data
        lstm.biasHH!.data = .zeros([12])
        let (h, m) = (randomTensor([2, 3], seed: 8), randomTensor([2, 3], seed: 9))
        let a = block(hidden: [h], memory: [m]), b = lstm(h, state: LSTMState(h: .zeros([2, 3]), c: m))
        expectClose(a.hidden[0], b.h, atol: 1e-15)
        expectClose(a.memory[0], b.c, atol: 1e-15)
    }

    @Test func depthGridTiedAndUntied() {
        let tied = DepthGridLSTM<Double>(inputSize: 5, hiddenSize: 3, layerCount: 4, outputSize: 2,
                                         rng: RandomSource(seed: 10))
        #expect(tied.blocks.count == 1)
        #expect(tied.parameterCount == 5 * 3 + 3 + 12 * 3 + 12 + 3 * 2 + 2)
        let untied = DepthGridLSTM<Double>(inputSize: 5, hiddenSize: 3, layerCount: 4, outputSize: 2, tied: false,
                                           rng: RandomSource(seed: 10))
        #expect(untied.blocks.count == 4)
        let x = randomTensor([3, 5], seed: 11)
        // Tied: the same as applying its one block four times by hand.
        var h = tied.inputProjection(x), m = Tensor<Double>.zeros([3, 3])
        for _ in 0..<4 { let r = tied.blocks[0](hidden: [h], memory: [m]); (h, m) = (r.hidden[0], r.memory[0]) }
        expectClose(tied(x), tied.output(h), atol: 1e-15)
        expectGradientsMatch([x], parameters: untied.parameters()) { untied($0[0]) }
    }

    @Test func gridOverPatchesMatchesTheBlockByBlockDefinition() {
        let grid = GridLSTM2D<Double>(channels: 1, imageHeight: 4, imageWidth: 6, patchHeight: 2, patchWidth: 3,
                                      hiddenSize: 2, layerCount: 2, outputSize: 3, rng: RandomSource(seed: 12))
        #expect((grid.rows, grid.columns) == (2, 2))
        let images = randomTensor([2, 1, 4, 6], seed: 13)
        let p = grid.patches(images)
        #expect(p.shape == [2, 4, 6])
        // Position (1, 0) of image 1 is rows 2..<4, columns 0..<3.
        let expected = (2..<4).flatMap { r in (0..<3).map { c in images.scalars[24 + r * 6 + c] } }
        #expect(Array(p.scalars[(24 + 12)..<(24 + 18)]) == expected)
        // Layer by layer by hand: positions (0,0), (0,1), (1,0), (1,1).
        let zero = Tensor<Double>.zeros([2, 2])
        var depth = (0..<4).map { (grid.inputProjection(p.slice(axis: 1, $0..<($0 + 1)).squeezed(1)), zero) }
        for block in grid.blocks {
            var out: [GridLSTMBlock<Double>.Output] = []
            func run(_ pos: Int, up: Int?, left: Int?) {
                let above = up.map { (out[$0].hidden[0], out[$0].memory[0]) } ?? (zero, zero)
                let side = left.map { (out[$0].hidden[1], out[$0].memory[1]) } ?? (zero, zero)
                out.append(block(hidden: [above.0, side.0, depth[pos].0], memory: [above.1, side.1, depth[pos].1]))
            }
            run(0, up: nil, left: nil); run(1, up: nil, left: 0); run(2, up: 0, left: nil); run(3, up: 1, left: 2)
            depth = out.map { ($0.hidden[2], $0.memory[2]) }
        }
        expectClose(grid.features(images), depth[3].0, atol: 1e-14)
        expectGradientsMatch([images], parameters: grid.parameters()) { grid($0[0]) }
    }

    @Test func gridShapeThatDoesNotDivideIsAnError() throws {
        #expect(try GridLSTM2D<Float>.gridShape(imageHeight: 28, imageWidth: 28, patchHeight: 4, patchWidth: 4)
                == (7, 7))
        #expect(try GridLSTM2D<Float>.gridShape(imageHeight: 28, imageWidth: 28, patchHeight: 1, patchWidth: 28)
                == (28, 1))
        #expect(throws: GridShapeError("patch 5x4 does not divide the 28x28 image (height 28 % 5 = 3, width 28 % 4 = 0)")) {
            try GridLSTM2D<Float>.gridShape(imageHeight: 28, imageWidth: 28, patchHeight: 5, patchWidth: 4)
        }
        #expect(throws: GridShapeError("patch 0x4 must be at least 1x1")) {
            try GridLSTM2D<Float>.gridShape(imageHeight: 28, imageWidth: 28, patchHeight: 0, patchWidth: 4)
        }
    }
}

/// The Swift snippets of docs/hyperlstm.md, docs/grid-lstm.md and docs/convlstm.md, as written there.
@Suite struct VariantDocsExamplesTests {
    @Test func hyperLSTMPage() {
        let cell = HyperLSTMCell<Float>(inputSize: 64, hiddenSize: 256, hyperSize: 64, embeddingSize: 4,
                                        rng: RandomSource(seed: 0))
        let layer = Recurrent(cell)                          // x [T, B, 64] -> outputs [T, B, 256]
        let stack = HyperLSTM<Float>(inputSize: 64, hiddenSize: 256, layerCount: 2, rng: RandomSource(seed: 0))
        let encoder = RecurrentEncoder<Float>(RecurrentEncoderConfig(cell: .hyper, inputSize: 64, hiddenSize: 256),
                                              rng: RandomSource(seed: 0))
        let x = Tensor<Float>.zeros([2, 1, 64])
        #expect(layer(x).outputs.shape == [2, 1, 256])
        #expect(stack(x).outputs.shape == [2, 1, 256])
        #expect(encoder(x).outputs.shape == [2, 1, 256])
    }

    @Test func gridPage() {
        let block = GridLSTMBlock<Float>(dimensionCount: 3, hiddenSize: 32, rng: RandomSource(seed: 0))
        let parity = DepthGridLSTM<Float>(inputSize: 16, hiddenSize: 64, layerCount: 10, outputSize: 1, tied: true,
                                          rng: RandomSource(seed: 0))             // x [B, 16] -> logits [B, 1]
        let mnist = GridLSTM2D<Float>(imageHeight: 28, imageWidth: 28, patchHeight: 4, patchWidth: 4, hiddenSize: 32,
                                      layerCount: 1, outputSize: 10, rng: RandomSource(seed: 0))   // [B, 1, 28, 28] -> [B, 10]
        #expect(block.weights.count == 3)
        #expect(parity(Tensor.zeros([2, 16])).shape == [2, 1])
        #expect(mnist(Tensor.zeros([2, 1, 28, 28])).shape == [2, 10])
    }

    @Test func convLSTMPage() {
        let convLSTM = ConvLSTM<Float>(inputChannels: 1, hiddenChannels: [32, 32], kernelSize: 3, rng: RandomSource(seed: 0))
        let frames = Tensor<Float>.zeros([10, 4, 1, 16, 16])            // [T, B, C, H, W]
        let out = convLSTM(frames)                                      // out.outputs [10, 4, 32, 16, 16]
        #expect(out.outputs.shape == [10, 4, 32, 16, 16])
    }
}
