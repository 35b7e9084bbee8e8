import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm evaluate` for checkpoints of `lstm train classify`: rebuilds the model from the stored config,
/// reloads the data, makes the same split, applies the stored scaler and prints the test report.
enum ClassifyTask: EvaluableTask {
    static let name = "classify"

    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        let (config, run, scaler) = try describingErrors("reading the classify checkpoint") {
            (try info.config(as: SequenceClassifierConfig.self), try info.attachment("run", as: ClassifyRun.self),
             try info.attachment("scaler", as: StandardScaler.self))
        }
        guard let path = data ?? info.userEntries["data"] else {
            throw CLIError("\(checkpoint.path) does not record its data file; pass --data PATH")
        }
        let split = try run.dataset.load(path)
        let test = split.test
        if test.count == 0 { throw CLIError("\(path): the \(run.dataset.rawValue) test part is empty") }
        if test.featureCount != config.inputSize || test.classCount != config.classCount {
            throw CLIError("\(path) has \(test.featureCount) features and \(test.classCount) classes, the checkpoint " +
                           "expects \(config.inputSize) and \(config.classCount)")
        }
        let model = SequenceClassifier<Float>(config, rng: RandomSource(seed: 0))
        try describingErrors("loading the checkpoint") {
            try Checkpoint.load(into: model, from: checkpoint, options: .init(expectedConfig: config))
        }
        classifySay(console, "\(run.dataset.rawValue): \(path); \(split.summary)")
        let start = Date()
        var result = classificationReport(
            predictions: SequenceClassificationBatch.predict(model, test.scaled(by: scaler)),
            targets: test.examples.map(\.label), classNames: test.classNames, console: console,
            title: "test (\(checkpoint.lastPathComponent), epoch \(info.epoch.map(String.init) ?? "?"))")
        classifySay(console, "evaluated in \(fixed(Date().timeIntervalSince(start), 2)) s")
        if console.json {
            result["dataset"] = run.dataset.rawValue
            result["checkpoint"] = checkpoint.path
            result["split"] = split.summary
            try console.emit(result)
        }
    }
}
