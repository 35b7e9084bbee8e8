import Foundation
import Testing
@testable import LSTMKit

/// BLEU and its 13a tokenization against sacrebleu 2.6.0 (Fixtures/bleu.json, from Tools/fixtures/bleu.py).
@Suite struct BLEUTests {
    struct Options: Decodable {
        let lowercase: Bool
        let tokenize: String
        let smooth_method: String
        let smooth_value: Double?
        let effective_order: Bool
    }

    struct Expected: Decodable {
        let score: Double
        let counts: [Double]
        let totals: [Double]
        let precisions: [Double]
        let bp: Double
        let ratio: Double
        let sys_len: Int
        let ref_len: Int
        let formatted: String
    }

    struct CorpusCase: Decodable {
        let name: String
        let options: Options
        let hypotheses: [String]
        let references: [[String]]
        let signature: String
        let expected: Expected
        enum CodingKeys: String, CodingKey { case name, options, hypotheses, references, signature }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            options = try c.decode(Options.self, forKey: .options)
            hypotheses = try c.decode([String].self, forKey: .hypotheses)
            references = try c.decode([[String]].self, forKey: .references)
            signature = try c.decode(String.self, forKey: .signature)
            expected = try Expected(from: decoder)
        }
    }

    struct SentenceCase: Decodable {
        let hypothesis: String
        let reference: String
        let expected: Expected
        enum CodingKeys: String, CodingKey { case hypothesis, reference }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hypothesis = try c.decode(String.self, forKey: .hypothesis)
            reference = try c.decode(String.self, forKey: .reference)
            expected = try Expected(from: decoder)
        }
    }

    struct File: Decodable {
        let sacrebleu_version: String
        let tokenizer_13a: [TokenizerCase]
        let corpus: [CorpusCase]
        let sentence: [SentenceCase]
    }

    struct TokenizerCase: Decodable {
        let text: String
        let tokens: [String]
    }

    static let file: File = try! Fixtures.load("bleu")

    func bleu(_ o: Options) -> BLEU {
        let smoothing: BLEU.Smoothing = switch o.smooth_method {
        case "exp": .exponential
        case "none": .none
        case "floor": .floor(o.smooth_value ?? 0.1)
        case "add-k": .addK(o.smooth_value ?? 1)
        default: fatalError("unknown smoothing \(o.smooth_method)")
        }
        return BLEU(tokenization: BLEU.Tokenization(rawValue: o.tokenize)!, lowercase: o.lowercase,
                    smoothing: smoothing, effectiveOrder: o.effective_order)
    }

    /// Compares everything sacrebleu reports; returns the largest absolute difference of the real numbers.
    @discardableResult
    func check(_ s: BLEUScore, _ e: Expected, _ what: String, rawCounts: Bool = true) -> Double {
        let difference = ([abs(s.score - e.score), abs(s.brevityPenalty - e.bp), abs(s.ratio - e.ratio)] +
                          zip(s.precisions, e.precisions).map { abs($0 - $1) }).max()!
        #expect(difference <= 1e-9, "\(what): \(s) vs sacrebleu \(e.formatted)")
        #expect(s.hypothesisLength == e.sys_len && s.referenceLength == e.ref_len, "\(what)")
        if rawCounts { #expect(s.matches.map(Double.init) == e.counts && s.totals.map(Double.init) == e.totals, "\(what)") }
        #expect(s.description == e.formatted, "\(what)")
        return difference
    }

    @Test func fixtureIsFromThePinnedSacrebleu() {
        #expect(Self.file.sacrebleu_version == "2.6.0")
        #expect(Self.file.corpus.count == 16 && Self.file.sentence.count == 58 && Self.file.tokenizer_13a.count == 114)
    }

    @Test func tokenizer13aMatchesSacrebleu() {
        for line in Self.file.tokenizer_13a {
            #expect(BLEUTokenizer13a().tokenize(line.text) == line.tokens, "\(line.text.debugDescription)")
            #expect(BLEUTokenizer13a()(line.text) == line.tokens.joined(separator: " "))
        }
    }

    @Test func corpusScoresMatchSacrebleu() {
        var worst = 0.0
        for c in Self.file.corpus {
            let metric = bleu(c.options)
            let score = metric.corpusScore(hypotheses: c.hypotheses, referenceSets: c.references)
            worst = max(worst, check(score, c.expected, c.name, rawCounts: c.options.smooth_method != "add-k"))
            #expect(metric.signature(references: c.references[0].count) == c.signature, "\(c.name)")
        }
        #expect(worst <= 1e-9)
    }

    @Test func sentenceScoresMatchSacrebleu() {
        for c in Self.file.sentence {
            let score = BLEU.sentenceDefaults.sentenceScore(hypothesis: c.hypothesis, references: [c.reference])
            check(score, c.expected, c.hypothesis)
        }
    }

    @Test func singleReferenceFormAndStatisticsAddUp() {
        let c = Self.file.corpus.first { $0.name == "shakespeare edits" }!
        let single = BLEU().corpusScore(hypotheses: c.hypotheses, references: c.references.map { $0[0] })
        check(single, c.expected, c.name)
        // Statistics of two halves add up to the whole.
        let metric = BLEU()
        var halves = BLEUStatistics(maxOrder: 4)
        for part in [0..<100, 100..<c.hypotheses.count] {
            var s = BLEUStatistics(maxOrder: 4)
            for i in part { s.add(metric.segment(c.hypotheses[i]), references: [metric.segment(c.references[i][0])]) }
            halves.add(s)
        }
        #expect(metric.score(halves) == single)
    }

    @Test func handComputedExample() {
        // hypothesis "the cat sat on the mat ." / reference "the cat sat on a mat .": 7 words each;
        // unigrams 6/7 ("the" twice in the hypothesis, once in the reference), bigrams 4/6, trigrams 2/5, 4-grams 1/4.
        let s = BLEU().corpusScore(hypotheses: ["the cat sat on the mat."], references: ["the cat sat on a mat."])
        #expect(s.matches == [6, 4, 2, 1] && s.totals == [7, 6, 5, 4] && s.brevityPenalty == 1)
        let logs: [Double] = [log(600.0 / 7), log(400.0 / 6), log(200.0 / 5), log(100.0 / 4)]
        let expected = exp(logs.reduce(0, +) / 4)
        #expect(abs(s.score - expected) < 1e-12)
        #expect(s.description == "BLEU = 48.89 85.7/66.7/40.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)")
    }

    @Test func mismatchedCountsStop() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = BLEU().corpusScore(hypotheses: ["a"], references: ["a", "b"])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("BLEU.corpusScore: 1 hypotheses but 2 references"))
    }
}
