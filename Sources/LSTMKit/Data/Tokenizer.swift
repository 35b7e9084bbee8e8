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
