import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct Seq2SeqDecodingTests {
    static func model<S: TensorScalar>(_: S.Type, targetVocabulary: Int = 9, seed: UInt64) -> Seq2Seq<S> {
        Seq2Seq<S>(Seq2SeqConfig(sourceVocabularySize: 8, targetVocabularySize: targetVocabulary, embeddingSize: 4,
                                 encoderHiddenSize: 3, decoderCell: .gru, decoderHiddenSize: 5, attention: .additive),
                   rng: RandomSource(seed: seed))
    }

    static let sources = [[4, 5, 6], [7], [5, 5, 4, 6, 7], [6, 1]]

    /// Beam width 1 is greedy decoding: the same tokens, the same scores and attention, bit for bit.
    @Test func beamWidthOneIsGreedy() {
        var finished = 0, cut = 0
        for seed in UInt64(1)...6 {
            let model = Self.model(Float.self, seed: seed)
            for source in Self.sources {
                let greedy = model.greedyDecode([source], maxLength: 6)[0]
                let beam = model.beamSearch(source, width: 1, maxLength: 6)
                #expect(beam.count == 1)
                #expect(beam[0].tokens == greedy.tokens && beam[0].finished == greedy.finished)
                #expect(beam[0].score == greedy.score && beam[0].normalizedScore == greedy.score)
                #expect(beam[0].attention.shape == greedy.attention.shape)
                #expect(beam[0].attention.scalars == greedy.attention.scalars)
                if greedy.finished { finished += 1 } else { cut += 1 }
            }
        }
        // Both endings occur, so both paths were compared.
        #expect(finished > 0 && cut > 0, "finished \(finished), cut \(cut)")
    }

    /// Greedy decoding of a padded batch equals decoding each sentence alone.
    @Test func greedyBatchEqualsOneByOne() {
        let model = Self.model(Double.self, seed: 3)
        let batch = model.greedyDecode(Self.sources, maxLength: 7)
        for (source, hypothesis) in zip(Self.sources, batch) {
            let alone = model.greedyDecode([source], maxLength: 7)[0]
            #expect(hypothesis.tokens == alone.tokens && hypothesis.finished == alone.finished)
            #expect(Swift.abs(hypothesis.score - alone.score) < 1e-12)
            expectClose(hypothesis.attention, alone.attention, atol: 1e-12, rtol: 0)
            #expect(hypothesis.attention.shape == [hypothesis.length, source.count])
        }
    }

    /// Every hypothesis over a tiny vocabulary, scored by teacher forcing: (tokens, finished, log p).
    static func everyHypothesis(_ model: Seq2Seq<Double>, source: [Int], maxLength: Int) -> [([Int], Bool, Double)] {
        let v = model.config.targetVocabularySize, end = model.config.endIndex
        let symbols = (0..<v).filter { $0 != end }
        var prefixes: [[Int]] = [[]], all: [([Int], Bool)] = []
        for length in 0...maxLength {
            all += prefixes.map { ($0, length < maxLength) }        // length maxLength: cut, no end token
            prefixes = prefixes.flatMap { p in symbols.map { p + [$0] } }
        }
        let batch = Seq2SeqBatch(sources: all.map { _ in source }, targets: all.map(\.0), config: model.config)
        let logp = logSoftmax(model.logits(batch), axis: -1)                       // [T, N, Vt]
        return all.enumerated().map { n, hypothesis in
            let steps = hypothesis.0.count + (hypothesis.1 ? 1 : 0)
            let score = (0..<steps).map { t in logp[t, n, batch.targetOutputs[t * all.count + n]] }.reduce(0, +)
            return (hypothesis.0, hypothesis.1, score)
        }
    }

    /// A beam as wide as Vt^maxLength prunes nothing: it finds every hypothesis with its exact score, so its
    /// best is the true best (with and without length normalization).
    @Test(arguments: [0.0, 1.0]) func aFullBeamFindsTheExactBest(_ lengthPenalty: Double) {
        let model = Self.model(Double.self, targetVocabulary: 5, seed: 4)
        model.eval()
        let source = [4, 6, 5]
        let exact = Self.everyHypothesis(model, source: source, maxLength: 3)
        #expect(exact.count == 1 + 4 + 16 + 64)
        let beam = model.beamSearch(source, width: 125, lengthPenalty: lengthPenalty, maxLength: 3)
        #expect(beam.count == exact.count)
        func normalized(_ h: ([Int], Bool, Double)) -> Double {
            h.2 / Double.pow(Double(h.0.count + (h.1 ? 1 : 0)), lengthPenalty)
        }
        let best = exact.max { normalized($0) < normalized($1) }!
        #expect(beam[0].tokens == best.0 && beam[0].finished == best.1)
        #expect(Swift.abs(beam[0].score - best.2) < 1e-12)
        // The best is clear of the runner-up, so the comparison means something.
        let sorted = exact.map(normalized).sorted(by: >)
        #expect(sorted[0] - sorted[1] > 1e-6)
        // And every hypothesis is there with its score, in order.
        for h in beam {
            let match = exact.first { $0.0 == h.tokens && $0.1 == h.finished }
            #expect(match != nil && Swift.abs(match!.2 - h.score) < 1e-12)
        }
        #expect(zip(beam, beam.dropFirst()).allSatisfy { $0.normalizedScore >= $1.normalizedScore })
    }

    @Test func aWiderBeamNeverScoresWorseThanGreedyHere() {
        let model = Self.model(Double.self, seed: 5)
        for source in Self.sources {
            let greedy = model.greedyDecode([source], maxLength: 6)[0]
            let beam = model.beamSearch(source, width: 4, maxLength: 6)
            #expect(beam.count >= 1 && beam.count <= 4 + 4)
            let rows = beam[0].attention
            #expect(rows.shape == [beam[0].length, source.count])
            for r in 0..<rows.shape[0] {
                #expect(Swift.abs((0..<source.count).map { rows[r, $0] }.reduce(0, +) - 1) < 1e-12)
            }
            // Not a theorem in general, but the best finished beam here is at least as likely as greedy's.
            if greedy.finished && beam[0].finished { #expect(beam[0].score >= greedy.score - 1e-12) }
        }
    }

    @Test func topIndicesKeepsTheLargestLowIndexFirst() {
        let values: [Float] = [0.5, 2, -1, 2, 7, 0.5]
        #expect(topIndices(values[...], count: 3) == [4, 1, 3])
        #expect(topIndices(values[...], count: 5) == [4, 1, 3, 0, 5])
        #expect(topIndices(values[...], count: 9) == [4, 1, 3, 0, 5, 2])
        #expect(topIndices(values[2...], count: 2) == [2, 1])
    }

    /// The fairseq rule: an end token finishes a hypothesis only within the first `width` ranks.
    @Test func anEndTokenCountsOnlyWithinTheFirstWidthRanks() {
        let end = 3
        let candidates = [BeamCandidate(score: -1.3, beam: 0, token: 5), BeamCandidate(score: -1.2, beam: 1, token: end),
                          BeamCandidate(score: -1.0, beam: 0, token: end), BeamCandidate(score: -1.1, beam: 1, token: 4),
                          BeamCandidate(score: -1.3, beam: 1, token: 6), BeamCandidate(score: -1.3, beam: 0, token: 4)]
        let (finished, live) = selectBeamCandidates(candidates, width: 2, endIndex: end)
        // Ranks: end (beam 0) -1.0, 4 (beam 1) -1.1, end (beam 1) -1.2 (rank 2: dropped), then the ties at -1.3
        // by beam and token: 4 (beam 0), 5 (beam 0), 6 (beam 1).
        #expect(finished == [candidates[2]])
        #expect(live == [candidates[3], candidates[5]])
        let wide = selectBeamCandidates(candidates, width: 3, endIndex: end)
        #expect(wide.finished == [candidates[2], candidates[1]])
        #expect(wide.live == [candidates[3], candidates[5], candidates[0]])
    }

    @Test func aZeroWidthStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Self.model(Float.self, seed: 1).beamSearch([4], width: 0, maxLength: 3)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Seq2Seq.beamSearch: width must be at least 1, got 0"))
    }
}
