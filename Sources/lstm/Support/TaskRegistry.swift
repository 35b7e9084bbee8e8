import Foundation
import LSTMKit
import LSTMKitApps

/// A task `lstm train` can train and `lstm evaluate` can evaluate from its checkpoint.
protocol EvaluableTask: Sendable {
    /// The name stored in the checkpoint (`task` metadata) and used as `lstm train <name>`.
    static var name: String { get }
    /// Evaluates the checkpoint on the task's held-out data and prints the report (or emits JSON).
    /// - Parameter data: `--data` given to `lstm evaluate` (nil: the data path stored in the checkpoint).
    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws
}

enum TaskRegistry {
    static let all: [any EvaluableTask.Type] = [TextgenTask.self, SentimentTask.self, ForecastTask.self,
                                                ClassifyTask.self]

    static func task(named name: String) -> (any EvaluableTask.Type)? { all.first { $0.name == name } }
}
