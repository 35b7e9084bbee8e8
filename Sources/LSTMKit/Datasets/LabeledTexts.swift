import Foundation

/// Documents with class labels, for sentiment and other text classification: from a folder of per-class
/// folders, from a CSV file, or from the movie-review sentences (``MovieReviews/labeledTexts``).
///
///     reviews/                         let data = try LabeledTexts(folder: URL(fileURLWithPath: "reviews"))
///       neg/0001.txt  neg/0002.txt     data.classNames         // ["neg", "pos"]
///       pos/0001.txt  ...              data.texts[0], data.labels[0]   // (the text of neg/0001.txt, 0)
///
///     text,label                       let data = try LabeledTexts(csv: URL(fileURLWithPath: "reviews.csv"))
///     "Great film, ""really"".",pos
///     "Two lines,
///     one review",neg
///
/// **Folder**: every non-hidden subfolder is a class (sorted by name); every non-hidden regular file in it is
/// one document (sorted by name), read as UTF-8 (a byte-order mark is dropped, surrounding whitespace
/// trimmed). Files directly in the folder are ignored. Errors: a missing folder, fewer than two classes, an
/// empty class folder, a nested folder inside a class folder, a file that is not UTF-8 (naming it and the
/// line), an empty document.
///
/// **CSV**: RFC 4180 (quoted fields may hold commas, quotes as `""`, and line breaks; see ``CSVTable``), with
/// a text and a label column (names configurable). Classes: the distinct labels sorted (numerically when all are
/// whole numbers), or `classNames` when given (the training data's, to read test data the same way).
///
/// Both readers stop with an error past `maximumBytes` of text in total (default 256 MiB). Truncate long
/// documents when tokenizing: ``WordTokenizer/tokenize(_:maxTokens:)`` keeps the first N tokens.
public struct LabeledTexts: Sendable, Equatable {
    /// The documents.
    public var texts: [String]
    /// The class index of each document.
    public var labels: [Int]
    /// The class names (index = label).
    public var classNames: [String]

    /// The default limit on the total size of the documents: 256 MiB.
    public static let defaultMaximumBytes = 256 << 20

    /// Documents in memory; the counts must match and every label must be a class index.
    public init(texts: [String], labels: [Int], classNames: [String]) {
        if texts.count != labels.count { failure("LabeledTexts: \(texts.count) texts but \(labels.count) labels") }
        if let bad = labels.first(where: { $0 < 0 || $0 >= classNames.count }) {
            failure("LabeledTexts: label \(bad) is not a class index (\(classNames.count) classes)")
        }
        self.texts = texts
        self.labels = labels
        self.classNames = classNames
    }

