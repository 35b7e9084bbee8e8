import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
enum ClassifyTask: EvaluableTask {
    static let name = "classify"
    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        throw CLIError("evaluating classify checkpoints is not built yet")
    }
}
