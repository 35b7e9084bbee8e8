import Foundation
import LSTMKit

/// What a finished training run of a task gives back besides its evaluation.
public struct TrainingOutcome: Codable, Equatable, Sendable {
    public var steps: Int
    public var epochs: Int
    /// Training seconds (across resumes).
    public var seconds: Double
    /// The monitored quantity ("validation accuracy") and its best value, at `bestStep`.
    public var monitor: String
    /// Whether a higher monitored value is better (accuracy) or a lower one (loss).
    public var maximize: Bool
    public var bestValue: Double?
    public var bestStep: Int?
    /// The last evaluation's monitored value.
    public var lastValue: Double?
    public var stoppedEarly: Bool
    public var stoppedByTime: Bool
    /// What the recurrent layers ran ("fused", "reference", ...).
    public var implementation: String
    public var best: String
    public var last: String
    public var skippedSteps: Int
}

/// The one way every task trains: builds the callbacks (best/last checkpoints with the task's metadata,
/// early stopping, reduce-on-plateau, the metrics log, the observer's progress), resumes when asked, and
/// runs `Trainer.fit`.
public struct TaskTraining<Model: Module> where Model.Scalar == Float {
    public let task: String
    public let directory: URL
    public let training: TrainingConfig
    public let model: Model
    public let trainer: Trainer<Model>
    public let monitor: TrainingMonitor
    public let checkpoints: CheckpointCallback<Model>
    let earlyStopping: EarlyStopping?
    /// The TensorBoard log (`training.tensorboard`); a task adds its samples with `recordSamples`
    /// (or `logSamples`).
    public let tensorboard: TensorBoardLogger?
    /// Keeps RUN_DIR/history.json, what `lstm report` draws.
    let recorder: RunHistoryRecorder

    /// - Parameters:
    ///   - task: the task's name (`TaskCheckpoint.taskNames`), stored in every checkpoint.
    ///   - directory: RUN_DIR: the checkpoints, history.json and the report go there.
    ///   - training: the training options (budget, optimizer, early stopping, logs).
    ///   - config: the task's whole config, stored in every checkpoint (`lstm evaluate` and `--resume` read it).
    ///   - model: the model to train.
    ///   - monitor: the metric that decides the best checkpoint, early stopping and the plateau schedule.
    ///   - metricNames: the columns of a CSV metrics log, in order.
    ///   - randomSources: every stream the run keeps drawing from (dropout, shuffling), saved for resume.
    ///   - attachments: what inference needs besides the weights (vocabulary, scaler, class names).
    ///   - metadata: extra checkpoint metadata entries (the task name is added).
    ///   - observer: where the task reports; its training callbacks (the progress display) join the trainer's.
    ///   - implementation: the name of the kernel that ran, asked for when training ends (for the report).
    public init(task: String, directory: URL, training: TrainingConfig, config: some Encodable, model: Model,
                monitor: TrainingMonitor, metricNames: [String] = [], randomSources: [String: RandomSource],
                attachments: [String: any Encodable], metadata: [String: String] = [:], observer: TaskObserver,
                implementation: @escaping () -> String) throws {
        self.implementation = implementation
        self.task = task
        self.directory = directory
        self.training = training
        self.model = model
        self.monitor = monitor
        trainer = training.makeTrainer(model)
        trainer.synchronizer = observer.synchronizer
        self.synchronizer = observer.synchronizer
        let isMain = observer.synchronizer?.isMain ?? true
        checkpoints = CheckpointCallback(directory: directory, model: model, optimizer: trainer.optimizer,
                                         monitor: monitor, config: config, randomSources: randomSources,
                                         attachments: attachments,
                                         userMetadata: metadata.merging([TaskCheckpoint.taskKey: task]) { $1 })
        earlyStopping = training.patience.map { EarlyStopping(monitor: monitor, patience: $0) }
        recorder = try RunHistoryRecorder(directory: directory, task: task, config: config, monitor: monitor.description)
        // The order matters for resume. Early stopping and the plateau schedule first: they update their state
        // (and the learning-rate factor) at each evaluation, and the checkpoint written at that evaluation must
        // hold the updated state, or a resumed run would miss one evaluation's update and drift from the
        // uninterrupted run. Then the checkpoints; history.json (what `lstm report` draws) after them, so it
        // never names a step not saved.
        // Data parallel: the other ranks keep only the callbacks that change training (early stopping, the
        // plateau schedule: every rank sees the same validation, so they decide the same); rank 0 writes.
        var callbacks: [any TrainingCallback] = []
        if let earlyStopping { callbacks.append(earlyStopping) }
        if training.schedule == .plateau {
            let mode: ReduceLROnPlateau.Mode = monitor.direction == .minimize ? .min : .max
            callbacks.append(ReduceLROnPlateauCallback(
                ReduceLROnPlateau(mode: mode, factor: 0.5, patience: training.plateauPatience - 1), monitor: monitor))
        }
        if isMain { callbacks += [checkpoints, recorder] }
        if let log = training.log, isMain {
            let url = URL(fileURLWithPath: log)
            callbacks.append(url.pathExtension.lowercased() == "csv" ? MetricsLogger(csv: url, metricNames: metricNames)
                                                                   : MetricsLogger(jsonLines: url))
        }
        if let directory = training.tensorboard, isMain {
            let logger = TensorBoardLogger(directory: URL(fileURLWithPath: directory),
                                           texts: [("config", try Self.markdown(config))])
            callbacks.append(logger)
            tensorboard = logger
        } else {
            tensorboard = nil
        }
        trainer.callbacks = callbacks + observer.callbacks()
        self.randomSources = randomSources
    }

