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

    /// Reads `path`: a directory with `rt-polarity.pos` and `rt-polarity.neg` (MR).
    public static func read(_ path: String, config: SentimentConfig) throws -> LabeledTextData {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("data", "\(path): no such file or directory" +
                              (path.hasSuffix("Data/mr-sentence-polarity") ? " (run from the repository root)" : ""))
        }
        let url = URL(fileURLWithPath: path)
        if isDirectory.boolValue,
           FileManager.default.fileExists(atPath: url.appendingPathComponent(MovieReviews.positiveFileName).path) {
            let reviews = try describingErrors("reading \(path)") { try MovieReviews(directory: url) }
            return LabeledTextData(texts: reviews.sentences, labels: reviews.labels, classNames: MovieReviews.classNames,
                                   source: "MR sentence polarity (\(MovieReviews.negativeFileName), " +
                                   "\(MovieReviews.positiveFileName))")
        }
        throw ConfigError("data", "\(path) is not a directory holding \(MovieReviews.positiveFileName) and " +
                          "\(MovieReviews.negativeFileName)")
    }
}
