import Foundation

// Chunk-level precision, recall and F1 and token accuracy for tagged sentences, counted as the CoNLL-2000
// evaluation script conlleval counts them (Tjong Kim Sang and Buchholz, "Introduction to the CoNLL-2000
// Shared Task: Chunking", CoNLL 2000; the chunk rules are from Tjong Kim Sang and Veenstra, "Representing
// Text Chunks", EACL 1999).
//
// A tag is "PREFIX-TYPE" (split at the first hyphen: "B-NP" is (B, NP), "I-PP-LOC" is (I, PP-LOC)) or a tag
// without a hyphen ("O", the outside tag, has type ""). Walking a sentence with the previous tag (p, pt) and
// the current one (c, ct), where the sentence is framed by "O" on both sides:
//
//   a chunk ENDS before the current token when   p is E or S; or (p, c) is (B|I, B|S|O); or
//                                                p is not O and not "." and pt != ct; or p is "[" or "]"
//   a chunk STARTS at the current token when     c is B or S; or (p, c) is (E|S|O, I|E) with p, c as listed
//                                                (E I, E E, S I, S E, O I, O E); or c is not O and not "."
//                                                and pt != ct; or c is "[" or "]"
//
// so I- after O or after a chunk of another type starts a chunk (IOB1), B- always does (IOB2/BIO), and E-/S-
// close chunks (IOBES/BIOES). A predicted chunk is correct when it starts and ends where a gold chunk does
// and has its type; a token is correct when its predicted tag equals the gold tag.
//
// Witness: `conlleval` 0.2 from PyPI, the Python port of conlleval.pl (Tools/fixtures/conlleval_cases.py
// writes Tests/LSTMKitTests/Fixtures/conlleval.json). The original Perl script applies the same rules to
// B, I and O; it knows E only in the IOE sense and not S (S-NP S-NP is one chunk there), so IOBES counts
// follow the Python port. Precision with no predicted chunk is 0, as conlleval.pl prints it (the Python port
// reports 1 there).

/// Chunk counts of one chunk type (or of all types): the numbers conlleval prints.
public struct ChunkCounts: Equatable, Sendable, Codable {
    /// Chunks in the gold tags ("with N phrases").
    public var gold: Int
    /// Chunks in the predicted tags ("found: N phrases").
    public var predicted: Int
    /// Predicted chunks with the gold chunk's start, end and type ("correct: N").
    public var correct: Int

    public init(gold: Int = 0, predicted: Int = 0, correct: Int = 0) {
        (self.gold, self.predicted, self.correct) = (gold, predicted, correct)
    }

    /// correct / predicted, 0 when nothing was predicted (conlleval.pl).
    public var precision: Double { predicted > 0 ? Double(correct) / Double(predicted) : 0 }
    /// correct / gold, 0 when there is no gold chunk.
    public var recall: Double { gold > 0 ? Double(correct) / Double(gold) : 0 }
    /// 2 P R / (P + R), 0 when P + R = 0 (conlleval's FB1, as a fraction).
    public var f1: Double {
        let (p, r) = (precision, recall)
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }
}

/// The result of `ChunkEvaluator`: token accuracy and chunk counts overall and per chunk type.
public struct ChunkEvaluation: Equatable, Sendable, Codable, CustomStringConvertible {
    /// Tokens evaluated ("processed N tokens").
    public var tokenCount: Int
    /// Tokens whose predicted tag equals the gold tag.
    public var correctTokenCount: Int
    /// All chunk types together.
    public var overall: ChunkCounts
    /// Each chunk type that occurs in the gold or the predicted tags.
    public var byType: [String: ChunkCounts]

    /// correctTokenCount / tokenCount (0 for no tokens).
    public var accuracy: Double { tokenCount > 0 ? Double(correctTokenCount) / Double(tokenCount) : 0 }
    public var precision: Double { overall.precision }
    public var recall: Double { overall.recall }
    public var f1: Double { overall.f1 }

