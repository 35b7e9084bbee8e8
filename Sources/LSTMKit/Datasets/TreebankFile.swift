import Foundation

/// A file of bracketed trees, one per line, as the Stanford Sentiment Treebank ships them (`train.txt`,
/// `dev.txt`, `test.txt` of the PTB-format release, Socher et al. 2013): every node carries a sentiment label
/// 0-4 (very negative ... very positive), the root's is the sentence's.
///
///     (3 (2 It) (4 (2 's) (3 good)))
///
///     let file = try TreebankFile.read(URL(fileURLWithPath: "sst/train.txt"))
///     file.trees[0].label        // the first sentence's label
///     file.trees[0].words        // its words
///
/// Blank lines are skipped; every other line must be exactly one tree (see `LabeledTree.init(bracketed:)`).
/// Errors (``DatasetError``, one line naming the file, the line and the column): unbalanced brackets, a
/// missing or out-of-range label, an empty leaf, text after a tree (`.badFormat`, `.badLabel`); no trees
/// (`.emptyFile`); bytes that are not UTF-8, a missing or too large file.
public struct TreebankFile: Sendable {
    /// The file path.
    public let source: String
    /// The trees, in file order.
    public let trees: [LabeledTree]
    /// The 1-based line of each tree.
    public let lineNumbers: [Int]

    /// The default limit on the file's size: 256 MiB.
    public static let defaultMaximumBytes = 256 << 20

    /// Reads a treebank file (plain or gzip) whose labels are in `0..<labelCount`.
    public static func read(_ url: URL, labelCount: Int = 5, maximumBytes: Int = defaultMaximumBytes) throws -> TreebankFile {
        if labelCount < 1 { failure("TreebankFile.read: labelCount \(labelCount) must be >= 1") }
        let file = try TextLines(url, maximumBytes: maximumBytes)
        var trees: [LabeledTree] = [], lineNumbers: [Int] = []
        for (i, line) in file.lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            do {
                trees.append(try LabeledTree(bracketed: line, labelCount: labelCount))
                lineNumbers.append(i + 1)
            } catch let error as TreeSyntaxError {
                let kind: DatasetError.Kind = error.message.hasPrefix("label") ? .badLabel : .badFormat
                throw DatasetError(kind, source: file.source, line: i + 1, error.description)
            }
        }
        if trees.isEmpty {
            throw DatasetError(.emptyFile, source: file.source, "no trees (expected one bracketed tree per line)")
        }
        return TreebankFile(source: file.source, trees: trees, lineNumbers: lineNumbers)
    }
}
