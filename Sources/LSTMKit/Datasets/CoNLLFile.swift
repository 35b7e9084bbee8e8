import Foundation

/// A sentence with one tag per word (part of speech, chunk, named entity).
public struct TaggedSentence: Sendable, Equatable, Codable {
    public var words: [String]
    public var tags: [String]
    /// The file's other columns (neither word nor tag), in column order, each with one value per word: for
    /// CoNLL-2000 chunking `features[0]` is the part-of-speech column. Empty for a two-column file.
    public var features: [[String]]

    public init(words: [String], tags: [String], features: [[String]] = []) {
        if words.count != tags.count { failure("TaggedSentence: \(words.count) words but \(tags.count) tags") }
        for column in features where column.count != words.count {
            failure("TaggedSentence: \(words.count) words but a feature column of \(column.count)")
        }
        self.words = words
        self.tags = tags
        self.features = features
    }
}

/// A tagging file in the CoNLL column format (CoNLL-2000 chunking, CoNLL-2003 NER, and the converted MASC POS
/// data in `Data/masc-pos`): one token per line, columns separated by spaces or tabs, a blank line between
/// sentences.
///
///     Confidence NN B-NP          let file = try CoNLLFile.read(URL(fileURLWithPath: "train.txt"), scheme: .iob2)
///     in IN B-PP                  file.sentences[0].words      // ["Confidence", "in", "the", "pound"]
///     the DT B-NP                 file.sentences[0].tags       // ["B-NP", "B-PP", "B-NP", "I-NP"]
///     pound NN I-NP               let pos = try CoNLLFile.read(url, tagColumn: .index(1))   // the POS column
///                                 pos.tagSet                   // ["DT", "IN", "NN"]
///
/// The word is in column 0 (`wordColumn`), the tag in `tagColumn` (default the last). Every token line of a file
/// has the same number of columns. Lines whose word is `-DOCSTART-` (CoNLL-2003's document marks) are skipped and
/// end a sentence. There are no comment lines (`#` is a Penn Treebank token).
///
/// With a chunk `scheme` every tag is checked against it, with its transitions (``TagScheme``), so a file in
/// another scheme is caught at its first tell-tale line.
///
/// Errors (``DatasetError``, one line naming the file and line): a row with another number of columns than the
/// first (`.wrongFieldCount`), a row without the tag column (`.wrongFieldCount`), a tag that does not fit the
/// scheme (`.badLabel`), no sentences (`.emptyFile`), bytes that are not UTF-8, a missing or too large file.
public struct CoNLLFile: Sendable {
    /// Where the tag is.
    public enum TagColumn: Sendable, Equatable {
        /// The last column.
        case last
        /// Column `n` (0-based; the word is column 0).
        case index(Int)
    }

    /// The file path.
    public let source: String
    /// The sentences, in file order.
    public let sentences: [TaggedSentence]
    /// The 1-based line of each sentence's first token.
    public let lineNumbers: [Int]
    /// The number of columns of every token line.
    public let columnCount: Int

    /// The default limit on the file's size, on disk and decompressed: 256 MiB.
    public static let defaultMaximumBytes = 256 << 20

    /// Reads a CoNLL file (plain or gzip; see the type's documentation).
    public static func read(_ url: URL, wordColumn: Int = 0, tagColumn: TagColumn = .last, scheme: TagScheme? = nil,
                            maximumBytes: Int = defaultMaximumBytes) throws -> CoNLLFile {
        if wordColumn < 0 { failure("CoNLLFile.read: wordColumn \(wordColumn) must be >= 0") }
        if case .index(let n) = tagColumn, n < 0 || n == wordColumn {
            failure("CoNLLFile.read: tag column \(n) must be >= 0 and not the word column \(wordColumn)")
        }
        let file = try TextLines(url, maximumBytes: maximumBytes)
        func fail(_ kind: DatasetError.Kind, _ line: Int, _ message: String) -> DatasetError {
            DatasetError(kind, source: file.source, line: line, message)
        }
        var sentences: [TaggedSentence] = [], lineNumbers: [Int] = []
        var words: [String] = [], tags: [String] = [], features: [[String]] = [], first = 0, last = 0
        var columns: (count: Int, line: Int)? = nil
        func add(_ fields: [Substring], _ number: Int) throws {
            let tag = String(fields[tagColumn.resolved(fields.count)])
            if let problem = scheme?.problem(tag, after: tags.last) { throw fail(.badLabel, number, problem) }
            if words.isEmpty { first = number }
            let tagIndex = tagColumn.resolved(fields.count)
            let others = fields.indices.filter { $0 != wordColumn && $0 != tagIndex }
            if features.isEmpty { features = others.map { _ in [] } }
            for (n, column) in others.enumerated() { features[n].append(String(fields[column])) }
            words.append(String(fields[wordColumn]))
            tags.append(tag)
            last = number
        }
        func endSentence() throws {
            if let tag = tags.last, scheme == .iobes, tag.hasPrefix("B-") || tag.hasPrefix("I-") {
                throw fail(.badLabel, last, "tag \"\(tag)\" ends the sentence, but in IOBES a chunk ends with " +
                           "E-\(tag.dropFirst(2)) (or is S-\(tag.dropFirst(2)) if it has one token)")
            }
            if !words.isEmpty {
                sentences.append(TaggedSentence(words: words, tags: tags, features: features))
                lineNumbers.append(first)
            }
            words = []; tags = []; features = []
        }
        for (i, line) in file.lines.enumerated() {
            let number = i + 1
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { try endSentence(); continue }
            if fields[0] == "-DOCSTART-" { try endSentence(); continue }
            guard let expected = columns else {
                let tag = tagColumn.resolved(fields.count)
                if fields.count <= max(wordColumn, tag) || tag == wordColumn {
                    throw fail(.wrongFieldCount, number, "has \(fields.count) column\(fields.count == 1 ? "" : "s"), " +
                               "so there is no tag column (" + (tagColumn == .last ? "the last column, after the word" :
                               "column \(tag), counting the word as column \(wordColumn)") + ")")
                }
                columns = (fields.count, number)
                try add(fields, number)
                continue
            }
            if fields.count != expected.count {
                throw fail(.wrongFieldCount, number, "has \(fields.count) columns, but line \(expected.line) has " +
                           "\(expected.count) (every token line of a CoNLL file has the same columns)")
            }
            try add(fields, number)
        }
        try endSentence()
        guard let columns, !sentences.isEmpty else {
            throw DatasetError(.emptyFile, source: file.source, "no sentences (a CoNLL file has one token per line)")
        }
        return CoNLLFile(source: file.source, sentences: sentences, lineNumbers: lineNumbers, columnCount: columns.count)
    }

    /// The distinct tags, sorted.
    public var tagSet: [String] { Array(Set(sentences.flatMap(\.tags))).sorted() }

    /// The number of tokens.
    public var tokenCount: Int { sentences.reduce(0) { $0 + $1.words.count } }
}

extension CoNLLFile.TagColumn {
    func resolved(_ count: Int) -> Int {
        switch self {
        case .last: count - 1
        case .index(let n): n
        }
    }
}