    let randomSources: [String: RandomSource]
    /// Data-parallel training (nil: one process).
    public let synchronizer: GradientSynchronizer?
    /// This process's rank and the number of ranks (0 and 1 without data parallelism).
    public var rank: Int { synchronizer?.rank ?? 0 }
    public var worldSize: Int { synchronizer?.worldSize ?? 1 }
    /// True on the rank that writes (always without data parallelism).
    public var isMain: Bool { rank == 0 }

    /// With a TensorBoard log: draws a sample (`draw` gets the model being trained, in training mode; it must
    /// not touch the run's random sources) at every evaluation and logs it as text under "samples". Without
    /// one, does nothing.
    public func logSamples(_ draw: @escaping (Model) throws -> String) {
        guard let tensorboard else { return }
        trainer.callbacks.append(TensorBoardSamples(logger: tensorboard) { try draw(model) })
    }

    /// A sample of the model being trained at every evaluation, in history.json (the report's samples) and, with
    /// a TensorBoard log, under "samples": `draw(step)` runs once per evaluation and both get its text. It sets
    /// the run's `recordAtEvaluation` body.
    public func recordSamples(_ draw: @escaping (_ step: Int) throws -> String) {
        var drawn: (step: Int, text: String)?
        let trainer = trainer
        let sampleNow = { () throws -> String in
            if let drawn, drawn.step == trainer.step { return drawn.text }
            let text = try draw(trainer.step)
            drawn = (trainer.step, text)
            return text
        }
        recordAtEvaluation { step in
            RunExtras(samples: [RunSample(step: step, source: RunSample.training, text: try sampleNow())])
        }
        logSamples { _ in try sampleNow() }
    }

    /// `config` as pretty JSON in a markdown code block (TensorBoard's text tab renders markdown).
    /// (The run history's encoder, so non-finite numbers read the same in both.)
    static func markdown(_ config: some Encodable) throws -> String {
        let encoder = RunHistory.encoder
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return "```json\n" + String(decoding: try encoder.encode(config), as: UTF8.self) + "\n```"
    }

