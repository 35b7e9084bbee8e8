/// One token per character, as char-rnn does.
///
/// "Character" is chosen by `unit`:
/// - `.graphemeClusters` (default): Swift `Character`s, what a reader sees as one character. "é" is one
///   token whether it is stored as one scalar (U+00E9) or as "e" + a combining accent (U+0065 U+0301); an
///   emoji with skin tone or a flag is one token; "\r\n" is one token.
/// - `.unicodeScalars`: Unicode code points, so "e" + combining accent are two tokens. Smaller
///   vocabularies for text with many combining marks, at the price of tokens a reader does not see.
///
/// Both are exact: `detokenize(tokenize(text)) == text`, scalar for scalar. (Byte-level models such as the
/// original char-rnn on raw files need a byte vocabulary; for valid UTF-8 text, scalars are the
/// closest lossless unit.)
///
///     CharacterTokenizer().tokenize("née 👍🏽")                       // ["n", "é", "e", " ", "👍🏽"]
///     CharacterTokenizer(unit: .unicodeScalars).tokenize("e\u{301}")  // ["e", "\u{301}"]
public struct CharacterTokenizer: Tokenizer, Equatable {
    /// What counts as one character.
    public enum Unit: String, Codable, Sendable {
        case graphemeClusters
        case unicodeScalars
    }

    public var unit: Unit

    public init(unit: Unit = .graphemeClusters) { self.unit = unit }

    public func tokenize(_ text: String) -> [String] {
        switch unit {
        case .graphemeClusters: text.map { String($0) }
        case .unicodeScalars: text.unicodeScalars.map { String($0) }
        }
    }

    public func detokenize(_ tokens: [String]) -> String { tokens.joined() }
}
