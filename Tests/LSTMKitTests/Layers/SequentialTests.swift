import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// A user module storing layers in an `[any Layer]` property, to check that reflection (`Mirror`) finds them.
private final class LayerList: Module {
    typealias Scalar = Double
    let blocks: [any Layer<Double>]
    var isTraining = true
    init(_ blocks: [any Layer<Double>]) { self.blocks = blocks }
}

@Suite struct SequentialTests {
    private func mlp(_ seed: UInt64) -> Sequential<Double> {
        let rng = RandomSource(seed: seed)
        return Sequential(Linear(inputSize: 5, outputSize: 4, rng: rng), Tanh(),
                          Linear(inputSize: 4, outputSize: 3, rng: rng))
    }

    @Test func parameterPathsAndCount() {
        let model = mlp(1)
        let named = model.namedParameters()
        #expect(named.map(\.path) == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
        #expect(named.map(\.parameter.shape) == [[4, 5], [4], [3, 4], [3]])
        #expect(model.parameterCount == 20 + 4 + 12 + 3)
        #expect(model.modules().count == 4)
    }

    @Test func nestedPaths() {
        let rng = RandomSource(seed: 2)
        let model = Sequential<Float>([
            Sequential<Float>(Linear(inputSize: 2, outputSize: 2, rng: rng), ReLU()),
            LayerNorm(2),
        ])
        #expect(model.namedParameters().map(\.path) ==
                ["layers.0.layers.0.weight", "layers.0.layers.0.bias", "layers.1.weight", "layers.1.bias"])
    }

    @Test func reflectionFindsArraysOfLayers() {
        let rng = RandomSource(seed: 3)
        let list = LayerList([Linear(inputSize: 2, outputSize: 3, rng: rng), Tanh(), LayerNorm(3)])
        #expect(list.namedParameters().map(\.path) ==
                ["blocks.0.weight", "blocks.0.bias", "blocks.2.weight", "blocks.2.bias"])
    }

    @Test func forwardIsTheComposition() {
        let model = mlp(4)
        let x = randomTensor([2, 5], seed: 5)
        let first = model.layers[0], last = model.layers[2]
        expectClose(model(x), last(tanh(first(x))), atol: 1e-15)
        #expect(model(x).shape == [2, 3])
        let empty = Sequential<Double>([])
        #expect(empty(x).scalars == x.scalars)
    }

    @Test func gradientsWithRespectToInputAndParameters() {
        let model = mlp(6)
        expectGradientsMatch([randomTensor([3, 5], seed: 7)], parameters: model.parameters()) { x in model(x[0]) }
    }

    @Test func trainAndEvalReachEveryLayer() {
        let model = Sequential<Double>(Linear(inputSize: 3, outputSize: 3, rng: RandomSource(seed: 8)),
                                       Dropout(probability: 0.5, rng: RandomSource(seed: 9)))
        let x = randomTensor([4, 3], seed: 10)
        model.eval()
        #expect(model.modules().allSatisfy { !$0.isTraining })
        #expect(model(x).scalars == model(x).scalars)
        model.train()
        #expect(model.modules().allSatisfy { $0.isTraining })
        #expect(model(x).scalars.contains(0))
    }

    @Test func seededModelsAreIdentical() {
        let a = mlp(11), b = mlp(11)
        let x = randomTensor([2, 5], seed: 12)
        #expect(a(x).scalars == b(x).scalars)
    }
}
