/// Stops training when the monitored value has not improved for `patience` evaluations.
///
/// An evaluation improves when `value < best - minimumDelta` (or `>` for `.maximize`). Its counters are
/// saved in checkpoints (`ResumableCallback`), so a resumed run stops where the uninterrupted one would.
/// With `restoreBestWeights`, the parameters of the best evaluation are put back when training ends (kept in
/// memory only: after a resume, only evaluations since the resume count; load `best.safetensors` instead
/// when resuming matters).
public final class EarlyStopping: ResumableCallback {
    public let monitor: TrainingMonitor
    public let patience: Int
    public let minimumDelta: Double
    public let restoreBestWeights: Bool
    /// The best value seen and the step of its evaluation.
    public private(set) var best: Double?
    public private(set) var bestStep: Int?
    /// Evaluations since the last improvement.
    public private(set) var evaluationsWithoutImprovement = 0
    /// The step after which training was stopped (nil if it ran to the end).
    public private(set) var stoppedStep: Int?
    private var bestWeights: [String: [Double]]?

    public init(monitor: TrainingMonitor = .validationLoss, patience: Int = 5, minimumDelta: Double = 0,
                restoreBestWeights: Bool = false) {
        if patience < 1 { failure("EarlyStopping: patience must be at least 1, got \(patience)") }
        if !(minimumDelta >= 0) { failure("EarlyStopping: minimumDelta must be >= 0, got \(minimumDelta)") }
        self.monitor = monitor
        self.patience = patience
        self.minimumDelta = minimumDelta
        self.restoreBestWeights = restoreBestWeights
    }

    public func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        guard let value = monitor.value(of: evaluation) else {
            failure("EarlyStopping: the evaluation at step \(evaluation.step) has no \(monitor) (is validation data given?)")
        }
        if monitor.improves(value, on: best, minimumDelta: minimumDelta) {
            best = value
            bestStep = evaluation.step
            evaluationsWithoutImprovement = 0
            if restoreBestWeights { bestWeights = trainer.parameterSnapshot() }
            return false
        }
        evaluationsWithoutImprovement += 1
        if evaluationsWithoutImprovement >= patience {
            stoppedStep = evaluation.step
            return true
        }
        return false
    }

    public func trainingDidEnd(_ trainer: TrainerState) throws {
        if restoreBestWeights, let bestWeights { trainer.restore(bestWeights) }
    }

    public var resumeKey: String { "earlyStopping" }
    public var resumeState: [String: Double] {
        get {
            var state: [String: Double] = ["without": Double(evaluationsWithoutImprovement)]
            state["best"] = best
            state["bestStep"] = bestStep.map(Double.init)
            return state
        }
        set {
            best = newValue["best"]
            bestStep = newValue["bestStep"].map { Int($0) }
            evaluationsWithoutImprovement = Int(newValue["without"] ?? 0)
        }
    }
}

/// Lowers the learning rate when the monitored value stops improving (PyTorch's `ReduceLROnPlateau`, one
/// scheduler step per evaluation): the trainer's `learningRateFactor` is multiplied by `plateau.factor`
/// after `plateau.patience` bad evaluations in a row, on top of the learning-rate schedule
/// (`plateau.minimumRate` then bounds the factor, not the rate).
public final class ReduceLROnPlateauCallback: ResumableCallback {
    public let plateau: ReduceLROnPlateau
    public let monitor: TrainingMonitor

    public init(_ plateau: ReduceLROnPlateau, monitor: TrainingMonitor = .validationLoss) {
        if (plateau.mode == .min) != (monitor.direction == .minimize) {
            failure("ReduceLROnPlateauCallback: the plateau mode and the monitor's direction disagree")
        }
        self.plateau = plateau
        self.monitor = monitor
    }

    public func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        let value = monitor.value(of: evaluation) ?? evaluation.trainLoss
        let factor = plateau.step(metric: value, learningRate: trainer.learningRateFactor)
        trainer.learningRateFactor = factor
        return false
    }

    public var resumeKey: String { "reduceLROnPlateau" }
    public var resumeState: [String: Double] {
        get {
            ["best": plateau.best, "bad": Double(plateau.numBadEpochs), "cooldown": Double(plateau.cooldownCounter),
             "last": Double(plateau.lastEpoch)]
        }
        set {
            plateau.best = newValue["best"] ?? plateau.best
            plateau.numBadEpochs = Int(newValue["bad"] ?? 0)
            plateau.cooldownCounter = Int(newValue["cooldown"] ?? 0)
            plateau.lastEpoch = Int(newValue["last"] ?? 0)
        }
    }
}
