import Foundation

/// A problem with a vocabulary file or with tokens that a vocabulary cannot encode.
public enum VocabularyError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read (missing, a directory, no permission).
    case unreadableFile(path: String, reason: String)
    /// The file was read but is not a valid vocabulary (not JSON, missing fields, duplicates, ...).
    case invalidFile(path: String, reason: String)
    /// The file could not be written.
    case unwritableFile(path: String, reason: String)
    /// `encodeExactly` met a token that is not in the vocabulary.
    case unknownToken(String, position: Int)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "vocabulary file \(path): \(reason)"
        case .invalidFile(let path, let reason): "vocabulary file \(path) is not a valid vocabulary: \(reason)"
        case .unwritableFile(let path, let reason): "vocabulary file \(path) could not be written: \(reason)"
        case .unknownToken(let token, let position):
            "token \"\(token)\" at position \(position) is not in the vocabulary"
        }
    }
}

/// The JSON form, written with sorted keys:
///
///     {
///       "format" : "lstmkit-vocabulary",
///       "specials" : { "begin" : "<bos>", "end" : "<eos>", "padding" : "<pad>", "unknown" : "<unk>" },
///       "tokens" : [ "<pad>", "<unk>", "<bos>", "<eos>", "the", ... ],
///       "version" : 1
///     }
///
/// The token at position i has ID i. Decoding checks the format name and version, that the specials come
/// first in ID order, and that no token repeats.
extension Vocabulary: Codable {
    /// The `format` field of a vocabulary file.
    public static let fileFormat = "lstmkit-vocabulary"
    /// The file version this library writes and reads.
    public static let fileVersion = 1

    private enum CodingKeys: String, CodingKey { case format, version, specials, tokens }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        if format != Vocabulary.fileFormat {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c,
                debugDescription: "format is \"\(format)\", expected \"\(Vocabulary.fileFormat)\"")
        }
        let version = try c.decode(Int.self, forKey: .version)
        if version != Vocabulary.fileVersion {
            throw DecodingError.dataCorruptedError(forKey: .version, in: c,
                debugDescription: "version \(version) is not supported (this LSTMKit reads version \(Vocabulary.fileVersion))")
        }
        let specials = try c.decode(SpecialTokens.self, forKey: .specials)
        let tokens = try c.decode([String].self, forKey: .tokens)
        if let problem = Vocabulary.problem(tokens: tokens, specials: specials) {
            throw DecodingError.dataCorruptedError(forKey: .tokens, in: c, debugDescription: problem)
        }
        self.init(tokens: tokens, specials: specials)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Vocabulary.fileFormat, forKey: .format)
        try c.encode(Vocabulary.fileVersion, forKey: .version)
        try c.encode(specials, forKey: .specials)
        try c.encode(tokens, forKey: .tokens)
    }

    /// Saves the vocabulary as JSON, atomically (a temporary file renamed over `url`).
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try TextFileIO.writeAtomically(try encoder.encode(self), to: url)
        } catch let problem as TextFileIO.Problem {
            throw VocabularyError.unwritableFile(path: url.path, reason: problem.reason)
        } catch {
            throw VocabularyError.unwritableFile(path: url.path, reason: "\(error)")
        }
    }

    /// Loads a vocabulary saved by ``write(to:)``, throwing a ``VocabularyError`` that names the file and
    /// the problem (missing file, not JSON, a missing or mistyped field, a wrong format or version, specials
    /// out of place, a repeated token).
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try TextFileIO.readData(url) } catch {
            throw VocabularyError.unreadableFile(path: url.path, reason: error.reason)
        }
        do {
            self = try JSONDecoder().decode(Vocabulary.self, from: data)
        } catch let error as DecodingError {
            throw VocabularyError.invalidFile(path: url.path, reason: Vocabulary.explain(error))
        }
    }

    /// A one-line reason for a decoding error, naming the field.
    static func explain(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "the top level" : "field \"" + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            let inside = context.codingPath.isEmpty ? "" : " in \(field(context.codingPath))"
            return "missing field \"\(key.stringValue)\"\(inside)"
        case .typeMismatch(let type, let context):
            return "\(field(context.codingPath)) has the wrong type (expected \(type))"
        case .valueNotFound(let type, let context):
            return "\(field(context.codingPath)) is null (expected \(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON (\(context.debugDescription))" }
            return "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
