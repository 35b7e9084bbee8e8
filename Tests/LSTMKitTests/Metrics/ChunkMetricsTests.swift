import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// `ChunkEvaluator` against the conlleval Python port (Fixtures/conlleval.json, from
/// Tools/fixtures/conlleval_cases.py): token and chunk counts exactly, overall and per type; precision,
/// recall and F1 to 1e-12, with conlleval.pl's 0 where nothing was predicted (the port says 1); and the
/// report text, with the same one difference.
@Suite struct ChunkMetricsTests {
    struct Counts: Decodable, Sendable {
        let gold, predicted, correct: Int
        let precision, recall, f1: Double
    }
    struct Sentence: Decodable, Sendable { let gold, predicted: [String] }
    struct Case: Decodable, Sendable {
        struct Tokens: Decodable, Sendable { let processed, correct: Int }
        let name: String
        let sentences: [Sentence]
        let tokens: Tokens
        let overall: Counts
        let by_type: [String: Counts]
        let report: String?
    }
    struct File: Decodable, Sendable {
        let conlleval_version: String
        let cases: [Case]
    }

    static let file: File? = try? Fixtures.load("conlleval")

    static func evaluate(_ sentences: [Sentence]) -> ChunkEvaluation {
        var evaluator = ChunkEvaluator()
        evaluator.add(gold: sentences.map(\.gold), predicted: sentences.map(\.predicted))
        return evaluator.result
    }

    @Test func fileLoadsWithItsVersion() throws {
        let file = try Fixtures.load("conlleval", as: File.self)
        #expect(file.conlleval_version == "0.2")
        #expect(file.cases.count >= 18)
    }

    @Test(arguments: ChunkMetricsTests.file?.cases.map(\.name) ?? [])
    func countsAsConlleval(_ name: String) throws {
        let c = try #require(Self.file?.cases.first { $0.name == name })
        let result = Self.evaluate(c.sentences)
        #expect(result.tokenCount == c.tokens.processed)
        #expect(result.correctTokenCount == c.tokens.correct)
        if c.tokens.processed > 0 {
            #expect(Swift.abs(result.accuracy - Double(c.tokens.correct) / Double(c.tokens.processed)) < 1e-15)
        }
        expect(result.overall, c.overall, "\(name) overall")
        #expect(result.byType.keys.sorted() == c.by_type.keys.sorted(), "\(name) chunk types")
        for (type, expected) in c.by_type {
            expect(result.byType[type] ?? ChunkCounts(), expected, "\(name) \(type)")
        }
        if let report = c.report {
            #expect(result.description + "\n" == Self.perlPrecision(report, c), "\(name) report")
        }
    }

    func expect(_ actual: ChunkCounts, _ expected: Counts, _ label: String) {
        #expect(actual == ChunkCounts(gold: expected.gold, predicted: expected.predicted, correct: expected.correct),
                "\(label) counts")
        // The port's precision with nothing predicted is 1; conlleval.pl's (and ours) is 0.
        let precision = expected.predicted == 0 ? 0 : expected.precision
        if expected.predicted == 0 { #expect(expected.precision == 1, "\(label): the port's convention changed") }
        #expect(Swift.abs(actual.precision - precision) < 1e-12, "\(label) precision \(actual.precision)")
        #expect(Swift.abs(actual.recall - expected.recall) < 1e-12, "\(label) recall \(actual.recall)")
        #expect(Swift.abs(actual.f1 - expected.f1) < 1e-12, "\(label) F1 \(actual.f1)")
    }

    /// The port's report with conlleval.pl's "precision:   0.00%" on the lines where nothing was predicted.
    static func perlPrecision(_ report: String, _ c: Case) -> String {
        var lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for k in lines.indices {
            let noneFound = lines[k].hasPrefix("accuracy:") ? c.overall.predicted == 0 : lines[k].hasSuffix("  0")
            if noneFound { lines[k] = lines[k].replacingOccurrences(of: "precision: 100.00%", with: "precision:   0.00%") }
        }
        return lines.joined(separator: "\n")
    }

    @Test func handWorkedExample() {
        var evaluator = ChunkEvaluator()
        evaluator.add(gold: ["B-NP", "I-NP", "O", "B-VP"], predicted: ["B-NP", "I-NP", "O", "B-NP"])
        let r = evaluator.result
        #expect(r.overall == ChunkCounts(gold: 2, predicted: 2, correct: 1))
        #expect(r.byType == ["NP": ChunkCounts(gold: 1, predicted: 2, correct: 1), "VP": ChunkCounts(gold: 1)])
        #expect(r.f1 == 0.5 && r.accuracy == 0.75)
        #expect(r.byType["VP"]!.precision == 0 && r.byType["VP"]!.f1 == 0)
    }

    @Test func sentencesAreSeparatedLikeBlankLines() {
        // A chunk open at the end of one sentence ends there: B-NP | I-NP is two chunks, not one.
        var split = ChunkEvaluator()
        split.add(gold: [["B-NP"], ["I-NP"]], predicted: [["B-NP"], ["I-NP"]])
        #expect(split.result.overall == ChunkCounts(gold: 2, predicted: 2, correct: 2))
        var joined = ChunkEvaluator()
        joined.add(gold: ["B-NP", "I-NP"], predicted: ["B-NP", "I-NP"])
        #expect(joined.result.overall == ChunkCounts(gold: 1, predicted: 1, correct: 1))
        #expect(ChunkEvaluator().result.description == "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.")
    }

    @Test func mismatchedLengthsAreNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var evaluator = ChunkEvaluator()
            evaluator.add(gold: ["B-NP", "O"], predicted: ["B-NP"])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("ChunkEvaluator.add: 2 gold tags and 1 predicted tags"))
    }
}
