import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct HierarchicalSoftmaxTests {
    /// V = 7 words with distinct counts (the tree is deterministic).
    let counts = [5, 1, 2, 50, 10, 3, 30]

    @Test func huffmanTreeGivesFrequentWordsShortCodesAndIsPrefixFree() {
        let tree = HuffmanTree(counts: counts)
        #expect(tree.nodeCount == 6)
        #expect(tree.paths.allSatisfy { $0.first == 5 })                      // every path starts at the root
        #expect(tree.paths[3].count == 1)                                     // 50 of 101: one step from the root
        #expect(tree.paths[1].count == tree.paths.map(\.count).max())         // the rarest word is deepest
        let codes = tree.codes.map { $0.map(String.init).joined() }
        for a in codes { for b in codes where a != b { #expect(!b.hasPrefix(a)) } }
        #expect(Set(codes).count == 7)
        // Expected code length = sum count * length; Huffman is optimal: no worse than any other tree, and
        // here equal to the hand-built one (50 | 30 | 10 | 5 | 3 | 2 1).
        let cost = zip(counts, tree.paths).map { $0 * $1.count }.reduce(0, +)
        #expect(cost == 50 * 1 + 30 * 2 + 10 * 3 + 5 * 4 + 3 * 5 + 2 * 6 + 1 * 6)
        #expect(HuffmanTree(counts: [4]).paths == [[]])
    }

    @Test func probabilitiesSumToOneOverTheVocabulary() {
        let layer = HierarchicalSoftmax<Double>(inputSize: 4, counts: counts, rng: RandomSource(seed: 1))
        let logp = layer.logProbabilities(randomTensor([3, 4], seed: 2, low: -3, high: 3))
        #expect(logp.shape == [3, 7])
        for row in exp(logp).sum(axis: 1).scalars { #expect(Swift.abs(row - 1) < 1e-12) }
    }

    @Test func followsItsEquations() {
        let layer = HierarchicalSoftmax<Double>(inputSize: 4, counts: counts, rng: RandomSource(seed: 3))
        let h = randomTensor([2, 4], seed: 4)
        let logp = layer.logProbabilities(h)
        let s = matmul(h, layer.nodeWeight.data, transposeB: true) + layer.nodeBias.data     // [2, 6]
        for b in 0..<2 {
            for w in 0..<7 {
                var p = 1.0
                for (node, code) in zip(layer.tree.paths[w], layer.tree.codes[w]) {
                    let x = s.scalars[b * 6 + node] * (code == 0 ? 1 : -1)
                    p *= 1 / (1 + Double.exp(-x))
                }
                #expect(Swift.abs(Double.exp(logp.scalars[b * 7 + w]) - p) < 1e-12)
            }
        }
    }

    @Test func targetPathEqualsTheReferenceForwardAndEveryGradient() {
        let layer = HierarchicalSoftmax<Double>(inputSize: 5, counts: counts, rng: RandomSource(seed: 5))
        let h = randomTensor([4, 5], seed: 6, low: -2, high: 2)
        let targets = [6, 1, 1, 3]
        let weights = randomTensor([4], seed: 7)
        func results(_ reference: Bool) -> [(String, Tensor<Double>)] {
            namedResults(layer, h, { v in
                reference ? layer.logProbabilities(v).gather(axis: 1, indices: targets, indexShape: [4, 1]).reshaped([4])
                          : layer.logLikelihood(v, targets: targets)
            }, weights: weights)
        }
        for ((name, fast), (_, slow)) in zip(results(false), results(true)) { expectClose(fast, slow, atol: 1e-12, rtol: 1e-10, name) }
    }

    @Test func gradientsOfBothPathsPassGradcheck() {
        let layer = HierarchicalSoftmax<Double>(inputSize: 4, counts: counts, rng: RandomSource(seed: 8))
        #expect(layer.namedParameters().map(\.path) == ["nodeWeight", "nodeBias"])
        for reference in [false, true] {
            expectGradientsMatch([randomTensor([3, 4], seed: 9)], parameters: layer.parameters()) { v in
                layer.negativeLogLikelihood(v[0], targets: [6, 1, 2], reference: reference)
            }
        }
    }

    @Test func floatTargetPathMatchesDouble() {
        let double = HierarchicalSoftmax<Double>(inputSize: 4, counts: counts, rng: RandomSource(seed: 10))
        let float = HierarchicalSoftmax<Float>(inputSize: 4, counts: counts, rng: RandomSource(seed: 10))
        let h = randomTensor([3, 4], seed: 11)
        let a = double.logLikelihood(h, targets: [0, 4, 5])
        let b = float.logLikelihood(h.converted(to: Float.self), targets: [0, 4, 5]).converted(to: Double.self)
        expectClose(b, a, atol: 1e-5, rtol: 1e-5)
    }
}

/// The output of `run` at `h`, then the gradients of the weighted sum `weights . output` for `h` and for
/// every parameter of `module`, by name.
func namedResults<M: Module>(
    _ module: M, _ h: Tensor<Double>, _ run: @escaping (Tensor<Double>) -> Tensor<Double>, weights: Tensor<Double>
) -> [(String, Tensor<Double>)] where M.Scalar == Double {
    var named = [("output", run(h).detached())]
    let (_, grads) = gradients(of: { v in (run(v[0]) * weights).sum() }, at: [h])
    named.append(("d h", grads[0]))
    module.zeroGrad()
    (run(h) * weights).sum().backward()
    named += module.namedParameters().map { ("d \($0.path)", $0.parameter.grad ?? Tensor.zeros($0.parameter.shape)) }
    return named
}
