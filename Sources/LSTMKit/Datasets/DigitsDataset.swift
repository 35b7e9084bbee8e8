import Foundation

/// scikit-learn's 8x8 handwritten digits (UCI optdigits, 1,797 images; `Data/digits-8x8/`), read as
/// sequences of 8 rows (steps) of 8 pixels (features).
///
/// The file: gzip (or plain) CSV without a header, 65 numbers per row: 64 pixels 0-16 in row-major order,
/// then the label 0-9.
///
///     let data = try DigitsDataset.load(URL(fileURLWithPath: DigitsDataset.defaultPath))
///     let split = DigitsDataset.split(data)     // stratified 80/10/10, seed 42
public enum DigitsDataset {
    /// The committed file, relative to the repository root.
    public static let defaultPath = "Data/digits-8x8/digits.csv.gz"
    public static let steps = 8
    public static let featureCount = 8

    /// - Throws: `DatasetError` naming the file and line (missing or corrupt file, a row without 65 fields, a
    ///   pixel that is not a number, a label outside 0-9).
    public static func load(_ url: URL) throws -> LabeledSequences {
        try loadImageRows(url, steps: steps, featureCount: featureCount, what: "64 pixels and the label")
    }

    /// A stratified split 80% train, 10% validation, 10% test (per class), seeded with `seed`.
    public static func split(_ data: LabeledSequences, seed: UInt64 = 42) -> ClassificationSplit {
        ClassificationSplit(stratifying: data, train: 0.8, validation: 0.1, seed: seed)
    }

    /// Rows of `steps * featureCount` numbers followed by a label 0-9 (digits and MNIST).
    static func loadImageRows(_ url: URL, steps: Int, featureCount: Int, what: String) throws -> LabeledSequences {
        let file = try NumericTextFile(url)
        let pixels = steps * featureCount
        var examples: [LabeledSequence] = []
        examples.reserveCapacity(file.lines.count)
        for (number, range) in file.lines {
            let fields = file.fields(range)
            try file.expectFields(fields.count, pixels + 1, line: number, what)
            var values = [Float](repeating: 0, count: pixels)
            for k in 0..<pixels {
                values[k] = try file.float(fields[k], line: number, what: "field \(k + 1)")
            }
            let label = try file.label(fields[pixels], line: number, allowed: 0...9, names: "the digits 0-9")
            examples.append(LabeledSequence(values: values, steps: steps, label: label))
        }
        return LabeledSequences(featureCount: featureCount, classNames: (0...9).map(String.init), examples: examples)
    }
}
