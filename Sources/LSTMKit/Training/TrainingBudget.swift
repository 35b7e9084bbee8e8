/// How long `Trainer.fit` trains and how often it evaluates.
///
/// Training stops at the first limit reached: `epochs` complete passes, `steps` optimizer steps, or
/// `seconds` of training time (counted across resumes). At least one of `epochs` and `steps` must be given,
/// so that every run has a planned length the learning-rate schedule can follow; with `seconds` too, the
/// schedule follows whichever budget is closer to its end (see `TrainingProgress.fraction`), so a run cut
/// by the clock still finishes its schedule instead of stopping mid-decay.
///
///     TrainingBudget(epochs: 20)                                  // evaluate after every epoch
///     TrainingBudget(steps: 2000, evaluateEvery: 200)             // char-rnn style: by steps
///     TrainingBudget(steps: 2000, seconds: 600, evaluateEvery: 200)
public struct TrainingBudget: Codable, Sendable, Equatable {
    /// Complete passes over the training batches.
    public var epochs: Int?
    /// Optimizer steps.
    public var steps: Int?
    /// Training time in seconds (wall clock; validation and checkpoints included).
    public var seconds: Double?
    /// Evaluate (validation, `evaluationDidEnd` callbacks, checkpoints) every this many steps; nil: after
    /// every epoch.
    public var evaluateEvery: Int?

    public init(epochs: Int? = nil, steps: Int? = nil, seconds: Double? = nil, evaluateEvery: Int? = nil) {
        self.epochs = epochs
        self.steps = steps
        self.seconds = seconds
        self.evaluateEvery = evaluateEvery
    }

    /// The problem with this budget, or nil when it is valid.
    public var problem: String? {
        if epochs == nil && steps == nil { return "give epochs or steps (a run needs a planned length)" }
        if let epochs, epochs < 1 { return "epochs must be at least 1, got \(epochs)" }
        if let steps, steps < 1 { return "steps must be at least 1, got \(steps)" }
        if let seconds, !(seconds > 0 && seconds.isFinite) { return "seconds must be positive, got \(seconds)" }
        if let evaluateEvery, evaluateEvery < 1 { return "evaluateEvery must be at least 1, got \(evaluateEvery)" }
        return nil
    }
}

/// Where a run is, for learning-rate schedules and progress displays.
public struct TrainingProgress: Sendable, Equatable {
    /// Optimizer steps done.
    public var step: Int
    /// Complete epochs done.
    public var epoch: Int
    /// Steps done in the current epoch.
    public var stepInEpoch: Int
    /// Steps per epoch, once known (after the first epoch, or from the batch sequence's count).
    public var stepsPerEpoch: Int?
    /// Training seconds so far (across resumes).
    public var seconds: Double
    /// How far the run is through its budget, in [0, 1]: the largest of step / steps,
    /// (epoch + stepInEpoch / stepsPerEpoch) / epochs and seconds / budget seconds, over the limits given.
    public var fraction: Double

    /// The planned number of steps when it is known (the step budget, or epochs times steps per epoch,
    /// whichever is smaller).
    public var plannedSteps: Int?
}
