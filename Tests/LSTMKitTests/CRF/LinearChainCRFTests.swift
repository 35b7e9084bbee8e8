import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The CRF against brute-force enumeration of all K^L tag sequences (log Z, the gold score, the NLL, the
/// Viterbi path and score), plus its conventions: parameters, layouts, lengths vs mask, padding.
@Suite struct LinearChainCRFTests {
    /// A CRF with seeded random parameters of size ~1 (the default init is +-0.1, too flat to tell paths apart).
    static func crf<S: TensorScalar>(
        _ k: Int, _ implementation: CRFImplementation = .fused, batchFirst: Bool = false, seed: UInt64 = 5
    ) -> LinearChainCRF<S> {
        let crf = LinearChainCRF<S>(tagCount: k, batchFirst: batchFirst, implementation: implementation,
                                    rng: RandomSource(seed: seed))
        for (n, p) in crf.parameters().enumerated() {
            p.data = randomTensor(p.shape, seed: seed + 10 + UInt64(n)).converted(to: S.self)
        }
        return crf
    }

    /// score(y) of sentence b of time-major emissions [T, B, K], summed term by term from the equation.
    static func pathScore(_ crf: LinearChainCRF<Double>, _ e: Tensor<Double>, _ b: Int, _ tags: [Int]) -> Double {
        let (a, start, end) = (crf.transitions.data, crf.startTransitions.data, crf.endTransitions.data)
        var s = start[tags[0]] + end[tags[tags.count - 1]]
        for (t, y) in tags.enumerated() { s += e[t, b, y] }
        for t in 1..<Swift.max(tags.count, 1) { s += a[tags[t - 1], tags[t]] }
        return s
    }

    /// Every tag sequence of `length` tags from 0..<k, in lexicographic order.
    static func allPaths(_ k: Int, _ length: Int) -> [[Int]] {
        (0..<Int(pow(Double(k), Double(length)))).map { n in
            var rest = n
            return (0..<length).map { _ in defer { rest /= k }; return rest % k }.reversed()
        }
    }

    /// log Z, the best path and its score of sentence b by enumeration.
    static func enumerate(_ crf: LinearChainCRF<Double>, _ e: Tensor<Double>, _ b: Int, _ length: Int)
        -> (logZ: Double, best: [Int], bestScore: Double) {
        let scores = allPaths(crf.tagCount, length).map { ($0, pathScore(crf, e, b, $0)) }
        let m = scores.map(\.1).max()!
        let best = scores.first { $0.1 == m }!
        return (m + Foundation.log(scores.map { Foundation.exp($0.1 - m) }.reduce(0, +)), best.0, best.1)
    }

    static let (steps, batch, tags) = (4, 3, 3)
    static let lengths = [4, 2, 1]
    static var emissions: Tensor<Double> { randomTensor([steps, batch, tags], seed: 1, low: -2, high: 2) }   // [T, B, K]
    static let gold = [0, 2, 1, 1, 0, 5, 2, 7, 9, 0, 8, 8]   // [T, B]; padded positions hold anything

    @Test(arguments: CRFImplementation.allCases)
    func logPartitionMatchesEnumeration(_ implementation: CRFImplementation) {
        let crf: LinearChainCRF<Double> = Self.crf(Self.tags, implementation)
        let logZ = crf.logPartition(Self.emissions, lengths: Self.lengths)
        let expected = (0..<Self.batch).map { Self.enumerate(crf, Self.emissions, $0, Self.lengths[$0]).logZ }
        expectClose(logZ, Tensor(expected), atol: 1e-12, rtol: 1e-12)
    }

    @Test(arguments: CRFImplementation.allCases)
    func scoreAndNegativeLogLikelihoodMatchEnumeration(_ implementation: CRFImplementation) {
        let crf: LinearChainCRF<Double> = Self.crf(Self.tags, implementation)
        let goldTags = (0..<Self.batch).map { b in (0..<Self.lengths[b]).map { Self.gold[$0 * Self.batch + b] } }
        let scores = goldTags.enumerated().map { Self.pathScore(crf, Self.emissions, $0, $1) }
        expectClose(crf.score(Self.emissions, tags: Self.gold, lengths: Self.lengths), Tensor(scores), atol: 1e-12)
        let logZ = (0..<Self.batch).map { Self.enumerate(crf, Self.emissions, $0, Self.lengths[$0]).logZ }
        let nll = zip(logZ, scores).map { $0 - $1 }
        expectClose(crf.logLikelihood(Self.emissions, tags: Self.gold, lengths: Self.lengths), Tensor(nll.map { -$0 }),
                    atol: 1e-12)
        let mean = crf.negativeLogLikelihood(Self.emissions, tags: Self.gold, lengths: Self.lengths)
        #expect(mean.shape == [])
        #expect(Swift.abs(mean.item - nll.reduce(0, +) / 3) < 1e-12)
        let sum = crf.negativeLogLikelihood(Self.emissions, tags: Self.gold, lengths: Self.lengths, reduction: .sum)
        #expect(Swift.abs(sum.item - nll.reduce(0, +)) < 1e-12)
        expectClose(crf.negativeLogLikelihood(Self.emissions, tags: Self.gold, lengths: Self.lengths, reduction: .none),
                    Tensor(nll), atol: 1e-12)
    }

    @Test func probabilitiesOfAllTagSequencesSumToOne() {
        let crf: LinearChainCRF<Double> = Self.crf(3)
        let e = randomTensor([3, 1, 3], seed: 2, low: -3, high: 3)
        let total = Self.allPaths(3, 3).map { Foundation.exp(crf.logLikelihood(e, tags: $0).item) }.reduce(0, +)
        #expect(Swift.abs(total - 1) < 1e-12)
    }

    @Test func viterbiMatchesEnumeration() {
        for seed in UInt64(0)..<8 {
            let crf: LinearChainCRF<Double> = Self.crf(3, seed: 20 + seed)
            let e = randomTensor([5, 3, 3], seed: 30 + seed, low: -2, high: 2)
            let lengths = [5, 3, 1]
            let paths = crf.decode(e, lengths: lengths)
            for b in 0..<3 {
                let expected = Self.enumerate(crf, e, b, lengths[b])
                #expect(paths[b].tags == expected.best, "seed \(seed), sentence \(b)")
                #expect(Swift.abs(paths[b].score - expected.bestScore) < 1e-12)
            }
            // The Viterbi score is the path's score.
            var padded = [Int](repeating: 0, count: 5 * 3)                            // [T, B]
            for b in 0..<3 { for (t, y) in paths[b].tags.enumerated() { padded[t * 3 + b] = y } }
            expectClose(crf.score(e, tags: padded, lengths: lengths), Tensor(paths.map(\.score)), atol: 1e-12)
        }
    }

    @Test func oneStepAndOneTagEdgeCases() {
        let crf: LinearChainCRF<Double> = Self.crf(4)
        let e = randomTensor([1, 2, 4], seed: 3)
        let (start, end) = (crf.startTransitions.data, crf.endTransitions.data)
        let expected = (0..<2).map { b -> Double in
            var total = 0.0
            for j in 0..<4 { total += Foundation.exp(start[j] + e[0, b, j] + end[j]) }
            return Foundation.log(total)
        }
        expectClose(crf.logPartition(e), Tensor(expected), atol: 1e-12)
        let single: LinearChainCRF<Double> = Self.crf(1)
        let e1 = randomTensor([3, 2, 1], seed: 4)
        // With one tag there is one path: log Z = its score, log-likelihood 0, Viterbi all zeros.
        expectClose(single.logLikelihood(e1, tags: [0, 0, 0, 0, 0, 0], lengths: [3, 2]), Tensor([0.0, 0.0]), atol: 1e-12)
        #expect(single.decode(e1, lengths: [3, 2]).map(\.tags) == [[0, 0, 0], [0, 0]])
    }

    @Test func batchFirstMaskAndLengthsAgree() {
        let timeMajor: LinearChainCRF<Double> = Self.crf(Self.tags)
        let batchFirst: LinearChainCRF<Double> = Self.crf(Self.tags, batchFirst: true)
        let (t, b) = (Self.steps, Self.batch)
        let goldBT = (0..<(b * t)).map { i in Self.gold[(i % t) * b + i / t] }           // [B, T]
        let maskTB = Tensor<Double>(shape: [t, b], scalars: (0..<(t * b)).map { $0 / b < Self.lengths[$0 % b] ? 1 : 0 })
        let reference = timeMajor.logLikelihood(Self.emissions, tags: Self.gold, lengths: Self.lengths)
        expectClose(timeMajor.logLikelihood(Self.emissions, tags: Self.gold, mask: maskTB), reference, atol: 0)
        let eBT = Self.emissions.transposed(0, 1)
        expectClose(batchFirst.logLikelihood(eBT, tags: goldBT, lengths: Self.lengths), reference, atol: 1e-14)
        expectClose(batchFirst.logLikelihood(eBT, tags: goldBT, mask: maskTB.transposed()), reference, atol: 1e-14)
        #expect(batchFirst.decode(eBT, mask: maskTB.transposed()) == timeMajor.decode(Self.emissions, lengths: Self.lengths))
        // Without lengths every sentence has T steps.
        expectClose(timeMajor.logPartition(Self.emissions),
                    timeMajor.logPartition(Self.emissions, lengths: [t, t, t]), atol: 0)
    }

    @Test func paddedTagsAreIgnored() {
        let crf: LinearChainCRF<Double> = Self.crf(Self.tags)
        let withPadding = Self.gold.enumerated().map { i, y in i / Self.batch < Self.lengths[i % Self.batch] ? y : -100 }
        expectClose(crf.score(Self.emissions, tags: withPadding, lengths: Self.lengths),
                    crf.score(Self.emissions, tags: Self.gold, lengths: Self.lengths), atol: 0)
    }

    /// The type's doc example and the BiLSTM-CRF sketch of docs/crf.md, with small sizes.
    @Test func documentedExamplesRun() {
        let crf = LinearChainCRF<Float>(tagCount: 5, rng: RandomSource(seed: 0))
        let emissions = Tensor<Float>.randomNormal([4, 2, 5], using: RandomSource(seed: 1))   // [T, B, K]
        let loss = crf.negativeLogLikelihood(emissions, tags: [0, 1, 2, 3, 4, 0, 1, 2], lengths: [4, 3])
        loss.backward()
        #expect(crf.parameters().allSatisfy { $0.grad != nil })
        #expect(crf.decode(emissions, lengths: [4, 3]).map(\.tags.count) == [4, 3])
    }

    @Test func bilstmCRFSketchRuns() {
        let (vocabularySize, k, t, b) = (11, 4, 5, 3)
        let (tokenIDs, tagIDs, lengths) = ((0..<15).map { $0 % 11 }, (0..<15).map { $0 % 4 }, [5, 3, 4])
        let rng = RandomSource(seed: 0)
        let embedding = Embedding<Float>(count: vocabularySize, dimension: 6, rng: rng)
        let lstm = LSTM<Float>(inputSize: 6, hiddenSize: 7, bidirectional: true, rng: rng)
        let toTags = Linear<Float>(inputSize: 14, outputSize: k, rng: rng)
        let crf = LinearChainCRF<Float>(tagCount: k, rng: rng)

        let x = embedding(tokenIDs, shape: [t, b])                                  // [T, B, 6]
        let emissions = toTags(lstm(x, lengths: lengths).outputs)                  // [T, B, K]
        let loss = crf.negativeLogLikelihood(emissions, tags: tagIDs, lengths: lengths)
        loss.backward()
        let predicted = crf.decode(emissions, lengths: lengths).map(\.tags)
        #expect(emissions.shape == [t, b, k] && loss.item.isFinite)
        #expect(predicted.map(\.count) == lengths)
        let all = embedding.parameters() + lstm.parameters() + toTags.parameters() + crf.parameters()
        #expect(all.allSatisfy { $0.grad != nil })
    }

    @Test func parametersFollowPyTorchCRF() {
        let crf = LinearChainCRF<Float>(tagCount: 5, rng: RandomSource(seed: 9))
        #expect(crf.namedParameters().map(\.path) == ["startTransitions", "endTransitions", "transitions"])
        #expect(crf.parameters().map(\.shape) == [[5], [5], [5, 5]])
        #expect(crf.pytorchParameterNames() == ["startTransitions": "start_transitions",
                                                 "endTransitions": "end_transitions", "transitions": "transitions"])
        #expect(crf.parameters().allSatisfy { $0.data.scalars.allSatisfy { $0 >= -0.1 && $0 <= 0.1 } })
        // Drawn in pytorch-crf's order from one stream: start, end, transitions.
        let draws: [Float] = Initializers.uniform([35], -0.1, 0.1, RandomSource(seed: 9), "test").scalars
        #expect(crf.parameters().flatMap(\.data.scalars) == draws)
        #expect(crf.implementation == .fused)
    }
}
