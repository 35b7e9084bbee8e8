import Foundation

/// UCI Japanese Vowels (Kudo, Toyama & Shimbo 1999; `Data/japanese-vowels/`): nine speakers say /ae/, each
/// utterance 7-29 frames of 12 LPC cepstrum coefficients; the class is the speaker. Variable length.
///
/// The file: the sktime/aeon `.ts` text format. Lines starting with `#` are comments; `@` lines are metadata
/// (`@classLabel true 1 2 ... 9` gives the class names); after `@data`, one case per line: the 12 dimensions
/// separated by `:`, each a comma-separated series (all of one case's dimensions have the same length), then
/// `:` and the class label.
public enum JapaneseVowelsDataset {
    public static let defaultTrainPath = "Data/japanese-vowels/JapaneseVowels_TRAIN.ts"
    public static let defaultTestPath = "Data/japanese-vowels/JapaneseVowels_TEST.ts"
    public static let featureCount = 12

    /// Reads one `.ts` file with `featureCount` dimensions.
    /// - Parameter classNames: the classes to accept (nil: those of the `@classLabel` line).
    /// - Throws: `DatasetError` naming the file and line (missing or corrupt file, no `@data`, a case without
    ///   `featureCount` dimensions and a label, dimensions of different lengths, a value that is not a number,
    ///   a label not in `@classLabel`).
    public static func load(_ url: URL, featureCount: Int = featureCount, classNames: [String]? = nil)
        throws -> LabeledSequences
    {
        let file = try NumericTextFile(url)
        var names = classNames
        var dataStarted = false
        var examples: [LabeledSequence] = []
        for (number, range) in file.lines {
            if !dataStarted {
                let text = file.text(range).trimmingCharacters(in: .whitespaces)
                let lower = text.lowercased()
                if lower.hasPrefix("@classlabel") && names == nil {
                    let words = text.split(separator: " ").map(String.init)
                    if words.count > 2 && words[1].lowercased() == "true" { names = Array(words[2...]) }
                } else if lower.hasPrefix("@data") {
                    dataStarted = true
                } else if !text.hasPrefix("#") && !text.hasPrefix("@") {
                    throw DatasetError(.badFormat, source: file.source, line: number,
                                       "data before the @data line (a .ts file has # comments and @ metadata first)")
                }
                continue
            }
            guard let names else {
                throw DatasetError(.badFormat, source: file.source, line: number,
                                   "no \"@classLabel true <labels>\" line before @data")
            }
            let dimensions = file.fields(range, separator: UInt8(ascii: ":"))
            try file.expectFields(dimensions.count, featureCount + 1, line: number,
                                  "\(featureCount) dimensions and the label, separated by ':'")
            var columns: [[Float]] = []
            for (k, dimension) in dimensions.dropLast().enumerated() {
                let series = try file.fields(dimension).map {
                    Float(try file.number($0, line: number, what: "dimension \(k + 1)"))
                }
                if let first = columns.first, first.count != series.count {
                    throw DatasetError(.badFormat, source: file.source, line: number,
                                       "dimension \(k + 1) has \(series.count) values, dimension 1 has \(first.count)")
                }
                columns.append(series)
            }
            let label = file.text(dimensions[featureCount]).trimmingCharacters(in: .whitespaces)
            guard let classIndex = names.firstIndex(of: label) else {
                throw DatasetError(.badLabel, source: file.source, line: number,
                                   "label \"\(label)\" is not one of the classes \(names.joined(separator: ", "))")
            }
            let steps = columns[0].count
            var values = [Float](repeating: 0, count: steps * featureCount)
            for t in 0..<steps { for f in 0..<featureCount { values[t * featureCount + f] = columns[f][t] } }
            examples.append(LabeledSequence(values: values, steps: steps, label: classIndex))
        }
        if examples.isEmpty {
            throw DatasetError(.emptyFile, source: file.source, dataStarted ? "no cases after @data" : "no @data line")
        }
        return LabeledSequences(featureCount: featureCount, classNames: names ?? [], examples: examples)
    }

    /// The official split (270 train cases, 370 test cases), with a stratified 10% of the training file held
    /// out for validation (seeded with `seed`).
    public static func split(train: LabeledSequences, test: LabeledSequences, seed: UInt64 = 42) -> ClassificationSplit {
        let s = SplitIndices.stratified(labels: train.examples.map(\.label), train: 0.9, validation: 0.1,
                                        using: RandomSource(seed: seed))
        return ClassificationSplit(
            train: train.subset(s.train), validation: train.subset(s.validation), test: test,
            summary: "official train/test files; validation = stratified 10% of the training file (seed \(seed)): " +
                     "\(s.train.count) train, \(s.validation.count) validation, \(test.count) test")
    }
}
