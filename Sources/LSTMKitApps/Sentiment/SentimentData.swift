import Foundation
import LSTMKit

/// Labeled texts for the sentiment task, whatever the file layout: the texts, their labels (indices into
/// `classNames`) and a description of where they came from.
public struct LabeledTextData: Sendable, Equatable {
    public var texts: [String]
    public var labels: [Int]
    public var classNames: [String]
    /// "MR sentence polarity (rt-polarity.pos/.neg)".
    public var source: String

    /// The number of texts of each class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for y in labels { counts[y] += 1 }
        return counts
    }

    /// Reads `path`: a directory with `rt-polarity.pos` and `rt-polarity.neg` (MR), a directory of per-class
    /// folders of text files, or a CSV file with the config's text and label columns (plain or `.csv.gz`).
    /// `classNames`: read with these classes (the model's, for evaluation data).
    public static func read(_ path: String, config: SentimentConfig, classNames: [String]? = nil) throws -> LabeledTextData {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("data", "\(path): no such file or directory" +
                              (path.hasSuffix("Data/mr-sentence-polarity") ? " (run from the repository root)" : ""))
        }
        let url = URL(fileURLWithPath: path)
        return try describingErrors("reading \(path)") {
            if isDirectory.boolValue,
               FileManager.default.fileExists(atPath: url.appendingPathComponent(MovieReviews.positiveFileName).path) {
                let texts = try MovieReviews(directory: url).labeledTexts
                return LabeledTextData(texts, source: "MR sentence polarity (\(MovieReviews.negativeFileName), " +
                                       "\(MovieReviews.positiveFileName))")
            }
            if isDirectory.boolValue {
                return LabeledTextData(try LabeledTexts(folder: url, classNames: classNames),
                                       source: "per-class folders of \(url.lastPathComponent)")
            }
            return LabeledTextData(try LabeledTexts(csv: url, textColumn: config.textColumn, labelColumn: config.labelColumn,
                                                    classNames: classNames),
                                   source: "CSV \(url.lastPathComponent) (columns \(config.textColumn), \(config.labelColumn))")
        }
    }

}

extension LabeledTextData {
    init(_ texts: LabeledTexts, source: String) {
        self.init(texts: texts.texts, labels: texts.labels, classNames: texts.classNames, source: source)
    }
}
