import Foundation
import LSTMKit
import LSTMKitApps

/// The datasets `lstm train classify` knows: where each file is, how it is split, and the default
/// hyperparameters (chosen so the default command meets the accuracy bar in docs/apps/classify.md).
enum ClassifyDataset: String, CaseIterable, Codable, Sendable {
    case digits, mnist, hapt, vowels

    /// Default hyperparameters of one dataset.
    struct Defaults {
        var cell: SequenceClassifierConfig.Cell = .lstm
        var hiddenSize: Int
        var layers: Int = 1
        var bidirectional = false
        var pooling: SequenceClassifierConfig.Pooling = .last
        var epochs: Int
        var batchSize: Int
        var learningRate: Double
        var dropout: Double = 0
    }

    var defaults: Defaults {
        switch self {
        case .digits: return Defaults(hiddenSize: 64, epochs: 40, batchSize: 32, learningRate: 3e-3)
        case .mnist: return Defaults(hiddenSize: 128, epochs: 30, batchSize: 64, learningRate: 2e-3)
        case .hapt: return Defaults(hiddenSize: 64, layers: 2, pooling: .mean, epochs: 15, batchSize: 64,
                                    learningRate: 3e-3, dropout: 0.2)
        case .vowels: return Defaults(hiddenSize: 64, epochs: 60, batchSize: 16, learningRate: 3e-3)
        }
    }

    /// The data path used without `--data` (nil: the file is not committed and --data is required).
    var defaultPath: String? {
        switch self {
        case .digits: return DigitsDataset.defaultPath
        case .mnist: return MNISTDataset.defaultPath
        case .hapt: return nil
        case .vowels: return "Data/japanese-vowels"
        }
    }

    /// The path to read (`--data` or the default), or a one-line error saying what to pass.
    func dataPath(_ override: String?) throws -> String {
        if let override { return override }
        guard let path = defaultPath else {
            throw CLIError("--dataset hapt needs --data PATH: \(HAPTDataset.sourceHint); it is not committed " +
                           "(21 MB)")
        }
        if !FileManager.default.fileExists(atPath: path) {
            throw CLIError("\(path) not found: run from the repository root or pass --data PATH")
        }
        return path
    }

    /// Loads the data at `path` and makes the documented split.
    func load(_ path: String) throws -> ClassificationSplit {
        try describingErrors("reading the \(rawValue) data") {
            let url = URL(fileURLWithPath: path)
            switch self {
            case .digits: return DigitsDataset.split(try DigitsDataset.load(url))
            case .mnist: return MNISTDataset.split(try MNISTDataset.load(url))
            case .hapt: return HAPTDataset.split(try HAPTDataset.load(url))
            case .vowels:
                let (trainURL, testURL) = try Self.vowelsFiles(path)
                let train = try JapaneseVowelsDataset.load(trainURL)
                let test = try JapaneseVowelsDataset.load(testURL, classNames: train.classNames)
                return JapaneseVowelsDataset.split(train: train, test: test)
            }
        }
    }

    /// Japanese Vowels --data: a directory holding JapaneseVowels_TRAIN.ts and _TEST.ts, or the _TRAIN.ts
    /// file (the _TEST.ts file next to it is the test part).
    static func vowelsFiles(_ path: String) throws -> (URL, URL) {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (url.appendingPathComponent("JapaneseVowels_TRAIN.ts"),
                    url.appendingPathComponent("JapaneseVowels_TEST.ts"))
        }
        let name = url.lastPathComponent
        guard name.contains("TRAIN") else {
            throw CLIError("--data \(path): for vowels give the directory with JapaneseVowels_TRAIN.ts and " +
                           "JapaneseVowels_TEST.ts, or the *_TRAIN.ts file (its *_TEST.ts must sit next to it)")
        }
        return (url, url.deletingLastPathComponent()
                    .appendingPathComponent(name.replacingOccurrences(of: "TRAIN", with: "TEST")))
    }
}

/// What a classify checkpoint records besides the model config (attachment "run").
struct ClassifyRun: Codable, Equatable {
    var dataset: ClassifyDataset
    var classNames: [String]
    var split: String
    var epochs: Int
    var batchSize: Int
    var learningRate: Double
    var seed: UInt64
    var bestEpoch: Int
    var bestValidationAccuracy: Double
}
