import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
enum ForecastTask: EvaluableTask {
    static let name = "forecast"
    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        throw CLIError("evaluating forecast checkpoints is not built yet")
    }
}
