import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
enum SentimentTask: EvaluableTask {
    static let name = "sentiment"
    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        throw CLIError("evaluating sentiment checkpoints is not built yet")
    }
}