    /// Reads a folder of per-class folders (see the type's documentation).
    /// - Parameters:
    ///   - url: the folder holding one subfolder of text files per class.
    ///   - classNames: the expected classes (every subfolder must be one of them); nil: the subfolders.
    ///   - maximumBytes: the most bytes of text read in total.
    /// - Throws: ``DatasetError`` naming the folder or file: `.fileNotFound`, `.badFormat` (fewer than two
    ///   classes, an empty class folder, a nested folder, too much text), `.badLabel` (a folder not in `classNames`),
    ///   `.unreadableFile` (also not UTF-8, with the line), `.emptyFile` (an empty document).
    public init(folder url: URL, classNames: [String]? = nil, maximumBytes: Int = defaultMaximumBytes) throws {
        let manager = FileManager.default
        func isFolder(_ u: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: u.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        func visible(_ u: URL) throws -> [URL] {
            do {
                return try manager.contentsOfDirectory(atPath: u.path).filter { !$0.hasPrefix(".") }.sorted()
                    .map { u.appendingPathComponent($0) }
            } catch {
                throw DatasetError(.unreadableFile, source: u.path, "cannot list the folder (\(error.localizedDescription))")
            }
        }
        guard isFolder(url) else { throw DatasetError(.fileNotFound, source: url.path, "no such folder") }
        let classFolders = try visible(url).filter(isFolder)
        let names = classFolders.map(\.lastPathComponent)
        if names.isEmpty || (classNames == nil && names.count < 2) {
            throw DatasetError(.badFormat, source: url.path, "needs one subfolder per class, at least two; found " +
                               (names.isEmpty ? "none" : names.joined(separator: ", ")))
        }
        let classes = classNames ?? names
        var texts: [String] = [], labels: [Int] = [], total = 0
        for folder in classFolders {
            guard let label = classes.firstIndex(of: folder.lastPathComponent) else {
                throw DatasetError(.badLabel, source: folder.path, "is not one of the classes " + classes.joined(separator: ", "))
            }
            let files = try visible(folder)
            if files.isEmpty { throw DatasetError(.badFormat, source: folder.path, "the class folder is empty") }
            for file in files {
                if isFolder(file) {
                    throw DatasetError(.badFormat, source: file.path, "is a folder inside a class folder (a class " +
                                       "folder holds one text file per document)")
                }
                let data: Data
                do { data = try TextFileIO.readData(file, maximumBytes: maximumBytes) } catch {
                    throw DatasetError(.unreadableFile, source: file.path, error.reason)
                }
                total += data.count
                try LabeledTexts.checkTotal(total, maximumBytes, source: url.path)
                let text: String
                switch TextFileIO.decodeUTF8(data) {
                case .success(let decoded): text = decoded.trimmingCharacters(in: .whitespacesAndNewlines)
                case .failure(let bad):
                    throw DatasetError(.unreadableFile, source: file.path, line: bad.line, "is not valid UTF-8 " +
                                       "(byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at offset \(bad.byteOffset))")
                }
                if text.isEmpty { throw DatasetError(.emptyFile, source: file.path, "the document is empty") }
                texts.append(text)
                labels.append(label)
            }
        }
        self.init(texts: texts, labels: labels, classNames: classes)
    }

    /// Reads a CSV file (plain or gzip) with a text and a label column (see the type's documentation).
    /// - Throws: ``CSVError``: the file errors of ``CSVTable/init(contentsOf:hasHeader:delimiter:maximumBytes:)``
    ///   (`.tooLarge` past `maximumBytes`), and those of ``init(table:textColumn:labelColumn:classNames:)``.
    public init(csv url: URL, textColumn: String = "text", labelColumn: String = "label", classNames: [String]? = nil,
                delimiter: Unicode.Scalar = ",", maximumBytes: Int = defaultMaximumBytes) throws {
        try self.init(table: CSVTable(contentsOf: url, delimiter: delimiter, maximumBytes: maximumBytes),
                      textColumn: textColumn, labelColumn: labelColumn, classNames: classNames)
    }

    /// The documents of a parsed table.
    /// - Throws: ``CSVError``: `.unknownColumn`, `.noDataRows`, `.missingValue` (an empty text or label, naming
    ///   the line), `.badLabel` (a label not in `classNames`).
    public init(table: CSVTable, textColumn: String = "text", labelColumn: String = "label",
                classNames: [String]? = nil) throws {
        let t = try table.columnIndex(named: textColumn), l = try table.columnIndex(named: labelColumn)
        guard table.count > 0 else { throw CSVError(.noDataRows, source: table.source, message: "has a header but no data rows") }
        let reader = LabeledSequenceCSV.CellReader(table: table)
        var texts: [String] = [], labelTexts: [String] = []
        for row in table.rows.indices {
            let text = table.rows[row][t].trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { throw reader.error(.missingValue, row, t, "is empty: every row needs a text") }
            texts.append(text)
            labelTexts.append(try reader.nonEmpty(row, l, "a label"))
        }
        let classes = try LabeledSequenceCSV.classList(labelTexts, given: classNames, reader, Array(table.rows.indices), l)
        self.init(texts: texts, labels: labelTexts.map { classes.index[$0]! }, classNames: classes.names)
    }

    /// The number of documents.
    public var count: Int { texts.count }

    /// The number of documents of each class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The documents at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledTexts {
        LabeledTexts(texts: indices.map { texts[$0] }, labels: indices.map { labels[$0] }, classNames: classNames)
    }

    /// A seeded split stratified by class (see ``SplitIndices/stratified(labels:train:validation:using:)``).
    public func stratifiedSplit(train: Double = 0.8, validation: Double = 0.1, seed: UInt64 = 0) -> SplitIndices {
        SplitIndices.stratified(labels: labels, train: train, validation: validation, using: RandomSource(seed: seed))
    }

    static func checkTotal(_ total: Int, _ maximumBytes: Int, source: String) throws {
        if total > maximumBytes {
            throw DatasetError(.badFormat, source: source, "the documents hold more than \(byteCount(maximumBytes)) " +
                               "of text, the limit (pass a larger maximumBytes to read them)")
        }
    }
}

extension MovieReviews {
    /// The sentences as ``LabeledTexts`` (classes "negative", "positive"; the same order and labels).
    public var labeledTexts: LabeledTexts {
        LabeledTexts(texts: sentences, labels: labels, classNames: MovieReviews.classNames)
    }
}
