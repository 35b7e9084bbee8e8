import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
enum TextgenTask: EvaluableTask {
    static let name = "textgen"
    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        throw CLIError("evaluating textgen checkpoints is not built yet")
    }
}
