import Foundation
import LSTMKit

/// A translation model loaded from a `lstm train translate` checkpoint, and translation.
///
///     let model = try TranslateTask.load(URL(fileURLWithPath: "runs/translate/best.safetensors"))
///     let t = try model.translate("Ein Mann fährt Fahrrad.", beamWidth: 5)
///     t.text            // "A man is riding a bike."
///     t.attention       // [target tokens (+ <eos>)][source tokens + <eos>], rows sum to 1
public struct TranslationModel {
    public let config: TranslateConfig
    public let network: Seq2Seq<Float>
    public let vocabularies: TranslationVocabularies
    public let path: String

    public init(config: TranslateConfig, network: Seq2Seq<Float>, vocabularies: TranslationVocabularies, path: String) {
        self.config = config
        self.network = network
        self.vocabularies = vocabularies
        self.path = path
    }

    /// The translation of one sentence: greedy (`beamWidth` 1) or the best hypothesis of a beam search with
    /// the config's length penalty.
    /// - Throws: `TaskError` for a sentence without words, `ConfigError` for a width below 1.
    public func translate(_ sentence: String, beamWidth: Int = 1) throws -> Translation {
        if beamWidth < 1 { throw ConfigError("beamWidth", "must be at least 1, got \(beamWidth)") }
        try Check.atMost(beamWidth, TranslateConfig.maximumBeamWidth, "beamWidth")
        let words = try sourceWords(sentence)
        if beamWidth == 1 { return try translate([sentence])[0] }
        let ids = vocabularies.encodeSource(words)
        let best = network.beamSearch(ids, width: beamWidth, lengthPenalty: config.lengthPenalty,
                                      maxLength: maxLength(ids.count))[0]
        return translation(sentence, words, best)
    }

    /// Greedy translations of many sentences, decoded in batches of similar length.
    public func translate(_ sentences: [String], batchSize: Int = 64) throws -> [Translation] {
        let words = try sentences.map(sourceWords)
        let ids = words.map(vocabularies.encodeSource)
        var results = [Translation?](repeating: nil, count: sentences.count)
        let order = ids.indices.sorted { (ids[$0].count, $0) < (ids[$1].count, $1) }
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let chunk = Array(order[start..<min(start + batchSize, order.count)])
            let longest = chunk.map { ids[$0].count }.max()!
            let hypotheses = network.greedyDecode(chunk.map { ids[$0] }, maxLength: maxLength(longest))
            for (n, hypothesis) in zip(chunk, hypotheses) { results[n] = translation(sentences[n], words[n], hypothesis) }
        }
        return results.map { $0! }
    }

    /// The tokens of a source sentence; an empty one is an error.
    func sourceWords(_ sentence: String) throws -> [String] {
        let words = config.tokenizer.tokenize(sentence)
        if words.isEmpty {
            throw TaskError("the sentence \"\(sentence)\" has no words; give a sentence in '\(config.source)' to translate")
        }
        return words
    }

    /// The most target tokens for a source of `length` IDs: 2 * length + 10, at most `config.maxLength`.
    func maxLength(_ length: Int) -> Int { min(config.maxLength, 2 * length + 10) }

    func translation(_ sentence: String, _ words: [String], _ h: Seq2SeqHypothesis<Float>) -> Translation {
        let tokens = vocabularies.target.decode(h.tokens)
        let columns = words.count + 1
        let weights = h.attention.scalars.map(Double.init)
        return Translation(
            source: sentence, sourceTokens: words + ["<eos>"],
            unknownSourceTokens: words.filter { !vocabularies.source.contains($0) },
            tokens: tokens, text: detokenize(tokens), finished: h.finished, score: h.score,
            attention: (0..<h.length).map { Array(weights[($0 * columns)..<(($0 + 1) * columns)]) })
    }

    /// Target tokens as text: `EnglishDetokenizer` (its rules are written for English; they handle the
    /// punctuation of German and French too), capitalizing the first letter when the model is lower-cased.
    public func detokenize(_ tokens: [String]) -> String {
        EnglishDetokenizer(capitalizeFirst: config.lowercase).detokenize(tokens)
    }

    /// Corpus BLEU of greedy and of beam-search translations of `pairs` against their targets.
    public func score(_ pairs: ParallelText) throws -> TranslationScores {
        let start = Date()
        let greedy = try translate(pairs.sources)
        let greedySeconds = Date().timeIntervalSince(start)
        let beamStart = Date()
        let beam = try pairs.sources.map { try translate($0, beamWidth: config.beamWidth) }
        let beamSeconds = Date().timeIntervalSince(beamStart)
        func bleu(_ translations: [Translation], seconds: Double, decoding: String) -> BLEUResult {
            let hypotheses = translations.map(\.text)
            return BLEUResult(decoding: decoding, sentences: pairs.count, seconds: seconds,
                              cased: BLEU().corpusScore(hypotheses: hypotheses, references: pairs.targets),
                              lowercased: BLEU(lowercase: true).corpusScore(hypotheses: hypotheses,
                                                                            references: pairs.targets),
                              examples: (0..<min(3, pairs.count)).map {
                                  TranslationExample(source: pairs.sources[$0], reference: pairs.targets[$0],
                                                     translation: hypotheses[$0])
                              })
        }
        return TranslationScores(greedy: bleu(greedy, seconds: greedySeconds, decoding: "greedy"),
                                 beam: bleu(beam, seconds: beamSeconds,
                                            decoding: "beam \(config.beamWidth), length penalty \(config.lengthPenalty)"),
                                 signature: BLEU().signature())
    }
}

/// One translated sentence with what the model attended to.
public struct Translation: Codable, Equatable, Sendable {
    public var source: String
    /// The source tokens the encoder read, `<eos>` last (the attention's columns).
    public var sourceTokens: [String]
    /// The source words the vocabulary does not know (read as `<unk>`).
    public var unknownSourceTokens: [String]
    /// The generated target tokens (no `<bos>` or `<eos>`).
    public var tokens: [String]
    /// The tokens as text.
    public var text: String
    /// False when decoding was cut at the length limit before `<eos>`.
    public var finished: Bool
    /// log p(tokens, <eos> | source).
    public var score: Double
    /// [rows][sourceTokens.count]: for each generated token (and `<eos>` when finished) the attention weights
    /// over the source tokens; each row sums to 1.
    public var attention: [[Double]]

    /// The attention rows' labels: the tokens, then `<eos>` when finished.
    public var rowTokens: [String] { tokens + (finished ? ["<eos>"] : []) }
}
