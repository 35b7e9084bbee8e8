import Foundation
import LSTMKit

/// Reading and splitting the data of the classify task: a built-in dataset, a UCR/UEA `.ts` pair or a CSV
/// of labeled sequences.
enum ClassifyData {
    /// The data's split (train / validation / test) and a description of where it came from.
    static func load(_ config: ClassifyConfig) throws -> (split: ClassificationSplit, source: String) {
        guard let path = config.data.map(absolutePath) else {
            throw ConfigError("data", "is required (or a built-in --dataset)")
        }
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError("data", "\(path): no such file or directory" +
                              (config.dataset?.defaultPath.map(absolutePath) == path ? " (run from the repository root)" : ""))
        }
        let validation = config.validationFraction
        return try describingErrors("reading \(path)") {
            switch config.dataset {
            case .digits?:
                return (ClassificationSplit(stratifying: try DigitsDataset.load(url), train: validation.map { 0.9 - $0 } ?? 0.8,
                                            validation: validation ?? 0.1, seed: config.splitSeed), "8x8 digits")
            case .mnist?:
                return (ClassificationSplit(stratifying: try MNISTDataset.load(url), train: validation.map { 0.9 - $0 } ?? 0.8,
                                            validation: validation ?? 0.1, seed: config.splitSeed), "MNIST-5k")
            case .hapt?:
                return (HAPTDataset.split(try HAPTDataset.load(url)), "UCI HAPT raw signals")
            case .vowels?, nil:
                if isCSV(path) {
                    let test = config.testFraction, v = validation ?? 0.1
                    let data = try readCSV(url, config: config)
                    return (ClassificationSplit(stratifying: data, train: 1 - test - v, validation: v,
                                                seed: config.splitSeed), "labeled sequences (CSV)")
                }
                let pair = try TSFilePair(url, missing: config.dropMissing ? .drop : .error)
                let name = pair.train.header.problemName ?? url.lastPathComponent
                return (try pair.split(validationFraction: validation ?? 0.1, seed: config.splitSeed),
                        "\(name) (UCR/UEA .ts pair)")
            }
        }
    }

    /// Whether `path` names a CSV (plain or gzip) rather than a `.ts` pair.
    static func isCSV(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".csv") || path.lowercased().hasSuffix(".csv.gz")
    }

    /// The CSV's layout: long when it has the id column, else wide.
    static func readCSV(_ url: URL, config: ClassifyConfig, classNames: [String]? = nil) throws -> LabeledSequences {
        let table = try CSVTable(contentsOf: url)
        let layout: LabeledSequenceCSV.Layout = table.header.contains(config.idColumn)
            ? .long(id: config.idColumn, label: config.labelColumn, time: config.timeColumn, features: config.features)
            : .wide(label: config.labelColumn)
        return try LabeledSequenceCSV.read(table: table, layout: layout, classNames: classNames)
    }

    /// Sequences to classify with a trained model: a `.ts` file (labels optional) or a CSV in the training
    /// data's layout; read with the model's class names.
    static func readForPrediction(_ path: String, config: ClassifyConfig, classNames: [String]) throws
        -> (sequences: LabeledSequences, labeled: Bool) {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw ConfigError("file", "\(path): no such file") }
        return try describingErrors("reading \(path)") {
            if isCSV(path) {
                return (try readCSV(url, config: config, classNames: classNames), true)
            }
            let file = try TSFile.read(url, missing: config.dropMissing ? .drop : .error,
                                       classNames: nil)
            let labeled = file.header.classLabels != nil
            if labeled {
                let again = try TSFile.read(url, missing: config.dropMissing ? .drop : .error, classNames: classNames)
                return (try again.labeledSequences(), true)
            }
            return (LabeledSequences(featureCount: file.dimensions, classNames: classNames, examples: file.examples), false)
        }
    }
}
