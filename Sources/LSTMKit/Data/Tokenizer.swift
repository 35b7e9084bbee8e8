/// Splits text into tokens (the strings a ``Vocabulary`` maps to IDs) and joins tokens back into text.
///
///     let tokenizer: any Tokenizer = WordTokenizer()
///     let tokens = tokenizer.tokenize("Hello, world!")     // ["Hello", ",", "world", "!"]
///     tokenizer.detokenize(tokens)                         // "Hello, world!"
public protocol Tokenizer: Sendable {
    /// The tokens of `text`, in order.
    func tokenize(_ text: String) -> [String]
    /// Text made from `tokens` (an exact inverse of `tokenize` for ``CharacterTokenizer``, an approximation
    /// for ``WordTokenizer``, which drops the original spacing).
    func detokenize(_ tokens: [String]) -> String
}

extension Tokenizer {
    /// The first `maxTokens` tokens of `text` (all of them when nil): truncation for long documents.
    /// ``WordTokenizer`` stops scanning once it has them.
    public func tokenize(_ text: String, maxTokens: Int?) -> [String] {
        if let maxTokens, maxTokens < 0 { failure("Tokenizer.tokenize: maxTokens \(maxTokens) must be >= 0") }
        let tokens = tokenize(text)
        return maxTokens.map { Array(tokens.prefix($0)) } ?? tokens
    }
}