    /// conlleval's report (percentages with 2 decimals; one line per chunk type, sorted, ending with the
    /// number of predicted chunks of that type).
    public var description: String {
        func percent(_ x: Double) -> String { String(format: "%6.2f", 100 * x) }
        var lines = ["processed \(tokenCount) tokens with \(overall.gold) phrases; found: \(overall.predicted) " +
                     "phrases; correct: \(overall.correct)."]
        if tokenCount > 0 {
            lines.append("accuracy: \(percent(accuracy))%; precision: \(percent(precision))%; " +
                         "recall: \(percent(recall))%; FB1: \(percent(f1))")
        }
        for type in byType.keys.sorted() {
            let c = byType[type]!
            lines.append(pad(type, 17) + ": precision: \(percent(c.precision))%; " +
                         "recall: \(percent(c.recall))%; FB1: \(percent(c.f1))  \(c.predicted)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Counts chunks and tokens sentence by sentence, as conlleval does over a file with a blank line after
/// every sentence.
///
///     var evaluator = ChunkEvaluator()
///     evaluator.add(gold: ["B-NP", "I-NP", "O", "B-VP"], predicted: ["B-NP", "I-NP", "O", "B-NP"])
///     evaluator.result.f1         // 0.5: 1 of 2 predicted chunks correct, 1 of 2 gold chunks found
///     evaluator.result.accuracy   // 0.75
///
/// Any tags are accepted, as conlleval accepts them; check the tag set first with `TagScheme.detect` or
/// `TagScheme.validate` to reject malformed tags with a message naming them.
public struct ChunkEvaluator: Sendable {
    private var counts = ChunkEvaluation(tokenCount: 0, correctTokenCount: 0, overall: ChunkCounts(), byType: [:])
    // conlleval's state between tokens: whether the chunks open in the gold and the predicted tags agree so
    // far, and the previous tags (the boundary after each sentence leaves "O" and "O").
    private var inCorrect = false
    private var lastGold = ChunkTag.outside, lastPredicted = ChunkTag.outside

    public init() {}

    /// The counts so far.
    public var result: ChunkEvaluation {
        var r = counts
        if inCorrect { Self.count(lastGold.type, in: &r) { $0.correct += 1 } }   // conlleval's end of file
        return r
    }

    /// Adds one sentence: the gold tags and the predicted tags, one per token (same count).
    public mutating func add(gold: [String], predicted: [String]) {
        if gold.count != predicted.count {
            failure("ChunkEvaluator.add: \(gold.count) gold tags and \(predicted.count) predicted tags; one of each per token")
        }
        // The sentence, then the boundary line, which conlleval reads as "O" for both.
        for k in 0...gold.count {
            let g = k < gold.count ? ChunkTag(gold[k]) : .outside
            let p = k < gold.count ? ChunkTag(predicted[k]) : .outside
            let (endGold, endPredicted) = (g.endsChunk(after: lastGold), p.endsChunk(after: lastPredicted))
            let (startGold, startPredicted) = (g.startsChunk(after: lastGold), p.startsChunk(after: lastPredicted))
            if inCorrect {
                if endGold && endPredicted && lastPredicted.type == lastGold.type {
                    inCorrect = false
                    Self.count(lastGold.type, in: &counts) { $0.correct += 1 }
                } else if endGold != endPredicted || p.type != g.type {
                    inCorrect = false
                }
            }
            if startGold && startPredicted && p.type == g.type { inCorrect = true }
            if startGold { Self.count(g.type, in: &counts) { $0.gold += 1 } }
            if startPredicted { Self.count(p.type, in: &counts) { $0.predicted += 1 } }
            if k < gold.count {
                counts.tokenCount += 1
                if gold[k] == predicted[k] { counts.correctTokenCount += 1 }
            }
            (lastGold, lastPredicted) = (g, p)
        }
    }

    /// Adds sentences pairwise.
    public mutating func add(gold: [[String]], predicted: [[String]]) {
        if gold.count != predicted.count {
            failure("ChunkEvaluator.add: \(gold.count) gold sentences and \(predicted.count) predicted sentences")
        }
        for (g, p) in zip(gold, predicted) { add(gold: g, predicted: p) }
    }

    private static func count(_ type: Substring, in e: inout ChunkEvaluation, _ change: (inout ChunkCounts) -> Void) {
        change(&e.overall)
        change(&e.byType[String(type), default: ChunkCounts()])
    }
}

/// A tag split as conlleval splits it: "B-NP" -> (B, NP); "O" -> (O, "").
struct ChunkTag: Equatable, Sendable {
    let prefix: Substring
    let type: Substring

    static let outside = ChunkTag("O")

    init(_ tag: String) {
        if let hyphen = tag.firstIndex(of: "-") {
            (prefix, type) = (tag[..<hyphen], tag[tag.index(after: hyphen)...])
        } else {
            (prefix, type) = (tag[...], "")
        }
    }

    /// conlleval's endOfChunk(previous, self).
    func endsChunk(after previous: ChunkTag) -> Bool {
        let (p, c) = (previous.prefix, prefix)
        if p == "E" || p == "S" || p == "[" || p == "]" { return true }
        if (p == "B" || p == "I") && (c == "B" || c == "S" || c == "O") { return true }
        return p != "O" && p != "." && previous.type != type
    }

    /// conlleval's startOfChunk(previous, self).
    func startsChunk(after previous: ChunkTag) -> Bool {
        let (p, c) = (previous.prefix, prefix)
        if c == "B" || c == "S" || c == "[" || c == "]" { return true }
        if (p == "E" || p == "S" || p == "O") && (c == "I" || c == "E") { return true }
        return c != "O" && c != "." && previous.type != type
    }
}
