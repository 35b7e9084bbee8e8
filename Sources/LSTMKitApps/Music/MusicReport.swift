import LSTMKit

/// The frame-level NLL of a model on one split.
public struct MusicScore: Codable, Equatable, Sendable {
    /// Mean NLL per predicted frame in nats: the sum over the 88 keys of the binary cross-entropy.
    public var nll: Double
    /// Predicted frames counted (every frame but the first of each sequence).
    public var frames: Int
    public var sequences: Int

    public func line(_ title: String) -> String {
        "\(title): NLL \(fixed(nll, 3)) nats per frame (\(frames) predicted frames of \(sequences) sequences)"
    }
}

/// What `lstm train music` reports.
public struct MusicTrainingReport: TaskTrainingReport {
    public var task = MusicTask.name
    public var data: String
    public var summary: String
    public var parameterCount: Int
    public var training: TrainingOutcome
    /// The best checkpoint on the valid and test splits.
    public var valid: MusicScore
    public var test: MusicScore
    /// The last checkpoint on the test split.
    public var lastTest: MusicScore

    public var lines: [String] {
        var lines: [String] = []
        if let v = training.bestValue {
            lines.append("best validation NLL \(fixed(v, 3)) at step \(training.bestStep ?? 0) of \(training.steps)" +
                         (training.stoppedEarly ? " (stopped early)" : ""))
        }
        lines.append(valid.line("valid, best checkpoint"))
        lines.append(test.line("test, best checkpoint"))
        lines.append(lastTest.line("test, last checkpoint"))
        lines.append("training \(fixed(training.seconds, 1)) s; recurrent kernel: \(training.implementation); " +
                     "checkpoints: \(training.best), \(training.last)")
        return lines
    }
}

/// What `lstm evaluate` reports for a music checkpoint.
public struct MusicEvaluationReport: TaskReport {
    public var task = MusicTask.name
    public var checkpoint: String
    public var data: String
    public var valid: MusicScore
    public var test: MusicScore
    public var lines: [String] { [valid.line("valid (\(checkpoint))"), test.line("test")] }
}
