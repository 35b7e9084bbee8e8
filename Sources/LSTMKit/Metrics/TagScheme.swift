/// How chunk tags mark chunks (Tjong Kim Sang and Veenstra, "Representing Text Chunks", EACL 1999; Ratinov
/// and Roth, "Design Challenges and Misconceptions in Named Entity Recognition", CoNLL 2009, for BIOES).
///
/// A tag is "O" (outside every chunk) or PREFIX-TYPE, split at the first hyphen: "B-NP", "I-PP", "S-LOC".
/// `ChunkEvaluator` counts all three schemes by the same conlleval rules; the scheme matters for checking
/// data and for converting a model's tag indices back to tags.
public enum TagScheme: String, Sendable, CaseIterable, Codable {
    /// IOB1: chunks are I-X runs; B-X only starts a chunk that directly follows a chunk of the same type.
    case iob1
    /// IOB2 or BIO: every chunk starts with B-X and continues with I-X (CoNLL-2000 chunking).
    case iob2
    /// IOBES or BIOES: B-X, I-X ..., E-X for a chunk of two or more tokens, S-X for a one-token chunk.
    case iobes

    /// The scheme named `name` (case-insensitive): "iob1", "iob2" or "bio", "iobes" or "bioes".
    public init(name: String) throws {
        switch name.lowercased() {
        case "iob1": self = .iob1
        case "iob2", "bio": self = .iob2
        case "iobes", "bioes": self = .iobes
        default: throw TagSchemeError.unknownScheme(name)
        }
    }

    /// The prefixes this scheme uses.
    var prefixes: Set<Substring> { self == .iobes ? ["B", "I", "E", "S"] : ["B", "I"] }

    /// The scheme `sentences` are written in. Throws at the first malformed tag (not "O" and not PREFIX-TYPE
    /// with a prefix B, I, E or S and a non-empty type), and when the evidence disagrees:
    /// - an E- or S- tag means IOBES, and then every tag must follow IOBES's rules (`validate`);
    /// - otherwise a chunk that starts with I-X (after "O", at the start of a sentence or after another type)
    ///   means IOB1, and B-X after anything but X means IOB2; both in the same data is an error naming one
    ///   token of each;
    /// - sentences without any chunk are IOB2 (every scheme counts them the same).
    public static func detect(_ sentences: [[String]]) throws -> TagScheme {
        var iob1Evidence: TagLocation?, iob2Evidence: TagLocation?, usesEOrS = false
        try forEachPair(sentences) { previous, tag, location in
            if tag.prefix == "E" || tag.prefix == "S" { usesEOrS = true }
            let continues = previous.isInside(of: tag.type)
            if tag.prefix == "I" && !continues && iob1Evidence == nil { iob1Evidence = location }
            if tag.prefix == "B" && !continues && iob2Evidence == nil { iob2Evidence = location }
        }
        if usesEOrS {
            try TagScheme.iobes.validate(sentences)
            return .iobes
        }
        if let iob1Evidence, let iob2Evidence { throw TagSchemeError.mixedSchemes(iob1: iob1Evidence, iob2: iob2Evidence) }
        return iob1Evidence != nil ? .iob1 : .iob2
    }

    /// Throws at the first tag that is malformed, uses a prefix this scheme lacks, or stands where this scheme
    /// does not allow it: IOB2: I-X only after B-X or I-X; IOB1: B-X only after B-X or I-X; IOBES: I-X and
    /// E-X exactly after B-X or I-X (so B-X and I-X are always followed by I-X or E-X, never by the end of
    /// the sentence).
    public func validate(_ sentences: [[String]]) throws {
        try Self.forEachPair(sentences) { previous, tag, location in
            func invalid(_ reason: String) -> TagSchemeError {
                .invalidTag(location, scheme: self, reason: reason)
            }
            if tag.prefix != "O" && !prefixes.contains(tag.prefix) {
                throw invalid("\(self.rawValue.uppercased()) has no \(tag.prefix)- tags")
            }
            let inside = previous.isInside(of: tag.type)
            switch self {
            case .iob2 where tag.prefix == "I" && !inside:
                throw invalid("an I- tag must follow B-\(tag.type) or I-\(tag.type)")
            case .iob1 where tag.prefix == "B" && !inside:
                throw invalid("a B- tag must follow B-\(tag.type) or I-\(tag.type) (IOB1 starts other chunks with I-)")
            case .iobes:
                let continuation = tag.prefix == "I" || tag.prefix == "E"
                if continuation && !inside {
                    throw invalid("\(tag.prefix)-\(tag.type) must follow B-\(tag.type) or I-\(tag.type)")
                }
                if !continuation && (previous.prefix == "B" || previous.prefix == "I") {
                    throw invalid("\(previous.prefix)-\(previous.type) before it must be followed by " +
                                  "I-\(previous.type) or E-\(previous.type)")
                }
            default:
                break
            }
        }
    }

