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

    public init(say: @escaping (String) -> Void, warn: @escaping (String) -> Void,
                callbacks: @escaping () -> [any TrainingCallback] = { [] }) {
        self.say = say
        self.warn = warn
        self.callbacks = callbacks
    }

    /// Says nothing, shows no progress.
    public static var silent: TaskObserver { TaskObserver(say: { _ in }, warn: { _ in }) }
}
