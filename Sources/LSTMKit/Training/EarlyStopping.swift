/// Stops training when the monitored quantity has not improved for `patience` epochs.
///
/// An epoch improves when `value < best - minimumDelta` (or `>` for `.maximize`). With
/// `restoreBestWeights`, the parameters of the best epoch are put back when training ends.
public final class EarlyStopping: TrainingCallback {
    public enum Monitor: Sendable, Equatable {
        case validationLoss
        case trainLoss
        /// A validation metric by name, e.g. "accuracy" (see `Trainer.validationMetrics`).
        case metric(String)
    }
    public enum Direction: Sendable { case minimize, maximize }

    public let monitor: Monitor
    public let direction: Direction
    public let patience: Int
    public let minimumDelta: Double
    public let restoreBestWeights: Bool
    /// The best value seen and its epoch (0-based).
    public private(set) var best: Double?
    public private(set) var bestEpoch: Int?
    /// Epochs since the last improvement.
    public private(set) var epochsWithoutImprovement = 0
    /// The epoch after which training was stopped (nil if it ran to the end).
    public private(set) var stoppedEpoch: Int?
    private var bestWeights: [String: [Double]]?

    public init(monitor: Monitor = .validationLoss, direction: Direction = .minimize, patience: Int = 5,
                minimumDelta: Double = 0, restoreBestWeights: Bool = true) {
        if patience < 1 { failure("EarlyStopping: patience must be at least 1, got \(patience)") }
        if !(minimumDelta >= 0) { failure("EarlyStopping: minimumDelta must be >= 0, got \(minimumDelta)") }
        self.monitor = monitor
        self.direction = direction
        self.patience = patience
        self.minimumDelta = minimumDelta
        self.restoreBestWeights = restoreBestWeights
    }

    func value(of epoch: TrainingHistory.Epoch) -> Double? {
        switch monitor {
        case .validationLoss: return epoch.validationLoss
        case .trainLoss: return epoch.trainLoss
        case .metric(let name): return epoch.metrics[name]
        }
    }

    public func epochDidEnd(_ trainer: TrainerState, _ epoch: TrainingHistory.Epoch) throws -> Bool {
        guard let v = value(of: epoch) else {
            failure("EarlyStopping: epoch \(epoch.epoch) has no value for \(monitor) (is validation data given?)")
        }
        let improved: Bool
        if let best {
            improved = direction == .minimize ? v < best - minimumDelta : v > best + minimumDelta
        } else {
            improved = v.isFinite
        }
        if improved {
            best = v
            bestEpoch = epoch.epoch
            epochsWithoutImprovement = 0
            if restoreBestWeights { bestWeights = trainer.parameterSnapshot() }
            return false
        }
        epochsWithoutImprovement += 1
        if epochsWithoutImprovement >= patience {
            stoppedEpoch = epoch.epoch
            return true
        }
        return false
    }

    public func trainingDidEnd(_ trainer: TrainerState) throws {
        if restoreBestWeights, let bestWeights { trainer.restore(bestWeights) }
    }
}
