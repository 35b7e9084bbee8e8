import Foundation

/// A simple property of each character of a text, as a number per character: what an interpretable cell of a
/// character model might track (Karpathy, Johnson and Fei-Fei 2015, "Visualizing and Understanding Recurrent
/// Networks", found cells for quotes, line length and brackets).
///
/// Value t describes character t as the model has read it, knowing only characters 0...t: "inside quotes" is
/// 1 from an opening `"` up to, not including, its closing one.
public struct CharacterFeature: Sendable {
    public var name: String
    /// What it measures, in a few words.
    public var summary: String
    public var values: @Sendable ([String]) -> [Double]

    public init(name: String, summary: String, values: @escaping @Sendable ([String]) -> [Double]) {
        self.name = name
        self.summary = summary
        self.values = values
    }

    /// The features `lstm inspect` searches for.
    public static let all: [CharacterFeature] = [
        CharacterFeature(name: "position-in-line", summary: "characters of the line so far (0 at a line break)") { chars in
            var n = 0.0
            return chars.map { c in n = c == "\n" ? 0 : n + 1; return n }
        },
        CharacterFeature(name: "line-start", summary: "1 at a line's first character") { chars in
            chars.indices.map { t in (t == 0 || chars[t - 1] == "\n") && chars[t] != "\n" ? 1 : 0 }
        },
        CharacterFeature(name: "line-end", summary: "1 at a line break") { chars in chars.map { $0 == "\n" ? 1 : 0 } },
        CharacterFeature(name: "inside-quotes", summary: "1 between an opening \" and its closing one") { chars in
            toggled(chars, by: ["\""])
        },
        CharacterFeature(name: "inside-brackets", summary: "depth inside ( ) [ ] { }") { chars in
            var depth = 0.0
            return chars.map { c in
                if "([{".contains(c) { depth += 1; return depth }
                if ")]}".contains(c) { defer { depth = max(depth - 1, 0) }; return depth }
                return depth
            }
        },
        CharacterFeature(name: "word-start", summary: "1 at a word's first letter") { chars in
            chars.indices.map { t in isLetter(chars[t]) && (t == 0 || !isLetter(chars[t - 1])) ? 1 : 0 }
        },
        CharacterFeature(name: "position-in-word", summary: "letters since the word began (0 outside words)") { chars in
            var n = 0.0
            return chars.map { c in n = isLetter(c) ? n + 1 : 0; return n }
        },
        CharacterFeature(name: "vowel", summary: "1 at a, e, i, o, u (either case)") { chars in
            chars.map { "aeiouAEIOU".contains($0) && $0.count == 1 ? 1 : 0 }
        },
        CharacterFeature(name: "uppercase", summary: "1 at an uppercase letter") { chars in
            chars.map { c in c.count == 1 && c.uppercased() == c && c.lowercased() != c ? 1 : 0 }
        },
        CharacterFeature(name: "space", summary: "1 at a space") { chars in chars.map { $0 == " " ? 1 : 0 } },
        CharacterFeature(name: "punctuation", summary: "1 at . , ; : ! ? ' -") { chars in
            chars.map { c in c.count == 1 && ".,;:!?'-".contains(c) ? 1 : 0 }
        },
        CharacterFeature(name: "uppercase-line", summary: "1 while the line so far has letters, all uppercase (a speaker's name)") { chars in
            var sawLetter = false, allUpper = true
            return chars.map { c in
                if c == "\n" { defer { sawLetter = false; allUpper = true }; return 0 }
                if isLetter(c) { sawLetter = true; if c.uppercased() != c { allUpper = false } }
                return sawLetter && allUpper ? 1 : 0
            }
        },
    ]

    /// The feature named `name`.
    public static func named(_ name: String) -> CharacterFeature? { all.first { $0.name == name } }

    static func isLetter(_ c: String) -> Bool { c.unicodeScalars.first.map(CharacterSet.letters.contains) ?? false }

    /// 1 from a character in `marks` up to (not including) the next one, 0 elsewhere (the opening mark is 1,
    /// the closing one 0: at the closing mark the model has just left the quote).
    static func toggled(_ chars: [String], by marks: Set<String>) -> [Double] {
        var inside = false
        return chars.map { c in
            if marks.contains(c) { inside.toggle() }
            return inside ? 1 : 0
        }
    }
}
