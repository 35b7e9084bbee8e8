/// The two vocabularies of a translation model, one per language, and the conventions for encoding a pair.
///
/// Both use the standard specials (`<pad>` 0, `<unk>` 1, `<bos>` 2, `<eos>` 3), so padding is ID 0 on both
/// sides. Build them from the training pairs only: a word seen only in validation or test data must map to
/// `<unk>`, as it would for new text.
///
///     let tokenizer = WordTokenizer(lowercased: true)
///     let train = ParallelText(sources: ["Ein Hund.", "Ein Vogel."], targets: ["A dog.", "A bird."])
///     let vocabularies = TranslationVocabularies(sourceSentences: train.sources.map(tokenizer.tokenize),
///                                                targetSentences: train.targets.map(tokenizer.tokenize))
///     vocabularies.source.tokens                           // [<pad>, <unk>, <bos>, <eos>, ".", "ein", "hund", "vogel"]
///     vocabularies.encodeSource(["ein", "hund", "."])      // [5, 6, 4, 3]        words + <eos>
///     vocabularies.encodeTarget(["a", "dog", "."])         // [2, 5, 7, 4, 3]     <bos> + words + <eos>
///     vocabularies.decodeTarget([2, 5, 7, 4, 3, 0, 0])     // ["a", "dog", "."]   up to <eos>, no specials
///
/// The target side is `<bos> w1 ... wn <eos>`: a decoder reads `<bos> w1 ... wn` and predicts `w1 ... wn <eos>`
/// (teacher forcing), and generation starts from `<bos>` and stops at `<eos>`. The source side ends with `<eos>`
/// (as in fairseq and OpenNMT), which tells the encoder where the sentence ends even when it reads it reversed.
/// Both are `Codable` (a checkpoint stores them next to the model).
public struct TranslationVocabularies: Codable, Equatable, Sendable {
    /// The source language's vocabulary (the encoder's embedding).
    public let source: Vocabulary
    /// The target language's vocabulary (the decoder's embedding and output layer).
    public let target: Vocabulary

    /// Two existing vocabularies; both need padding, unknown, begin and end tokens.
    public init(source: Vocabulary, target: Vocabulary) {
        for (side, vocabulary) in [("source", source), ("target", target)] {
            let s = vocabulary.specials
            if s.padding == nil || s.unknown == nil || s.begin == nil || s.end == nil {
                failure("TranslationVocabularies: the \(side) vocabulary needs padding, unknown, begin and end " +
                        "tokens, but has \(s.inOrder)")
            }
        }
        self.source = source
        self.target = target
    }

    /// Builds both vocabularies from the tokenized training sentences of each side (``Vocabulary/init(from:specials:minFrequency:maxSize:)``
    /// with the standard specials; the same `minFrequency` for both sides, a `maxSize` per side).
    public init(sourceSentences: [[String]], targetSentences: [[String]], minFrequency: Int = 1,
                maxSourceSize: Int? = nil, maxTargetSize: Int? = nil) {
        self.init(source: Vocabulary(from: sourceSentences.joined(), minFrequency: minFrequency, maxSize: maxSourceSize),
                  target: Vocabulary(from: targetSentences.joined(), minFrequency: minFrequency, maxSize: maxTargetSize))
    }

    /// The source IDs of `tokens` followed by `<eos>`; unknown words become `<unk>`.
    public func encodeSource(_ tokens: [String]) -> [Int] { source.encode(tokens, addEnd: true) }

    /// `<bos>`, the target IDs of `tokens`, `<eos>`; unknown words become `<unk>`.
    public func encodeTarget(_ tokens: [String]) -> [Int] { target.encode(tokens, addBegin: true, addEnd: true) }

    /// The target words of generated or reference IDs: everything before the first `<eos>` (all of it if there is
    /// none), without `<bos>` and `<pad>`; `<unk>` is kept, so the output shows where a word was unknown.
    public func decodeTarget(_ ids: [Int]) -> [String] {
        let end = target.endID.flatMap { ids.firstIndex(of: $0) } ?? ids.count
        return target.decode(ids[..<end], skipSpecials: true)
    }

    /// The fraction of the words of `sentences` that the source (`side: .source`) or target vocabulary does not
    /// know (they become `<unk>`): 0 for the training data with `minFrequency: 1`.
    public func unknownRate(_ sentences: [[String]], side: Side) -> Double {
        let vocabulary = side == .source ? source : target
        var words = 0, unknown = 0
        for sentence in sentences {
            words += sentence.count
            unknown += sentence.count(where: { !vocabulary.contains($0) })
        }
        return words == 0 ? 0 : Double(unknown) / Double(words)
    }

    /// The side of a pair.
    public enum Side: Sendable { case source, target }
}
