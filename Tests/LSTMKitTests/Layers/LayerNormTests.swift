import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct LayerNormTests {
    @Test func parameterNamesShapesAndDefaults() {
        let norm = LayerNorm<Float>(shape: [3, 4])
        #expect(norm.namedParameters().map(\.path) == ["weight", "bias"])
        #expect(norm.namedParameters().map(\.parameter.shape) == [[3, 4], [3, 4]])
        #expect(norm.weight!.data.scalars.allSatisfy { $0 == 1 })
        #expect(norm.bias!.data.scalars.allSatisfy { $0 == 0 })
        #expect(norm.epsilon == 1e-5)
        #expect(norm.parameterCount == 24)
        let single = LayerNorm<Float>(5)
        #expect(single.shape == [5] && single.parameterCount == 10)
        #expect(LayerNorm<Float>(5, elementwiseAffine: false).namedParameters().isEmpty)
        #expect(LayerNorm<Float>(5, bias: false).namedParameters().map(\.path) == ["weight"])
    }

    @Test func forwardHandComputed() {
        // x = [1, 2, 3, 4]: mean 2.5, biased variance 1.25.
        let norm = LayerNorm<Double>(4)
        let y = norm(Tensor(rows: [[1, 2, 3, 4], [2, 2, 2, 2]]))
        let s = (1.25 + 1e-5).squareRoot()
        expectClose(y, Tensor(rows: [[-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s], [0, 0, 0, 0]]), atol: 1e-12)
        norm.weight!.data = Tensor([1, 2, 3, 4])
        norm.bias!.data = Tensor([0, 0, 0, 1])
        expectClose(norm(Tensor([1, 2, 3, 4])), Tensor([-1.5 / s, -1 / s, 1.5 / s, 6 / s + 1]), atol: 1e-12)
    }

    @Test func normalizesEachTrailingBlock() {
        let norm = LayerNorm<Double>(shape: [3, 4], epsilon: 0)
        let x = randomTensor([2, 5, 3, 4], seed: 1) * 3 + 1
        let y = norm(x)
        #expect(y.shape == [2, 5, 3, 4])
        let blocks = y.reshaped([10, 12])
        expectClose(blocks.mean(axis: 1), .zeros([10]), atol: 1e-12)
        expectClose((blocks * blocks).mean(axis: 1), .ones([10]), atol: 1e-12)
        // Same as normalizing the flattened blocks over one axis of 12.
        expectClose(blocks, LayerNorm<Double>(12, epsilon: 0)(x.reshaped([10, 12])), atol: 1e-12)
    }

    @Test func gradientsWithRespectToInputAndParameters() {
        let norm = LayerNorm<Double>(shape: [4])
        norm.weight!.data = randomTensor([4], seed: 2)
        norm.bias!.data = randomTensor([4], seed: 3)
        expectGradientsMatch([randomTensor([2, 3, 4], seed: 4)], parameters: norm.parameters()) { x in norm(x[0]) }
        let plain = LayerNorm<Double>(shape: [3, 5], elementwiseAffine: false)
        expectGradientsMatch([randomTensor([2, 3, 5], seed: 5)]) { x in plain(x[0]) }
    }

    @Test func trainAndEvalGiveTheSameResult() {
        let norm = LayerNorm<Float>(3)
        let x = Tensor<Float>(rows: [[1, 5, 2]])
        let before = norm(x)
        norm.eval()
        #expect(!norm.isTraining)
        #expect(norm(x).scalars == before.scalars)
    }

    @Test func wrongTrailingShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LayerNorm<Float>(shape: [3, 4])(Tensor<Float>.zeros([2, 4, 3]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("LayerNorm: input shape [2, 4, 3] does not end with the normalized shape [3, 4]"))
    }
}
