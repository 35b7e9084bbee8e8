import Foundation

/// A text encoded as one long stream of token IDs, for language modelling (predict the next token).
///
///     let corpus = try TextCorpus(contentsOf: URL(filePath: "shakespeare.txt"))   // characters
///     let (train, validation) = corpus.split(validationFraction: 0.1)              // the last 10%
///     // char-rnn style: 32 parallel streams, windows of 64 steps, state carried between batches
///     for batch in train.statefulBatches(batchSize: 32, steps: 64) {
///         let x = embed(batch.inputs, shape: batch.shape)                          // [64, 32, E]
///         ...
///     }
///     // or independent random windows, reshuffled each epoch
///     let loader = train.shuffledBatches(batchSize: 32, steps: 64, rng: RandomSource(seed: 0))
///
/// Without a vocabulary, one is built from the text itself with no special tokens (`specials: .empty`),
/// so every ID is a token of the text. Pass a vocabulary to share IDs with another corpus or a saved model;
/// its unknown token then replaces tokens it does not have.
public struct TextCorpus: Sendable {
    /// The token IDs of the whole text, in order.
    public let ids: [Int]
    /// The mapping between tokens and IDs.
    public let vocabulary: Vocabulary

    /// A corpus from IDs already encoded with `vocabulary` (each in `0..<vocabulary.count`).
    public init(ids: [Int], vocabulary: Vocabulary) {
        for (position, id) in ids.enumerated() where id < 0 || id >= vocabulary.count {
            failure("TextCorpus: ID \(id) at position \(position) is out of range 0..<\(vocabulary.count) of the vocabulary")
        }
        self.ids = ids
        self.vocabulary = vocabulary
    }

    /// The tokens of `text` encoded with `vocabulary`, or with a vocabulary built from them when nil.
    /// A token the vocabulary lacks, when it has no unknown token, stops with a message naming it.
    public init(text: String, tokenizer: any Tokenizer = CharacterTokenizer(), vocabulary: Vocabulary? = nil) {
        let tokens = tokenizer.tokenize(text)
        let vocabulary = vocabulary ?? Vocabulary(from: tokens, specials: .empty)
        self.init(ids: vocabulary.encode(tokens), vocabulary: vocabulary)
    }

    /// The tokens of a UTF-8 text file, encoded as in ``init(text:tokenizer:vocabulary:)``.
    ///
    /// Throws a ``TextCorpusError`` naming the path for a file that is missing or unreadable, empty (no
    /// tokens), not valid UTF-8 (with the line and byte offset of the first bad byte), or that holds a token
    /// the given vocabulary can neither encode nor map to an unknown token.
    public init(contentsOf url: URL, tokenizer: any Tokenizer = CharacterTokenizer(),
                vocabulary: Vocabulary? = nil) throws {
        let path = url.path
        let data: Data
        do { data = try TextFileIO.readData(url) } catch {
            throw TextCorpusError.unreadableFile(path: path, reason: error.reason)
        }
        let text: String
        switch TextFileIO.decodeUTF8(data) {
        case .success(let decoded): text = decoded
        case .failure(let bad):
            throw TextCorpusError.notUTF8(path: path, line: bad.line, byteOffset: bad.byteOffset, byte: bad.byte)
        }
        // Characters are read twice from the text (count, then encode) instead of into an array of one String
        // per character: 16 bytes each, 800 MB for a 50 MB file.
        let (ids, encoding): ([Int], Vocabulary)
        if let characters = tokenizer as? CharacterTokenizer, characters.unit == .graphemeClusters {
            (ids, encoding) = try Self.encode({ text.lazy.map(String.init) }, vocabulary, path: path,
                                                capacity: text.utf8.count)
        } else if let characters = tokenizer as? CharacterTokenizer, characters.unit == .unicodeScalars {
            (ids, encoding) = try Self.encode({ text.unicodeScalars.lazy.map(String.init) }, vocabulary, path: path,
                                                capacity: text.utf8.count)
        } else {
            let tokens = tokenizer.tokenize(text)
            (ids, encoding) = try Self.encode({ tokens }, vocabulary, path: path, capacity: tokens.count)
        }
        if ids.isEmpty { throw TextCorpusError.emptyFile(path: path, byteCount: data.count) }
        self.init(ids: ids, vocabulary: encoding)
    }

    /// The IDs of `tokens()` (a sequence that can be made twice) with `vocabulary`, or with one built from them;
    /// `capacity`: at least the number of tokens (the text's UTF-8 byte count for characters).
    private static func encode<S: Sequence<String>>(_ tokens: () -> S, _ vocabulary: Vocabulary?, path: String,
                                                    capacity: Int) throws -> ([Int], Vocabulary) {
        let vocabulary = vocabulary ?? Vocabulary(from: tokens(), specials: .empty)
        var ids: [Int] = []
        ids.reserveCapacity(capacity)
        for (position, token) in tokens().enumerated() {
            guard let id = vocabulary.id(of: token) ?? vocabulary.unknownID else {
                throw TextCorpusError.unknownToken(path: path, token: token, position: position)
            }
            ids.append(id)
        }
        return (ids, vocabulary)
    }

    /// The number of tokens.
    public var count: Int { ids.count }

    /// The text of the IDs in `range` (tokens joined by `tokenizer`), for looking at samples.
    public func text(_ range: Range<Int>? = nil, tokenizer: any Tokenizer = CharacterTokenizer()) -> String {
        tokenizer.detokenize(vocabulary.decode(ids[range ?? 0..<ids.count]))
    }

    /// Splits by position: the first tokens for training, the last `validationFraction` of them (rounded)
    /// for validation; both share the vocabulary. Both parts must get at least 2 tokens (one input and its
    /// target).
    ///
    ///     let (train, validation) = corpus.split(validationFraction: 0.1)
    public func split(validationFraction: Double = 0.1) -> (train: TextCorpus, validation: TextCorpus) {
        if !(validationFraction > 0 && validationFraction < 1) {
            failure("TextCorpus.split: validationFraction \(validationFraction) is outside (0, 1)")
        }
        let validationCount = Int((Double(ids.count) * validationFraction).rounded())
        let trainCount = ids.count - validationCount
        if validationCount < 2 || trainCount < 2 {
            failure("TextCorpus.split: \(ids.count) tokens with validationFraction \(validationFraction) give \(trainCount) training and \(validationCount) validation tokens; each part needs at least 2")
        }
        return (TextCorpus(ids: Array(ids[..<trainCount]), vocabulary: vocabulary),
                TextCorpus(ids: Array(ids[trainCount...]), vocabulary: vocabulary))
    }
}

/// A problem reading a text file into a ``TextCorpus``.
public enum TextCorpusError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read (missing, a directory, no permission).
    case unreadableFile(path: String, reason: String)
    /// The file holds no tokens.
    case emptyFile(path: String, byteCount: Int)
    /// The file is not valid UTF-8: the first bad byte, its 0-based offset and 1-based line.
    case notUTF8(path: String, line: Int, byteOffset: Int, byte: UInt8)
    /// The given vocabulary has neither this token nor an unknown token.
    case unknownToken(path: String, token: String, position: Int)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "text file \(path): \(reason)"
        case .emptyFile(let path, let byteCount):
            "text file \(path) is empty: no tokens in its \(byteCount) bytes"
        case .notUTF8(let path, let line, let offset, let byte):
            "text file \(path) is not valid UTF-8: byte 0x\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) at offset \(offset) (line \(line))"
        case .unknownToken(let path, let token, let position):
            "text file \(path): token \"\(token)\" (token \(position)) is not in the vocabulary, which has no unknown token"
        }
    }
}
