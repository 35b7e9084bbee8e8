/// Splits text into words and punctuation marks.
///
/// The rule, applied to the text's characters (Swift `Character`s, so accented letters stay whole):
/// 1. With `lowercased`, the text is lower-cased first (`String.lowercased()`, locale-independent).
/// 2. Whitespace (spaces, tabs, newlines) separates tokens and is dropped.
/// 3. A word is a run of word characters: letters, numbers and underscores (`Character.isLetter`,
///    `isNumber`, "_").
/// 4. An apostrophe (' or U+2019 ’) stays inside a word when it has a word character on both sides:
///    "don't", "O'Brien", "rock'n'roll" are one token each. Elsewhere it is punctuation, so the quotes in
///    'hi' and the possessive in "dogs'" are separate tokens.
/// 5. Every other character (punctuation, symbols, emoji) is a token on its own: "well-known" gives
///    "well", "-", "known"; "3.14" gives "3", ".", "14"; "..." gives three "." tokens.
///
/// Scripts written without spaces (Chinese, Japanese, Thai) come out as long runs; use a
/// ``CharacterTokenizer`` for them.
///
///     WordTokenizer().tokenize("Don't panic, it's (only) 42!")
///     // ["Don't", "panic", ",", "it's", "(", "only", ")", "42", "!"]
///     WordTokenizer(lowercased: true).tokenize("The END.")     // ["the", "end", "."]
public struct WordTokenizer: Tokenizer, Equatable {
    /// Whether the text is lower-cased before splitting.
    public var lowercased: Bool

    public init(lowercased: Bool = false) { self.lowercased = lowercased }

    public func tokenize(_ text: String) -> [String] {
        tokenize(text, maxTokens: nil)
    }

    /// The first `maxTokens` tokens of `text` (all of them when nil): exactly
    /// `Array(tokenize(text).prefix(maxTokens))`, but the scan stops once they are found, so a long document
    /// costs only its first tokens. Use it to truncate long documents before they become sequences.
    ///
    ///     WordTokenizer().tokenize("one two, three", maxTokens: 3)     // ["one", "two", ","]
    public func tokenize(_ text: String, maxTokens: Int?) -> [String] {
        if let maxTokens, maxTokens < 0 { failure("WordTokenizer.tokenize: maxTokens \(maxTokens) must be >= 0") }
        let limit = maxTokens ?? Int.max
        if limit == 0 { return [] }
        let characters = Array(lowercased ? text.lowercased() : text)
        var tokens: [String] = []
        var word = ""
        func flush() {
            if !word.isEmpty { tokens.append(word); word = "" }
        }
        for (i, c) in characters.enumerated() {
            if c.isWhitespace {
                flush()
            } else if Self.isWordCharacter(c) {
                word.append(c)
            } else if Self.isApostrophe(c), !word.isEmpty, i + 1 < characters.count,
                      Self.isWordCharacter(characters[i + 1]) {
                word.append(c)
            } else {
                flush()
                if tokens.count < limit { tokens.append(String(c)) }
            }
            if tokens.count >= limit { return Array(tokens.prefix(limit)) }
        }
        flush()
        return Array(tokens.prefix(limit))
    }

    /// The tokens joined as English text by ``EnglishDetokenizer`` (no space before closing punctuation or after
    /// opening brackets, hyphens between words joined, quotes paired). The original spacing is not recoverable.
    ///
    ///     WordTokenizer().detokenize(["Hello", ",", "(", "big", ")", "world", "!"])   // "Hello, (big) world!"
    public func detokenize(_ tokens: [String]) -> String {
        EnglishDetokenizer().detokenize(tokens)
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
    static func isApostrophe(_ c: Character) -> Bool { c == "'" || c == "\u{2019}" }
}
