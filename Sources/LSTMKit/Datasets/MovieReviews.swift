import Foundation

/// A problem with the files of the movie-review polarity dataset; each case names the file (and the line).
public enum MovieReviewsError: Error, Equatable, CustomStringConvertible {
    /// The data directory does not exist (or is a file).
    case missingDirectory(path: String)
    /// A file could not be read (missing, a directory, no permission).
    case unreadableFile(path: String, reason: String)
    /// A byte sequence that is not UTF-8, at a 1-based line.
    case invalidUTF8(path: String, line: Int, byteOffset: Int)
    /// The file holds no sentence at all.
    case emptyFile(path: String)
    /// A blank line (only whitespace) before the end of the file, at a 1-based line.
    case emptyLine(path: String, line: Int)

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            "movie-review data directory \(path) does not exist (it must hold \(MovieReviews.positiveFileName) " +
            "and \(MovieReviews.negativeFileName))"
        case .unreadableFile(let path, let reason): "movie-review file \(path): \(reason)"
        case .invalidUTF8(let path, let line, let offset):
            "movie-review file \(path), line \(line): invalid UTF-8 at byte \(offset)"
        case .emptyFile(let path): "movie-review file \(path) is empty (expected one sentence per line)"
        case .emptyLine(let path, let line):
            "movie-review file \(path), line \(line): empty line (expected one sentence per line)"
        }
    }
}

/// The sentence polarity dataset v1.0 of Pang and Lee (2005), "MR": short movie-review snippets, one
/// lower-cased, tokenized sentence per line, in `rt-polarity.pos` (positive) and `rt-polarity.neg` (negative).
/// The committed copy (Data/mr-sentence-polarity, CC BY 4.0) has 5,331 sentences of each class.
///
/// Examples are the negative sentences in file order (label 0), then the positive ones (label 1).
///
///     let reviews = try MovieReviews(directory: URL(fileURLWithPath: "Data/mr-sentence-polarity"))
///     reviews.count                                    // 10662
///     reviews.sentences[0], reviews.labels[0]          // ("simplistic , silly and tedious .", 0)
///     let split = reviews.stratifiedSplit(seed: 0)     // 8530 / 1066 / 1066, balanced classes
///
/// Validation: each file must be UTF-8 (a byte-order mark is dropped) and hold at least one sentence;
/// a blank line before the end is an error naming the file and line (trailing blank lines are ignored).
/// Surrounding whitespace of each line is removed.
public struct MovieReviews: Sendable, Equatable {
    public static let positiveFileName = "rt-polarity.pos"
    public static let negativeFileName = "rt-polarity.neg"
    /// The class names by label: 0 = "negative", 1 = "positive".
    public static let classNames = ["negative", "positive"]

    /// Every sentence: the negatives, then the positives.
    public let sentences: [String]
    /// The label of each sentence (0 negative, 1 positive).
    public let labels: [Int]

    /// Reads `rt-polarity.neg` and `rt-polarity.pos` from `directory`.
    public init(directory: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw MovieReviewsError.missingDirectory(path: directory.path)
        }
        try self.init(negative: directory.appendingPathComponent(Self.negativeFileName),
                      positive: directory.appendingPathComponent(Self.positiveFileName))
    }

    /// Reads the two files.
    public init(negative: URL, positive: URL) throws {
        let negatives = try Self.readSentences(negative)
        let positives = try Self.readSentences(positive)
        self.init(negative: negatives, positive: positives)
    }

    /// A dataset from sentences in memory (each should be non-empty).
    public init(negative: [String], positive: [String]) {
        sentences = negative + positive
        labels = [Int](repeating: 0, count: negative.count) + [Int](repeating: 1, count: positive.count)
    }

    /// The number of sentences.
    public var count: Int { sentences.count }

    /// The number of sentences of each class, [negative, positive].
    public var classCounts: [Int] { [labels.count(where: { $0 == 0 }), labels.count(where: { $0 == 1 })] }

    /// The sentences of one file, one per line, validated (see the type's documentation).
    public static func readSentences(_ url: URL) throws -> [String] {
        let data: Data
        do { data = try TextFileIO.readData(url) } catch {
            throw MovieReviewsError.unreadableFile(path: url.path, reason: error.reason)
        }
        let text: String
        switch TextFileIO.decodeUTF8(data) {
        case .success(let decoded): text = decoded
        case .failure(let bad):
            throw MovieReviewsError.invalidUTF8(path: url.path, line: bad.line, byteOffset: bad.byteOffset)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        if lines.isEmpty { throw MovieReviewsError.emptyFile(path: url.path) }
        if let blank = lines.firstIndex(where: \.isEmpty) {
            throw MovieReviewsError.emptyLine(path: url.path, line: blank + 1)
        }
        return lines
    }

    /// A seeded split stratified by class: within each class, the sentences are shuffled with
    /// `RandomSource(seed: seed)` (one permutation per class, negative first) and cut at the rounded sizes of
    /// `SplitIndices.random` (`round(train * n)`, `round((train + validation) * n)`), so both classes keep
    /// their proportion in every part. The default 80/10/10 gives 4265 / 533 / 533 sentences of each class
    /// on the full data (8530 / 1066 / 1066). Lists are sorted.
    public func stratifiedSplit(train: Double = 0.8, validation: Double = 0.1, seed: UInt64 = 0) -> SplitIndices {
        SplitIndices.stratified(labels: labels, train: train, validation: validation, using: RandomSource(seed: seed))
    }
}
