import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ClassBasedSoftmaxTests {
    /// V = 7 words in 3 classes (not contiguous in the vocabulary).
    let classes = [2, 0, 1, 0, 2, 1, 2]

    @Test func probabilitiesSumToOneOverTheVocabulary() {
        let layer = ClassBasedSoftmax<Double>(inputSize: 4, wordClasses: classes, rng: RandomSource(seed: 1))
        let logp = layer.logProbabilities(randomTensor([3, 4], seed: 2, low: -3, high: 3))
        #expect(logp.shape == [3, 7])
        for row in exp(logp).sum(axis: 1).scalars { #expect(Swift.abs(row - 1) < 1e-12) }
    }

    @Test func followsItsEquations() {
        let layer = ClassBasedSoftmax<Double>(inputSize: 4, wordClasses: classes, rng: RandomSource(seed: 3))
        let h = randomTensor([2, 4], seed: 4)
        let logp = layer.logProbabilities(h)
        let classP = softmax(matmul(h, layer.classWeight.data, transposeB: true) + layer.classBias.data, axis: 1)
        let scores = matmul(h, layer.wordWeight.data, transposeB: true) + layer.wordBias.data
        for b in 0..<2 {
            for w in 0..<7 {
                let c = classes[w], mates = (0..<7).filter { classes[$0] == c }
                let z = mates.map { Foundation_exp(scores.scalars[b * 7 + $0]) }.reduce(0, +)
                let expected = classP.scalars[b * 3 + c] * Foundation_exp(scores.scalars[b * 7 + w]) / z
                #expect(Swift.abs(Foundation_exp(logp.scalars[b * 7 + w]) - expected) < 1e-12)
            }
        }
    }

    @Test func gradientsOfTheLossForInputAndEveryParameter() {
        let layer = ClassBasedSoftmax<Double>(inputSize: 4, wordClasses: classes, rng: RandomSource(seed: 5))
        #expect(layer.namedParameters().map(\.path) == ["classWeight", "classBias", "wordWeight", "wordBias"])
        expectGradientsMatch([randomTensor([3, 4], seed: 6)], parameters: layer.parameters()) { v in
            layer.negativeLogLikelihood(v[0], targets: [6, 1, 2], reference: true)
        }
    }

    @Test func targetPathEqualsTheReferenceForwardAndEveryGradient() {
        let layer = ClassBasedSoftmax<Double>(inputSize: 5, wordClasses: classes, rng: RandomSource(seed: 7))
        let h = randomTensor([5, 5], seed: 8, low: -2, high: 2)
        // Class 1 (words 2, 5) is nobody's target: its words get zero gradient on both paths.
        let targets = [6, 1, 0, 3, 6]
        let weights = randomTensor([5], seed: 9)
        func results(_ reference: Bool) -> [(String, Tensor<Double>)] {
            namedResults(layer, h, { v in
                reference ? layer.logProbabilities(v).gather(axis: 1, indices: targets, indexShape: [5, 1]).reshaped([5])
                          : layer.logLikelihood(v, targets: targets)
            }, weights: weights)
        }
        let (fast, slow) = (results(false), results(true))
        #expect(fast.map(\.0) == ["output", "d h", "d classWeight", "d classBias", "d wordWeight", "d wordBias"])
        for ((name, a), (_, b)) in zip(fast, slow) { expectClose(a, b, atol: 1e-12, rtol: 1e-10, name) }
    }

    @Test func targetPathPassesGradcheckAndFloatMatchesDouble() {
        let layer = ClassBasedSoftmax<Double>(inputSize: 4, wordClasses: classes, rng: RandomSource(seed: 10))
        expectGradientsMatch([randomTensor([3, 4], seed: 11)], parameters: layer.parameters()) { v in
            layer.negativeLogLikelihood(v[0], targets: [6, 1, 2])
        }
        let float = ClassBasedSoftmax<Float>(inputSize: 4, wordClasses: classes, rng: RandomSource(seed: 10))
        let h = randomTensor([3, 4], seed: 12)
        expectClose(float.logLikelihood(h.converted(to: Float.self), targets: [0, 4, 5]).converted(to: Double.self),
                    layer.logLikelihood(h, targets: [0, 4, 5]), atol: 1e-5, rtol: 1e-5)
    }

    @Test func frequencyBinningGivesFrequentWordsSmallClasses() {
        // Word 3 alone carries half the mass: it gets a class of its own; every class is used.
        let counts = [5, 1, 2, 50, 10, 1, 30, 1]
        let c = ClassBasedSoftmax<Float>.frequencyBinning(counts: counts, classCount: 3)
        #expect(c == [2, 2, 2, 0, 2, 2, 1, 2])
        #expect(Set(ClassBasedSoftmax<Float>.frequencyBinning(counts: [1, 1, 1, 1], classCount: 4)) == [0, 1, 2, 3])
        #expect(Set(ClassBasedSoftmax<Float>.frequencyBinning(counts: [100, 0, 0, 0, 0], classCount: 3)) == [0, 1, 2])
        let layer = ClassBasedSoftmax<Float>(inputSize: 2, wordClasses: c)
        #expect(layer.members == [[3], [6], [0, 1, 2, 4, 5, 7]])
    }
}

private func Foundation_exp(_ x: Double) -> Double { Double.exp(x) }
