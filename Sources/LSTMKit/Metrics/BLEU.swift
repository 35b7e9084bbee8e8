import Foundation

/// BLEU (Papineni et al. 2002) computed as sacrebleu computes it (Post 2018), so a score here is comparable
/// with a published sacrebleu score: the defaults are sacrebleu's `corpus_bleu` defaults, signature
/// `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp`.
///
/// For hypothesis segments h and their references (one or more per segment), after ``BLEUTokenizer13a``
/// (optionally lower-cased first; trailing whitespace is dropped):
///
///     count_n(h)   = the n-grams of h (n = 1...maxOrder), with repeats
///     match_n(h)   = sum over the n-grams g of h of min(count of g in h, max over references of count of g)
///     p_n          = 100 * sum_h match_n(h) / sum_h count_n(h)          (summed over the corpus first)
///     c            = sum_h len(h)        r = sum_h len(the reference closest in length to h; the shorter on ties)
///     BP           = 1 if c >= r, exp(1 - r / c) if 0 < c < r, 0 if c = 0
///     BLEU         = BP * exp((log p_1 + ... + log p_N) / N)            (0 to 100; log 0 counts as -9999999999)
///
/// A corpus with no matching unigram at all (or no n-gram) scores 0 with all precisions 0. Smoothing of a
/// precision whose match count is 0 (sacrebleu's `smooth_method`, after Chen and Cherry 2014):
/// - `.exponential` (`exp`, the default; mteval's NIST smoothing): the k-th such order gets p_n = 100 / (2^k * count_n);
/// - `.floor(e)` (`floor`, 0.1 in sacrebleu): p_n = 100 * e / count_n;
/// - `.addK(k)` (`add-k`, 1 in sacrebleu): for n >= 2, match_n + k over count_n + k;
/// - `.none`: p_n = 0, so the score is 0.
///
/// An order without any n-gram in the hypotheses (all shorter than n) stops the loop: its precision stays 0
/// (so the score is 0) unless `effectiveOrder` is set, which averages over the orders before it only (N = that
/// order - 1), as sacrebleu's `sentence_bleu` does by default.
///
///     let score = BLEU().corpusScore(hypotheses: ["The cat sat on the mat."], references: ["The cat sat on a mat."])
///     score.score                 // 48.89...
///     score.description           // "BLEU = 48.89 85.7/66.7/40.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)"
///
/// Checked against sacrebleu 2.6.0 (`Tools/fixtures/bleu.py`) on corpus and sentence scores with every option.
public struct BLEU: Sendable, Equatable {
    /// How to score an n-gram order with no match (see the type's documentation).
    public enum Smoothing: Sendable, Equatable {
        case none
        case floor(Double)
        case addK(Double)
        case exponential

        /// sacrebleu's name with its value, as in the signature: "exp", "none", "floor[0.10]", "add-k[1.00]".
        public var signature: String {
            switch self {
            case .none: "none"
            case .exponential: "exp"
            case .floor(let e): "floor[" + String(format: "%.2f", e) + "]"
            case .addK(let k): "add-k[" + String(format: "%.2f", k) + "]"
            }
        }
    }

    /// How segments are split into words before counting n-grams.
    public enum Tokenization: String, Sendable, Equatable, Codable {
        /// ``BLEUTokenizer13a``, sacrebleu's default.
        case thirteenA = "13a"
        /// Whitespace only: for text that is already tokenized (sacrebleu's `none`).
        case none
    }

    public var tokenization: Tokenization
    /// Lower-case hypotheses and references first (Swift `lowercased()`, which agrees with Python's
    /// `str.lower()` except for the context-dependent Greek final sigma).
    public var lowercase: Bool
    public var smoothing: Smoothing
    /// N, the largest n-gram order (4).
    public var maxOrder: Int
    /// Average only over the orders that have n-grams (see the type's documentation).
    public var effectiveOrder: Bool

