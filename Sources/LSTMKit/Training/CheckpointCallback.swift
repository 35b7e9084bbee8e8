import Foundation

/// Saves checkpoints during training: `last.safetensors` every `everySteps` steps and at the end of every
/// epoch, and `best.safetensors` whenever the validation loss (or the training loss without validation)
/// reaches a new minimum. Each file holds the model, the optimizer state, the step and epoch, the training
/// history, the given random sources and config, so `Trainer.resume(from:)` continues exactly where it
/// stopped. Files are written atomically (a crash never leaves a half-written checkpoint), and a
/// non-finite loss stops training before a step is saved, so a good checkpoint is never overwritten by a
/// broken one.
public final class CheckpointCallback<Model: Module>: TrainingCallback {
    public let directory: URL
    public let everySteps: Int?
    public let model: Model
    public let optimizer: any Optimizer<Model.Scalar>
    public let config: (any Encodable)?
    public let randomSources: [String: RandomSource]
    public let attachments: [String: any Encodable]
    /// The best monitored loss so far.
    public private(set) var bestLoss: Double?

    public var lastURL: URL { directory.appendingPathComponent("last.safetensors") }
    public var bestURL: URL { directory.appendingPathComponent("best.safetensors") }

    public init(directory: URL, model: Model, optimizer: any Optimizer<Model.Scalar>, everySteps: Int? = nil,
                config: (any Encodable)? = nil, randomSources: [String: RandomSource] = [:],
                attachments: [String: any Encodable] = [:]) {
        if let everySteps, everySteps < 1 { failure("CheckpointCallback: everySteps must be at least 1, got \(everySteps)") }
        self.directory = directory
        self.everySteps = everySteps
        self.model = model
        self.optimizer = optimizer
        self.config = config
        self.randomSources = randomSources
        self.attachments = attachments
    }

    public func trainingWillBegin(_ trainer: TrainerState) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {
        if let everySteps, step.step % everySteps == 0 { try save(trainer, to: lastURL) }
    }

    public func epochDidEnd(_ trainer: TrainerState, _ epoch: TrainingHistory.Epoch) throws -> Bool {
        try save(trainer, to: lastURL)
        let monitored = epoch.validationLoss ?? epoch.trainLoss
        if monitored.isFinite && monitored < (bestLoss ?? .infinity) {
            bestLoss = monitored
            try save(trainer, to: bestURL)
        }
        return false
    }

    /// Writes a checkpoint of the current state to `url`.
    public func save(_ trainer: TrainerState, to url: URL) throws {
        var all = attachments
        all["history"] = trainer.history
        try Checkpoint.save(model, to: url, optimizer: optimizer, config: config, step: trainer.step,
                            epoch: trainer.epoch, randomSources: randomSources, attachments: all)
    }
}

extension Trainer {
    /// Loads a checkpoint written by `CheckpointCallback` into this trainer's model and optimizer (and the
    /// given random sources) and sets the step, epoch and history, so `fit` continues exactly where the
    /// saved run was: same remaining batches, same random draws, same numbers.
    @discardableResult
    public func resume(from url: URL, randomSources: [String: RandomSource] = [:],
                       options: Checkpoint.LoadOptions = .init()) throws -> CheckpointInfo {
        let info = try Checkpoint.load(into: model, from: url, optimizer: optimizer, randomSources: randomSources,
                                       options: options)
        // A checkpoint without a history (e.g. saved by `Checkpoint.save` directly) resumes with an empty one;
        // a history that is present but does not decode is an error.
        let history = info.attachmentJSON["history"] == nil
            ? TrainingHistory() : try info.attachment("history", as: TrainingHistory.self)
        resume(step: info.step ?? 0, epoch: info.epoch ?? 0, history: history)
        return info
    }
}