    /// Continues the run saved in `directory/last.safetensors` (same config, same data): after this, `fit`
    /// goes on bit for bit as the uninterrupted run would have.
    public func resume() throws -> Int {
        let url = checkpoints.lastURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TaskError("cannot resume: \(url.path) does not exist")
        }
        let info = try describingErrors("resuming from \(url.path)") {
            try trainer.resume(from: url, randomSources: randomSources)
        }
        recorder.continueRun(at: info.step ?? 0)
        return info.step ?? 0
    }

    /// Adds `body`'s extras to the run history at each evaluation (`body` gets the step), before it is written.
    public func recordAtEvaluation(_ body: @escaping (Int) throws -> RunExtras) { recorder.atEvaluation = body }

    /// Trains a stateless model (see `Trainer.fit(budget:train:validate:loss:)`).
    public func fit<Batches: Sequence>(
        train: (Int) -> Batches, validate: ((Model) throws -> Trainer<Model>.Validation)?,
        loss: (Model, Batches.Element) throws -> Tensor<Float>
    ) throws -> TrainingOutcome {
        try fit(train: train, validate: validate) { (m, b, _: NoCarriedState<Float>?) in (try loss(m, b), NoCarriedState()) }
    }

    /// Trains a stateful model (see `Trainer.fit(budget:train:validate:stateful:)`).
    public func fit<Batches: Sequence, Carry: CarriedState<Float>>(
        train: (Int) -> Batches, validate: ((Model) throws -> Trainer<Model>.Validation)?,
        stateful step: (Model, Batches.Element, Carry?) throws -> (loss: Tensor<Float>, state: Carry)
    ) throws -> TrainingOutcome {
        try describingErrors("training") {
            try trainer.fit(budget: training.budget, train: train, validate: validate, stateful: step)
        }
        let last = trainer.history.evaluations.last
        let stoppedByTime = training.minutes.map { trainer.progress.seconds >= $0 * 60 } ?? false
        return TrainingOutcome(
            steps: trainer.step, epochs: trainer.epoch, seconds: trainer.progress.seconds, monitor: monitor.description,
            maximize: monitor.direction == .maximize,
            bestValue: checkpoints.best, bestStep: checkpoints.bestStep, lastValue: last.flatMap(monitor.value(of:)),
            stoppedEarly: earlyStopping?.stoppedStep != nil, stoppedByTime: stoppedByTime,
            implementation: implementation(), best: checkpoints.bestURL.path, last: checkpoints.lastURL.path,
            skippedSteps: trainer.history.skippedSteps)
    }

    /// What the recurrent layers ran in the last forward pass.
    let implementation: () -> String
}

/// Creates the output directory of a run, only after all inputs have been validated (so bad input never
/// leaves files behind). Refuses a path that exists as a file. A run that then fails removes the directory
/// again when it is still empty (``removingUnusedOutputDirectory(_:_:)``).
public func prepareOutputDirectory(_ path: String) throws -> URL {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw ConfigError("output", "\(path) is a file; give a directory") }
        return url
    }
    do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
        throw TaskError("cannot create the output directory \(path) (\(error.localizedDescription))")
    }
    return url
}

/// Runs `body` (a task's training into `path`); when it throws and `path` did not exist before but does now,
/// empty (training stopped before its first checkpoint: diverging at once, data that fails late), removes it,
/// so a failed run leaves nothing behind. A directory that existed, or holds anything, is kept.
public func removingUnusedOutputDirectory<T>(_ path: String, _ body: () throws -> T) throws -> T {
    let existed = FileManager.default.fileExists(atPath: path)
    do { return try body() } catch {
        if !existed, let contents = try? FileManager.default.contentsOfDirectory(atPath: path), contents.isEmpty {
            try? FileManager.default.removeItem(atPath: path)
        }
        throw error
    }
}

/// `path` as an absolute, standardized path: checkpoints record data paths this way, so `lstm evaluate`
/// works from any folder.
public func absolutePath(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

/// Logs a task's sample at every evaluation (`TaskTraining.logSamples`).
final class TensorBoardSamples: TrainingCallback {
    let logger: TensorBoardLogger
    let draw: () throws -> String

    init(logger: TensorBoardLogger, draw: @escaping () throws -> String) {
        self.logger = logger
        self.draw = draw
    }

    func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        try logger.text("samples", draw(), step: evaluation.step)
        return false
    }
}
