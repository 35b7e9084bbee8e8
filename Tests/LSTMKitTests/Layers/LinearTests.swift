import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct LinearTests {
    @Test func parameterNamesShapesAndCount() {
        let layer = Linear<Float>(inputSize: 5, outputSize: 4, rng: RandomSource(seed: 1))
        let named = layer.namedParameters()
        #expect(named.map(\.path) == ["weight", "bias"])
        #expect(named.map(\.parameter.shape) == [[4, 5], [4]])
        #expect(layer.parameterCount == 24)
        let noBias = Linear<Float>(inputSize: 5, outputSize: 4, bias: false, rng: RandomSource(seed: 1))
        #expect(noBias.bias == nil)
        #expect(noBias.namedParameters().map(\.path) == ["weight"])
        #expect(noBias.parameterCount == 20)
    }

    @Test func defaultInitIsPyTorchUniform() {
        let layer = Linear<Double>(inputSize: 64, outputSize: 300, rng: RandomSource(seed: 2))
        let bound = 1 / 8.0
        let w = layer.weight.data.scalars, b = layer.bias!.data.scalars
        #expect(w.allSatisfy { abs($0) <= bound } && b.allSatisfy { abs($0) <= bound })
        #expect(w.max()! > 0.99 * bound && w.min()! < -0.99 * bound)
        #expect(b.max()! > 0.9 * bound && b.min()! < -0.9 * bound)
        let mean = w.reduce(0, +) / Double(w.count)
        let std = (w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count)).squareRoot()
        #expect(abs(std - bound / 3.0.squareRoot()) < 0.02 * bound)
    }

    @Test func seededInitIsDeterministic() {
        let a = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 7))
        let b = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 7))
        let c = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 8))
        #expect(a.weight.data.scalars == b.weight.data.scalars && a.bias!.data.scalars == b.bias!.data.scalars)
        #expect(a.weight.data.scalars != c.weight.data.scalars)
    }

    @Test func forwardHandComputed() {
        let layer = Linear<Double>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 1))
        layer.weight.data = Tensor(rows: [[1, 2, 3], [-1, 0, 0.5]])
        layer.bias!.data = Tensor([0.5, -1])
        let y = layer(Tensor(rows: [[1, 1, 1], [2, 0, -2]]))
        // Row 0: [1+2+3+0.5, -1+0+0.5-1] ; row 1: [2-6+0.5, -2-1-1]
        expectClose(y, Tensor(rows: [[6.5, -1.5], [-3.5, -4]]))
        let noBias = Linear<Double>(inputSize: 3, outputSize: 2, bias: false, rng: RandomSource(seed: 1))
        noBias.weight.data = layer.weight.data
        expectClose(noBias(Tensor([1, 1, 1])), Tensor([6, -0.5]))
    }

    @Test func anyLeadingShape() {
        let layer = Linear<Double>(inputSize: 5, outputSize: 4, rng: RandomSource(seed: 3))
        let x = randomTensor([3, 2, 5], seed: 4)                     // [T, B, D]
        let y = layer(x)
        #expect(y.shape == [3, 2, 4])
        expectClose(y.reshaped([6, 4]), layer(x.reshaped([6, 5])), atol: 1e-14)
        let v = layer(x.reshaped([30]).slice(axis: 0, 0..<5))      // rank 1: [D] -> [H]
        #expect(v.shape == [4])
        expectClose(v, y.reshaped([6, 4]).slice(axis: 0, 0..<1).reshaped([4]), atol: 1e-14)
    }

    @Test func gradientsWithRespectToInputAndParameters() {
        let layer = Linear<Double>(inputSize: 5, outputSize: 4, rng: RandomSource(seed: 5))
        expectGradientsMatch([randomTensor([3, 2, 5], seed: 6)], parameters: layer.parameters()) { x in layer(x[0]) }
        let noBias = Linear<Double>(inputSize: 3, outputSize: 2, bias: false, rng: RandomSource(seed: 5))
        expectGradientsMatch([randomTensor([3], seed: 7)], parameters: noBias.parameters()) { x in noBias(x[0]) }
    }

    @Test func backwardFillsParameterGradients() {
        let layer = Linear<Double>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 1))
        let x = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        layer(x).sum().backward()
        // dW[o, i] = sum_n x[n, i]; db[o] = N.
        expectClose(layer.weight.grad!, Tensor(rows: [[5, 7, 9], [5, 7, 9]]))
        expectClose(layer.bias!.grad!, Tensor([2, 2]))
        layer.zeroGrad()
        #expect(layer.weight.grad == nil)
    }

    @Test func trainAndEvalModes() {
        let layer = Linear<Float>(inputSize: 2, outputSize: 2, rng: RandomSource(seed: 1))
        #expect(layer.isTraining)
        let x = Tensor<Float>(rows: [[1, 2]])
        let before = layer(x)
        layer.eval()
        #expect(!layer.isTraining)
        #expect(layer(x).scalars == before.scalars)
        layer.train()
        #expect(layer.isTraining)
    }

    @Test func wrongLastDimensionStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 1))
            _ = layer(Tensor<Float>.zeros([4, 5]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Linear: input shape [4, 5] has last dimension 5, expected inputSize 3"))
    }

    @Test func scalarInputStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 1))
            _ = layer(Tensor<Float>(1))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Linear: input shape [] has no last dimension"))
    }
}
