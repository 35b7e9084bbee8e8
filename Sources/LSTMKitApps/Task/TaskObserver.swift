import Foundation
import LSTMKit

/// Where a task reports while it works: human-readable lines (the data, the model, warnings) and the
/// training callbacks that show progress. The CLI prints the lines (on stderr with `--json`) and adds a
/// `ProgressBar`; a Swift caller can collect them, or use `.silent`.
public struct TaskObserver {
    /// One line of information ("data: 1,115,394 characters ...").
    public var say: (String) -> Void
    /// One line of warning ("the validation part has only 4 examples ...").
    public var warn: (String) -> Void
    /// Extra callbacks for every training run (progress display, a test's interruption).
    public var callbacks: () -> [any TrainingCallback]
    /// Data-parallel training (`lstm train --distributed`; nil: one process): the task shards its batches by
    /// its rank, `TaskTraining` gives it to the trainer, and only rank 0 writes checkpoints, logs and reports.
    public var synchronizer: GradientSynchronizer?

    public init(say: @escaping (String) -> Void, warn: @escaping (String) -> Void,
                callbacks: @escaping () -> [any TrainingCallback] = { [] }) {
        self.say = say
        self.warn = warn
        self.callbacks = callbacks
    }

    /// Says nothing, shows no progress.
    public static var silent: TaskObserver { TaskObserver(say: { _ in }, warn: { _ in }) }
}
