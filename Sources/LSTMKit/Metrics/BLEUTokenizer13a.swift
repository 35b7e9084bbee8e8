/// The tokenization BLEU scores use by default: the rules of the WMT script mteval-v13a.pl as sacrebleu
/// implements them (`tokenize='13a'`, sacrebleu's `Tokenizer13a` + `TokenizerRegexp`), so that a BLEU
/// computed here can be compared with a published sacrebleu BLEU.
///
/// The rules, applied in this order to the line's Unicode scalars (Python's code points):
/// 1. Remove every `<skipped>`; remove every `-` followed by a line break (`-\n`); then turn every line break
///    (`\n`) into a space.
/// 2. If the line holds `&`: replace `&quot;` by `"`, then `&amp;` by `&`, then `&lt;` by `<`, then `&gt;` by `>`
///    (one after another, so `&amp;lt;` becomes `&lt;`, not `<`).
/// 3. Put a space on both sides of every ASCII symbol in `{ | } ~ [ \ ] ^ _ \` ! " # $ % & ( ) * + : ; < = > ? @ /`
///    (not `-`, `'`, `.` or `,`).
/// 4. Split `.` and `,` off a preceding character that is not an ASCII digit, then off a following character
///    that is not an ASCII digit, so `3.14` and `1,000` stay whole but `end.` and `a,b` split.
///    Each rule is one left-to-right pass over non-overlapping pairs, exactly as Python's `re.sub`.
/// 5. Split `-` off a preceding ASCII digit (`5-year` becomes `5 - year`; `well-known` stays whole).
/// 6. Split at whitespace as Python's `str.split()` defines it (the ASCII spaces and controls 0x09-0x0D and
///    0x1C-0x1F, and the Unicode spaces U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
///    U+205F, U+3000).
///
/// Letters, digits and all non-ASCII symbols are never split from their neighbours: `don't`, `café,` (the
/// comma splits, the accent stays), `«Hallo»` is one token.
///
///     BLEUTokenizer13a().tokenize("Hello, world! It costs $3.50 (5-year plan).")
///     // ["Hello", ",", "world", "!", "It", "costs", "$", "3.50", "(", "5", "-", "year", "plan", ")", "."]
///
/// Checked against sacrebleu 2.6.0 on every fixture line (`Tools/fixtures/bleu.py`).
public struct BLEUTokenizer13a: Sendable, Equatable {
    public init() {}

    /// The tokens of `line`.
    public func tokenize(_ line: String) -> [String] {
        var s = Array(line.unicodeScalars)
        s = s.replacing(Self.skipped, with: [])
        s = s.replacing(["-", "\n"], with: [])
        s = s.replacing(["\n"], with: [" "])
        if s.contains("&") {
            for (entity, character) in Self.entities { s = s.replacing(entity, with: [character]) }
        }
        var spaced: [Unicode.Scalar] = [" "]
        spaced.reserveCapacity(s.count * 2)
        for c in s {
            if Self.isSplitSymbol(c) { spaced += [" ", c, " "] } else { spaced.append(c) }
        }
        spaced.append(" ")
        // [^0-9][.,] -> "\1 \2 "; [.,][^0-9] -> " \1 \2"; [0-9]- -> "\1 \2 "
        spaced = Self.substitutePairs(spaced, { !Self.isDigit($0) }, Self.isPeriodOrComma) { [$0, " ", $1, " "] }
        spaced = Self.substitutePairs(spaced, Self.isPeriodOrComma, { !Self.isDigit($0) }) { [" ", $0, " ", $1] }
        spaced = Self.substitutePairs(spaced, Self.isDigit, { $0 == "-" }) { [$0, " ", $1, " "] }
        return Self.splitAtWhitespace(spaced)
    }

    /// The tokens of `line` joined by single spaces: what sacrebleu's tokenizer returns.
    public func callAsFunction(_ line: String) -> String { tokenize(line).joined(separator: " ") }

    /// One left-to-right pass replacing each non-overlapping pair (a, b) with `first(a)` and `second(b)`
    /// true, as Python's `re.sub` does for a two-character pattern.
    static func substitutePairs(_ s: [Unicode.Scalar], _ first: (Unicode.Scalar) -> Bool,
                                _ second: (Unicode.Scalar) -> Bool,
                                _ replacement: (Unicode.Scalar, Unicode.Scalar) -> [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count + s.count / 4)
        var i = 0
        while i < s.count {
            if i + 1 < s.count && first(s[i]) && second(s[i + 1]) {
                out += replacement(s[i], s[i + 1])
                i += 2
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// The runs between whitespace (Python's `str.split()` with no argument).
    static func splitAtWhitespace(_ s: [Unicode.Scalar]) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for c in s {
            if isPythonWhitespace(c) {
                if !current.isEmpty { tokens.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    /// Python's `str.isspace()`: the characters `str.split()` and `str.rstrip()` treat as whitespace.
    static func isPythonWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }

    /// The symbols of rule 3: the regular expression class `[\{-\~\[-\` -\&\(-\+\:-\@\/]`.
    static func isSplitSymbol(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: true
        default: false
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
    static func isPeriodOrComma(_ c: Unicode.Scalar) -> Bool { c == "." || c == "," }

    private static let skipped = Array("<skipped>".unicodeScalars)
    private static let entities: [([Unicode.Scalar], Unicode.Scalar)] = [
        (Array("&quot;".unicodeScalars), "\""), (Array("&amp;".unicodeScalars), "&"),
        (Array("&lt;".unicodeScalars), "<"), (Array("&gt;".unicodeScalars), ">"),
    ]
}