    public init(tokenization: Tokenization = .thirteenA, lowercase: Bool = false, smoothing: Smoothing = .exponential,
                maxOrder: Int = 4, effectiveOrder: Bool = false) {
        if maxOrder < 1 { failure("BLEU: maxOrder must be >= 1, got \(maxOrder)") }
        self.tokenization = tokenization
        self.lowercase = lowercase
        self.smoothing = smoothing
        self.maxOrder = maxOrder
        self.effectiveOrder = effectiveOrder
    }

    /// sacrebleu's `sentence_bleu` defaults: as ``init(tokenization:lowercase:smoothing:maxOrder:effectiveOrder:)``
    /// with `effectiveOrder: true`.
    public static let sentenceDefaults = BLEU(effectiveOrder: true)

    /// sacrebleu's signature of these options for `references` references per segment (without sacrebleu's
    /// version field): "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp".
    public func signature(references: Int = 1) -> String {
        "nrefs:\(references)|case:\(lowercase ? "lc" : "mixed")|eff:\(effectiveOrder ? "yes" : "no")|" +
            "tok:\(tokenization.rawValue)|smooth:\(smoothing.signature)"
    }

    /// Corpus BLEU with one reference per hypothesis (`references[i]` for `hypotheses[i]`; same counts).
    public func corpusScore(hypotheses: [String], references: [String]) -> BLEUScore {
        if hypotheses.count != references.count {
            failure("BLEU.corpusScore: \(hypotheses.count) hypotheses but \(references.count) references")
        }
        return corpusScore(hypotheses: hypotheses, referenceSets: references.map { [$0] })
    }

    /// Corpus BLEU with any number of references per hypothesis (`referenceSets[i]` for `hypotheses[i]`, at
    /// least one each).
    public func corpusScore(hypotheses: [String], referenceSets: [[String]]) -> BLEUScore {
        if hypotheses.count != referenceSets.count {
            failure("BLEU.corpusScore: \(hypotheses.count) hypotheses but \(referenceSets.count) reference sets")
        }
        var statistics = BLEUStatistics(maxOrder: maxOrder)
        for (i, (hypothesis, references)) in zip(hypotheses, referenceSets).enumerated() {
            if references.isEmpty { failure("BLEU.corpusScore: hypothesis \(i) has no reference") }
            statistics.add(segment(hypothesis), references: references.map(segment))
        }
        return score(statistics)
    }

    /// BLEU of one segment against its references (use ``sentenceDefaults`` for sacrebleu's `sentence_bleu`).
    public func sentenceScore(hypothesis: String, references: [String]) -> BLEUScore {
        corpusScore(hypotheses: [hypothesis], referenceSets: [references])
    }

    /// The words of a segment as the n-gram counts see them.
    public func segment(_ text: String) -> [String] {
        var line = lowercase ? text.lowercased() : text
        while let last = line.unicodeScalars.last, BLEUTokenizer13a.isPythonWhitespace(last) {
            line.unicodeScalars.removeLast()
        }
        switch tokenization {
        case .thirteenA: return BLEUTokenizer13a().tokenize(line)
        case .none: return BLEUTokenizer13a.splitAtWhitespace(Array(line.unicodeScalars))
        }
    }

    /// The score from corpus statistics (sacrebleu's `compute_bleu`).
    public func score(_ statistics: BLEUStatistics) -> BLEUScore {
        let c = statistics.hypothesisLength, r = statistics.referenceLength
        let bp = c >= r ? 1.0 : (c > 0 ? exp(1 - Double(r) / Double(c)) : 0.0)
        var precisions = [Double](repeating: 0, count: maxOrder)
        func result(_ score: Double) -> BLEUScore {
            BLEUScore(score: score, matches: statistics.matches, totals: statistics.totals, precisions: precisions,
                      brevityPenalty: bp, hypothesisLength: c, referenceLength: r)
        }
        if statistics.matches.allSatisfy({ $0 == 0 }) { return result(0) }
        var mteval = 1.0
        var order = maxOrder
        for n in 0..<maxOrder {
            var match = Double(statistics.matches[n]), total = Double(statistics.totals[n])
            if case .addK(let k) = smoothing, n > 0 { match += k; total += k }
            if total == 0 { break }
            if effectiveOrder { order = n + 1 }
            if match == 0 {
                switch smoothing {
                case .exponential: mteval *= 2; precisions[n] = 100 / (mteval * total)
                case .floor(let e): precisions[n] = 100 * e / total
                case .none, .addK: break
                }
            } else {
                precisions[n] = 100 * match / total
            }
        }
        let logSum = precisions[0..<order].reduce(0.0) { $0 + ($1 == 0 ? -9999999999 : log($1)) }
        return result(bp * exp(logSum / Double(order)))
    }
}

