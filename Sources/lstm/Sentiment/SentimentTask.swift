import Foundation
import LSTMKit
import LSTMKitApps

/// Everything a sentiment checkpoint records besides the weights (`lstmkit.config`): the model, the
/// vocabulary rule, the split and the training options, so `evaluate` can rebuild the exact test set.
struct SentimentRunConfig: Codable, Equatable {
    var model: SentimentModelConfig
    /// Tokens seen fewer times in the training split map to `<unk>`.
    var minCount: Int
    /// The stratified split (`MovieReviews.stratifiedSplit`): fractions and its own seed (not `--seed`).
    var trainFraction: Double
    var validationFraction: Double
    var splitSeed: UInt64
    /// The class sizes of the training data [negative, positive] (to recognise other data in `evaluate`).
    var classCounts: [Int]
    var epochs: Int
    var batchSize: Int
    var learningRate: Double
    var weightDecay: Double
    var clipNorm: Double
    var patience: Int
    var seed: UInt64
}

/// `lstm evaluate` for sentiment checkpoints, and the loading shared with `lstm predict`.
enum SentimentTask: EvaluableTask {
    static let name = "sentiment"
    /// The default `--data` of `lstm train sentiment`.
    static let defaultData = "Data/mr-sentence-polarity"

    /// The model (in evaluation mode, with the checkpoint's weights), its vocabulary and config.
    static func loadModel(_ url: URL, info: CheckpointInfo) throws
        -> (model: SentimentClassifier, vocabulary: Vocabulary, config: SentimentRunConfig) {
        try describingErrors("cannot read the checkpoint") {
            let config = try info.config(as: SentimentRunConfig.self)
            let vocabulary = try info.attachment("vocabulary", as: Vocabulary.self)
            if vocabulary.count != config.model.vocabularySize {
                throw CLIError("checkpoint \(url.path): its vocabulary has \(vocabulary.count) tokens but the " +
                               "model expects \(config.model.vocabularySize)")
            }
            let model = SentimentClassifier(config: config.model, rng: RandomSource(seed: 0))
            try Checkpoint.load(into: model, from: url, options: .init(expectedConfig: config))
            model.eval()
            return (model, vocabulary, config)
        }
    }

    /// Reads the MR directory with one-line errors; `label` names where the path came from ("--data DIR",
    /// or the checkpoint), and the hint mentions the repository root for the default relative path.
    static func readData(_ path: String, label: String? = nil) throws -> MovieReviews {
        let label = label ?? "--data \(path)"
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            let hint = path == defaultData ? "run from the repository root or pass --data DIR"
                                           : "pass --data with the directory holding rt-polarity.pos and rt-polarity.neg"
            throw CLIError("\(label): no such directory (\(hint))")
        }
        return try describingErrors("reading \(label)") {
            try MovieReviews(directory: URL(fileURLWithPath: path))
        }
    }

    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        let (model, vocabulary, config) = try loadModel(checkpoint, info: info)
        guard let path = data ?? info.userEntries["data"] else {
            throw CLIError("\(checkpoint.path) does not record its data directory; pass --data DIR")
        }
        let reviews = try readData(path, label: data == nil ? "the data directory \(path) recorded in the checkpoint"
                                                            : "--data \(path)")
        // The training data: its test split. Other data: every sentence.
        let sameData = reviews.classCounts == config.classCounts
        let indices = sameData
            ? reviews.stratifiedSplit(train: config.trainFraction, validation: config.validationFraction,
                                      seed: config.splitSeed).test
            : Array(0..<reviews.count)
        let examples = SentimentText.examples(indices.map { reviews.sentences[$0] },
                                              labels: indices.map { reviews.labels[$0] }, vocabulary)
        let result = model.evaluate(examples, labels: MovieReviews.classNames)
        let part = sameData ? "test split" : "all sentences (not the training data, so no split)"
        if console.json {
            var object = resultJSON(result, prefix: "test")
            object["task"] = name
            object["checkpoint"] = checkpoint.path
            object["data"] = path
            object["part"] = sameData ? "test" : "all"
            try console.emit(object)
        } else {
            console.say("\(checkpoint.path) on \(path), \(part): \(result.confusion.total) sentences")
            report(result, console: console, title: "test")
        }
    }

    /// Accuracy, per-class F1, confusion matrix and loss as JSON fields named with `prefix`.
    static func resultJSON(_ result: SentimentEvaluation, prefix: String) -> [String: Any] {
        let scores = result.scores
        return [
            "\(prefix)Accuracy": result.accuracy,
            "\(prefix)Loss": result.loss,
            "\(prefix)F1": Dictionary(uniqueKeysWithValues: zip(MovieReviews.classNames, scores.f1)),
            "\(prefix)MacroF1": scores.macroF1,
            "\(prefix)Confusion": result.confusion.counts,
            "\(prefix)Count": result.confusion.total,
        ]
    }

    /// The human-readable report: accuracy, the per-class table and the confusion matrix.
    static func report(_ result: SentimentEvaluation, console: Console, title: String) {
        console.say("\(title) accuracy \(fixed(result.accuracy, 4))  loss \(fixed(result.loss, 4))  " +
                    "macro F1 \(fixed(result.scores.macroF1, 4))")
        console.say(result.scores.description)
        console.say(result.confusion.description)
    }
}
