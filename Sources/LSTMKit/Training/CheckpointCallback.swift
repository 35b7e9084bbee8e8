import Foundation

/// Saves checkpoints during training: `last.safetensors` at every evaluation (and every `everySteps` steps
/// when given), and `best.safetensors` whenever the monitored value (`monitor`: the validation loss by
/// default, or a metric such as accuracy) reaches a new best. Each file holds the model, the optimizer state,
/// the step and epoch, the given random sources, config, attachments and user metadata (an application's
/// task name), and the trainer's own state (history, counters, learning-rate factor, the carried state of a
/// stateful run, every `ResumableCallback`'s state), so `Trainer.resume(from:)` continues exactly where it
/// stopped.
///
/// Put it after every other `ResumableCallback` in `Trainer.callbacks`: a checkpoint stores their state as it is
/// when its `evaluationDidEnd` runs, so callbacks after it would be saved one evaluation behind (a resumed run
/// would then, for example, count one bad evaluation fewer for reduce-on-plateau and drift).
///
/// Files are written durably and atomically with ``DurableFile`` (a crash never leaves a half-written
/// checkpoint; temporary files a killed run left behind are removed when training begins), and a non-finite
/// loss stops training before a step is saved, so a good checkpoint is never overwritten by a broken one.
public final class CheckpointCallback<Model: Module>: ResumableCallback {
    public let directory: URL
    public let everySteps: Int?
    public let model: Model
    public let optimizer: any Optimizer<Model.Scalar>
    public let monitor: TrainingMonitor
    public let config: (any Encodable)?
    public let randomSources: [String: RandomSource]
    public let attachments: [String: any Encodable]
    public let userMetadata: [String: String]
    /// The best monitored value so far.
    public private(set) var best: Double?
    /// The step of the best checkpoint.
    public private(set) var bestStep: Int?

    public var lastURL: URL { directory.appendingPathComponent("last.safetensors") }
    public var bestURL: URL { directory.appendingPathComponent("best.safetensors") }

    public init(directory: URL, model: Model, optimizer: any Optimizer<Model.Scalar>, everySteps: Int? = nil,
                monitor: TrainingMonitor = .validationLoss, config: (any Encodable)? = nil,
                randomSources: [String: RandomSource] = [:], attachments: [String: any Encodable] = [:],
                userMetadata: [String: String] = [:]) {
        if let everySteps, everySteps < 1 { failure("CheckpointCallback: everySteps must be at least 1, got \(everySteps)") }
        self.directory = directory
        self.everySteps = everySteps
        self.model = model
        self.optimizer = optimizer
        self.monitor = monitor
        self.config = config
        self.randomSources = randomSources
        self.attachments = attachments
        self.userMetadata = userMetadata
        created = Date()
    }

    /// When this callback was made: temporary files older than this are stale.
    let created: Date

    public func trainingWillBegin(_ trainer: TrainerState) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Temporary files of an earlier run that was killed while writing (`.<name>.tmp-<pid>-<random>`), older
        // than this callback (a write in progress of another process is newer).
        SafeTensors.removeStaleTemporaryFiles(in: directory, olderThan: created)
    }

    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {
        if let everySteps, step.step % everySteps == 0 { try save(trainer, to: lastURL) }
    }

    public func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        // `best` first, so that `last` (written second) carries the updated best in its callback state.
        let value = monitor.value(of: evaluation) ?? (monitor.quantity == .validationLoss ? evaluation.trainLoss : nil)
        if let value, monitor.improves(value, on: best) {
            best = value
            bestStep = evaluation.step
            try save(trainer, to: bestURL)
        }
        try save(trainer, to: lastURL)
        return false
    }

    public var resumeKey: String { "checkpoint" }
    public var resumeState: [String: Double] {
        get {
            var state: [String: Double] = [:]
            state["best"] = best
            state["bestStep"] = bestStep.map(Double.init)
            return state
        }
        set {
            best = newValue["best"]
            bestStep = newValue["bestStep"].map { Int($0) }
        }
    }

    /// Writes a checkpoint of the current state to `url`.
    public func save(_ trainer: TrainerState, to url: URL) throws {
        var all = attachments
        all[TrainerCheckpointState.attachmentName] = TrainerCheckpointState(trainer)
        var stateTensors: [String: AnyTensor] = [:]
        for (k, group) in (trainer.carriedTensors ?? []).enumerated() {
            for (j, tensor) in group.enumerated() { stateTensors["carry.\(k).\(j)"] = tensor }
        }
        try Checkpoint.save(model, to: url, optimizer: optimizer, config: config, step: trainer.step,
                            epoch: trainer.epoch, randomSources: randomSources, attachments: all,
                            userMetadata: userMetadata, stateTensors: stateTensors)
    }
}

/// What a checkpoint stores of the trainer itself (attachment `trainer`).
public struct TrainerCheckpointState: Codable, Sendable, Equatable {
    static let attachmentName = "trainer"
    public var step: Int
    public var epoch: Int
    public var stepInEpoch: Int
    public var seconds: Double
    public var learningRateFactor: Double
    public var history: TrainingHistory
    /// `ResumableCallback.resumeState` by `resumeKey`.
    public var callbacks: [String: [String: Double]]

    init(_ trainer: TrainerState) {
        step = trainer.step
        epoch = trainer.epoch
        stepInEpoch = trainer.stepInEpoch
        seconds = trainer.progress.seconds
        learningRateFactor = trainer.learningRateFactor
        history = trainer.history
        callbacks = Dictionary(trainer.resumableCallbacks.map { ($0.resumeKey, $0.resumeState) },
                               uniquingKeysWith: { first, _ in first })
    }
}

extension Trainer {
    /// Loads a checkpoint written by `CheckpointCallback` into this trainer's model and optimizer (and the
    /// given random sources) and restores the counters, the history, the carried state and the state of
    /// every `ResumableCallback` with the same `resumeKey`, so `fit` continues exactly where the saved run
    /// was: same remaining batches, same random draws, same numbers. Give `fit` the same budget and batches.
    @discardableResult
    public func resume(from url: URL, randomSources: [String: RandomSource] = [:],
                       options: Checkpoint.LoadOptions = .init()) throws -> CheckpointInfo {
        let info = try Checkpoint.load(into: model, from: url, optimizer: optimizer, randomSources: randomSources,
                                       options: options)
        // A checkpoint without trainer state (saved by `Checkpoint.save` directly) resumes at its step.
        guard info.attachmentJSON[TrainerCheckpointState.attachmentName] != nil else {
            resume(step: info.step ?? 0, epoch: info.epoch ?? 0, history: TrainingHistory())
            return info
        }
        let state = try info.attachment(TrainerCheckpointState.attachmentName, as: TrainerCheckpointState.self)
        resume(step: state.step, epoch: state.epoch, stepInEpoch: state.stepInEpoch, history: state.history)
        secondsBefore = state.seconds
        learningRateFactor = state.learningRateFactor
        for callback in resumableCallbacks {
            if let saved = state.callbacks[callback.resumeKey] { callback.resumeState = saved }
        }
        let tensors = try Checkpoint.readStateTensors(from: url)
        var groups: [[AnyTensor]] = []
        var k = 0
        while tensors["carry.\(k).0"] != nil {
            var group: [AnyTensor] = []
            while let t = tensors["carry.\(k).\(group.count)"] { group.append(t) }
            groups.append(group)
            k += 1
        }
        resumedCarry = groups.isEmpty ? nil : groups
        return info
    }
}
