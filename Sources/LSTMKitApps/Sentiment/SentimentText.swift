import LSTMKit
/// Turning sentences into token IDs for a `SentimentClassifier`, the same way for the training data and for
/// new sentences.
///
/// Tokenization: curly quotes are straightened (’ ‘ -> ', “ ” -> "), then `WordTokenizer(lowercased: true)`
/// lower-cases and splits punctuation off words, keeping inner apostrophes ("it's", "doesn't"). The MR files
/// are already lower-cased with spaced punctuation, so this mostly keeps their tokens; it also splits
/// hyphens and slashes ("co-writer/director" -> "co", "-", "writer", "/", "director"), so new text and
/// training text always agree.
///
///     SentimentText.tokenize("It's a GREAT film, isn’t it?")
///     // ["it's", "a", "great", "film", ",", "isn't", "it", "?"]
///     let vocabulary = SentimentText.vocabulary(from: trainSentences, minCount: 1)   // <pad> = 0, <unk> = 1
///     SentimentText.encode("a great film", vocabulary)                                // e.g. [4, 52, 11]
public enum SentimentText {
    /// The special tokens of a sentiment vocabulary: `<pad>` (ID 0) and `<unk>` (ID 1).
    public static let specials = Vocabulary.SpecialTokens(padding: "<pad>", unknown: "<unk>", begin: nil, end: nil)

    private static let tokenizer = WordTokenizer(lowercased: true)

    /// The tokens of `sentence` (see the type's documentation); with `maxTokens`, only the first ones (the
    /// tokenizer stops there, so a long document costs little).
    public static func tokenize(_ sentence: String, maxTokens: Int? = nil) -> [String] {
        var text = sentence
        for (curly, straight) in [("\u{2019}", "'"), ("\u{2018}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\"")] {
            text = text.replacingOccurrences(of: curly, with: straight)
        }
        return tokenizer.tokenize(text, maxTokens: maxTokens)
    }

    /// A vocabulary of the tokens seen at least `minCount` times in `sentences` (the training split only),
    /// after the specials `<pad>`, `<unk>`; ordered by descending count, then alphabetically.
    public static func vocabulary(from sentences: [String], minCount: Int = 1, maxTokens: Int? = nil) -> Vocabulary {
        Vocabulary(from: sentences.lazy.flatMap { tokenize($0, maxTokens: maxTokens) }, specials: specials,
                   minFrequency: minCount)
    }

    /// The IDs of the tokens of `sentence` (unknown tokens -> `<unk>`); empty when it has no tokens.
    public static func encode(_ sentence: String, _ vocabulary: Vocabulary, maxTokens: Int? = nil) -> [Int] {
        vocabulary.encode(tokenize(sentence, maxTokens: maxTokens))
    }

    /// Labeled examples for a `DataLoader(tokenSequences:)`. A sentence without tokens becomes a single
    /// `<pad>` step (which embeds to zeros), so every example has length >= 1. With `maxTokens`, only the
    /// first `maxTokens` tokens of each text are kept.
    public static func examples(_ sentences: [String], labels: [Int], _ vocabulary: Vocabulary, maxTokens: Int? = nil)
        -> [TokenSequenceExample<Float>] {
        if sentences.count != labels.count {
            failure("SentimentText.examples: \(sentences.count) sentences but \(labels.count) labels")
        }
        let padding = vocabulary.paddingID ?? 0
        return zip(sentences, labels).map { sentence, label in
            let ids = encode(sentence, vocabulary, maxTokens: maxTokens)
            return TokenSequenceExample(tokens: ids.isEmpty ? [padding] : ids, target: .label(label))
        }
    }
}
