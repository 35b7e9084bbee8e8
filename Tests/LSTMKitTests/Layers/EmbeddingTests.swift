import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct EmbeddingTests {
    @Test func parameterNameShapeAndCount() {
        let embed = Embedding<Float>(count: 10, dimension: 4, rng: RandomSource(seed: 1))
        #expect(embed.namedParameters().map(\.path) == ["weight"])
        #expect(embed.weight.shape == [10, 4])
        #expect(embed.parameterCount == 40)
        #expect(embed.isTraining)
    }

    @Test func initIsStandardNormal() {
        let embed = Embedding<Double>(count: 100, dimension: 50, rng: RandomSource(seed: 2))
        let w = embed.weight.data.scalars
        let mean = w.reduce(0, +) / Double(w.count)
        let std = (w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count)).squareRoot()
        #expect(abs(mean) < 5 / (5000.0).squareRoot())
        #expect(abs(std - 1) < 0.04)
        let again = Embedding<Double>(count: 100, dimension: 50, rng: RandomSource(seed: 2))
        #expect(again.weight.data.scalars == w)
    }

    @Test func lookupGivesRowsWithShape() {
        let embed = Embedding<Double>(count: 5, dimension: 3, rng: RandomSource(seed: 3))
        embed.weight.data = Tensor(shape: [5, 3], scalars: (0..<15).map { Double($0) })
        let y = embed([4, 0, 2, 2, 1, 3], shape: [3, 2])            // [T, B] -> [T, B, E]
        #expect(y.shape == [3, 2, 3])
        expectClose(y.reshaped([6, 3]), Tensor(rows: [[12, 13, 14], [0, 1, 2], [6, 7, 8],
                                                      [6, 7, 8], [3, 4, 5], [9, 10, 11]]))
        let v = embed([1, 4])
        #expect(v.shape == [2, 3])
        expectClose(v, Tensor(rows: [[3, 4, 5], [12, 13, 14]]))
        #expect(embed([], shape: [0, 2]).shape == [0, 2, 3])
    }

    @Test func gradientAccumulatesOverRepeatedIndices() {
        let embed = Embedding<Double>(count: 4, dimension: 2, rng: RandomSource(seed: 4))
        let w = Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])        // dLoss/dy for 3 positions
        (embed([2, 0, 2]) * w).sum().backward()
        expectClose(embed.weight.grad!, Tensor(rows: [[3, 4], [0, 0], [6, 8], [0, 0]]))
    }

    @Test func gradientsWithRespectToWeight() {
        let embed = Embedding<Double>(count: 5, dimension: 3, rng: RandomSource(seed: 5))
        expectGradientsMatch([], parameters: embed.parameters()) { _ in
            tanh(embed([1, 3, 3, 0, 4, 1], shape: [2, 3]))
        }
    }

    @Test func paddingRowIsZeroAndGetsNoGradient() {
        let embed = Embedding<Double>(count: 4, dimension: 3, paddingIndex: 1, rng: RandomSource(seed: 6))
        #expect(embed.paddingIndex == 1)
        #expect(embed.weight.data.slice(axis: 0, 1..<2).scalars == [0, 0, 0])
        #expect(embed.weight.data.slice(axis: 0, 0..<1).scalars.allSatisfy { $0 != 0 })
        let y = embed([1, 2, 1], shape: [3])
        #expect(y.slice(axis: 0, 0..<1).scalars == [0, 0, 0])
        (y * 2).sum().backward()
        expectClose(embed.weight.grad!, Tensor(rows: [[0, 0, 0], [0, 0, 0], [2, 2, 2], [0, 0, 0]]))
        // Like PyTorch, a padding row that was changed is looked up but still gets no gradient.
        embed.zeroGrad()
        embed.weight.data = .ones([4, 3])
        let z = embed([1])
        #expect(z.scalars == [1, 1, 1])
        z.sum().backward()
        #expect(embed.weight.grad!.scalars.allSatisfy { $0 == 0 })
    }

    @Test func negativePaddingIndexCountsFromTheEnd() {
        let embed = Embedding<Float>(count: 6, dimension: 2, paddingIndex: -1, rng: RandomSource(seed: 7))
        #expect(embed.paddingIndex == 5)
        #expect(embed.weight.data.slice(axis: 0, 5..<6).scalars == [0, 0])
    }

    @Test func outOfRangeIndexStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let embed = Embedding<Float>(count: 5, dimension: 2, rng: RandomSource(seed: 1))
            _ = embed([0, 3, 5, 1])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Embedding: index 5 at position 2 is out of range for count 5"))
    }

    @Test func shapeNotMatchingIndicesStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let embed = Embedding<Float>(count: 5, dimension: 2, rng: RandomSource(seed: 1))
            _ = embed([0, 1, 2], shape: [2, 2])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Embedding: 3 indices do not fill shape [2, 2]"))
    }

    @Test func paddingIndexOutOfRangeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Embedding<Float>(count: 5, dimension: 2, paddingIndex: 5, rng: RandomSource(seed: 1))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Embedding: paddingIndex 5 is out of range for count 5"))
    }
}
