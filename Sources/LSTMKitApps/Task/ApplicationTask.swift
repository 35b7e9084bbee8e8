import Foundation
import LSTMKit

/// A task's whole configuration: data, model, training and output. `Codable`, so checkpoints store it (and
/// `lstm evaluate` and `--resume` rebuild the run from it), and validated like CLI input, so an edited
/// checkpoint with `hiddenSize: 0` is a `ConfigError`, not a trap.
public protocol TaskConfig: Codable, Equatable, Sendable {
    var training: TrainingConfig { get set }
    /// The run directory for `best.safetensors` and `last.safetensors`.
    var output: String { get set }
    /// Throws a `ConfigError` naming the first invalid field.
    func validate() throws
}

/// Something a task returns that the CLI prints: as lines of text, or (with `--json`) encoded.
public protocol TaskReport: Encodable {
    /// The human-readable report, one line per element.
    var lines: [String] { get }
}

/// What a task's training returns: a report with the training outcome (the best monitored value, which a
/// hyperparameter search ranks by).
public protocol TaskTrainingReport: TaskReport {
    var training: TrainingOutcome { get }
}

/// One application of LSTMKit (text generation, sentiment, forecasting, classification): its config, its
/// training through `Trainer`, its typed checkpoint and its evaluation. The `lstm` CLI only parses options
/// into `Config` and prints the reports; a Swift program does the same with these calls:
///
///     var config = TextgenConfig()                 // the defaults of `lstm train textgen`
///     config.training.steps = 500
///     let report = try TextgenTask.train(config, observer: .silent)
///     let model = try TextgenTask.load(URL(fileURLWithPath: report.training.best))
///     print(model.sample(prime: "ROMEO:", length: 200))
///
/// (Swift's concurrency `Task` type is why the protocol is not called `Task`.)
public protocol ApplicationTask {
    associatedtype Config: TaskConfig
    /// A trained model as loaded from a checkpoint: the network, everything inference needs (vocabulary,
    /// scaler, class names) and the task's inference entry (sample, predict, forecast).
    associatedtype Model
    associatedtype TrainReport: TaskTrainingReport
    associatedtype EvaluationReport: TaskReport

    /// The name `lstm train <name>` uses and checkpoints record.
    static var name: String { get }
    /// Whether a higher monitored value is better (accuracy) or a lower one (loss): what a search optimizes.
    static var higherIsBetter: Bool { get }
    /// Validates `config`, reads the data, trains (resuming from `config.output`'s `last.safetensors` when
    /// `resume`), writes the checkpoints and evaluates the best one on the held-out data.
    static func train(_ config: Config, resume: Bool, observer: TaskObserver) throws -> TrainReport
    /// The model of a checkpoint this task wrote (a directory stands for its `best.safetensors`).
    static func load(_ url: URL) throws -> Model
    /// Evaluates a loaded model on its held-out data (`data`: another file instead of the recorded one).
    static func evaluate(_ model: Model, data: String?, observer: TaskObserver) throws -> EvaluationReport
}

extension ApplicationTask {
    /// Trains `config` from scratch; a run that fails before writing anything leaves no empty output directory.
    public static func train(_ config: Config, observer: TaskObserver) throws -> TrainReport {
        try removingUnusedOutputDirectory(config.output) { try train(config, resume: false, observer: observer) }
    }

    /// The config of the run saved in `directory/last.safetensors`, for `--resume`.
    public static func savedConfig(in directory: String) throws -> Config {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("last.safetensors")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TaskError("cannot resume: \(url.path) does not exist (train with --output \(directory) first)")
        }
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        var config: Config = try TaskCheckpoint.config(info, as: Config.self)
        config.output = absolutePath(directory)
        return config
    }
}