    /// Calls `body(previous, tag, location)` for every token of every sentence, and once more after each
    /// sentence with the tag "O" at its end (location: position = the sentence's length, tag ""); throws on a
    /// malformed tag.
    static func forEachPair(
        _ sentences: [[String]], _ body: (ChunkTag, ChunkTag, TagLocation) throws -> Void
    ) throws {
        for (s, sentence) in sentences.enumerated() {
            var previous = ChunkTag.outside
            for (k, text) in sentence.enumerated() {
                let tag = ChunkTag(text)
                let location = TagLocation(sentence: s, position: k, tag: text)
                let wellFormed = text == "O" ||
                    (["B", "I", "E", "S"].contains(tag.prefix) && text.contains("-") && !tag.type.isEmpty)
                if !wellFormed { throw TagSchemeError.malformedTag(location) }
                try body(previous, tag, location)
                previous = tag
            }
            try body(previous, .outside, TagLocation(sentence: s, position: sentence.count, tag: ""))
        }
    }
}

extension ChunkTag {
    /// True for B-type and I-type: a chunk of `type` is open and may continue.
    func isInside(of type: Substring) -> Bool { (prefix == "B" || prefix == "I") && self.type == type }
}

/// Where a tag is: the sentence (0-based, in the order given) and the token in it (0-based). The end of a
/// sentence, where a scheme can require that a chunk was closed, has position = the sentence's length and
/// tag "".
public struct TagLocation: Equatable, Sendable, CustomStringConvertible {
    public var sentence: Int
    public var position: Int
    /// The tag as written ("" at the end of a sentence).
    public var tag: String

    public init(sentence: Int, position: Int, tag: String) {
        (self.sentence, self.position, self.tag) = (sentence, position, tag)
    }

    public var description: String {
        tag.isEmpty ? "the end of sentence \(sentence) (after token \(position - 1))"
                    : "sentence \(sentence), token \(position) (\"\(tag)\")"
    }
}

/// Why tags do not fit a tag scheme. Each case names the tag and where it is, so a reader of a file can map
/// it to file:line.
public enum TagSchemeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A scheme name that `TagScheme(name:)` does not know.
    case unknownScheme(String)
    /// Not "O" and not PREFIX-TYPE with a prefix B, I, E or S and a non-empty type.
    case malformedTag(TagLocation)
    /// A well-formed tag that `scheme` does not allow where it stands.
    case invalidTag(TagLocation, scheme: TagScheme, reason: String)
    /// Chunks that start with I- (IOB1) and chunks that start with B- after another tag (IOB2) in one data set.
    case mixedSchemes(iob1: TagLocation, iob2: TagLocation)

    public var description: String {
        switch self {
        case .unknownScheme(let name):
            return "unknown tag scheme '\(name)' (known: iob1, iob2 or bio, iobes or bioes)"
        case .malformedTag(let at):
            return "malformed tag \"\(at.tag)\" at \(at): expected O or PREFIX-TYPE with a prefix B, I, E or S " +
                   "and a non-empty type, e.g. B-NP"
        case .invalidTag(let at, let scheme, let reason):
            return "tag at \(at) is not valid \(scheme.rawValue.uppercased()): \(reason)"
        case .mixedSchemes(let iob1, let iob2):
            return "tags mix IOB1 and IOB2: a chunk starts with \(iob1.tag) at \(iob1) (IOB1) and with " +
                   "\(iob2.tag) at \(iob2) (IOB2)"
        }
    }
}