/// The sufficient statistics of corpus BLEU: summed over segments, so scores of parts can be combined.
public struct BLEUStatistics: Sendable, Equatable, Codable {
    /// Per order n = 1...N (index n - 1): the matched n-grams (clipped by the references).
    public var matches: [Int]
    /// Per order: the hypothesis n-grams.
    public var totals: [Int]
    /// c, the hypothesis words.
    public var hypothesisLength = 0
    /// r, the words of the reference closest in length to each hypothesis (the shorter one on ties).
    public var referenceLength = 0

    public init(maxOrder: Int) {
        matches = [Int](repeating: 0, count: maxOrder)
        totals = matches
    }

    /// Adds one tokenized segment and its tokenized references.
    public mutating func add(_ hypothesis: [String], references: [[String]]) {
        let maxOrder = matches.count
        var best: [ArraySlice<String>: Int] = [:]
        for reference in references {
            for (gram, count) in Self.ngrams(reference, maxOrder) { best[gram] = max(best[gram] ?? 0, count) }
        }
        for (gram, count) in Self.ngrams(hypothesis, maxOrder) {
            totals[gram.count - 1] += count
            matches[gram.count - 1] += min(count, best[gram] ?? 0)
        }
        hypothesisLength += hypothesis.count
        var closest = -1, closestDifference = -1
        for length in references.map(\.count) {
            let difference = abs(hypothesis.count - length)
            if closestDifference == -1 || difference < closestDifference || (difference == closestDifference && length < closest) {
                closestDifference = difference
                closest = length
            }
        }
        referenceLength += closest
    }

    /// Adds the statistics of another part of the corpus.
    public mutating func add(_ other: BLEUStatistics) {
        if other.matches.count != matches.count {
            failure("BLEUStatistics.add: orders \(matches.count) and \(other.matches.count) differ")
        }
        for n in matches.indices { matches[n] += other.matches[n]; totals[n] += other.totals[n] }
        hypothesisLength += other.hypothesisLength
        referenceLength += other.referenceLength
    }

    static func ngrams(_ words: [String], _ maxOrder: Int) -> [ArraySlice<String>: Int] {
        var counts: [ArraySlice<String>: Int] = [:]
        for n in 1...maxOrder where n <= words.count {
            for start in 0...(words.count - n) { counts[words[start..<(start + n)], default: 0] += 1 }
        }
        return counts
    }
}

/// A BLEU score and its parts, as sacrebleu's `BLEUScore`.
public struct BLEUScore: Sendable, Equatable, Codable, CustomStringConvertible {
    /// BLEU, 0 to 100.
    public var score: Double
    /// Matched n-grams per order (sacrebleu's `counts`; raw, before add-k smoothing).
    public var matches: [Int]
    /// Hypothesis n-grams per order (sacrebleu's `totals`; raw).
    public var totals: [Int]
    /// p_n per order, 0 to 100, smoothed.
    public var precisions: [Double]
    /// BP.
    public var brevityPenalty: Double
    /// c (sacrebleu's `sys_len`).
    public var hypothesisLength: Int
    /// r (sacrebleu's `ref_len`).
    public var referenceLength: Int

    /// c / r (0 when r = 0).
    public var ratio: Double { referenceLength == 0 ? 0 : Double(hypothesisLength) / Double(referenceLength) }

    /// sacrebleu's line: "BLEU = 48.89 85.7/66.7/40.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)".
    public var description: String {
        let p = precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")
        return String(format: "BLEU = %.2f ", score) + p + String(format: " (BP = %.3f ratio = %.3f ", brevityPenalty, ratio) +
            "hyp_len = \(hypothesisLength) ref_len = \(referenceLength))"
    }
}
