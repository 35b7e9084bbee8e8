/// The quantity a callback watches at every evaluation: which number, and whether lower or higher is
/// better. Early stopping, the best checkpoint and reduce-on-plateau share it, so "best" means the same
/// thing everywhere in a run.
///
///     TrainingMonitor.validationLoss                      // the default: lower is better
///     TrainingMonitor(.metric("accuracy"), .maximize)
public struct TrainingMonitor: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Quantity: Codable, Sendable, Equatable {
        case validationLoss
        case trainLoss
        /// A validation metric by name (see `Trainer.fit(validate:)`).
        case metric(String)
    }
    public enum Direction: String, Codable, Sendable, Equatable { case minimize, maximize }

    public var quantity: Quantity
    public var direction: Direction

    public init(_ quantity: Quantity, _ direction: Direction = .minimize) {
        self.quantity = quantity
        self.direction = direction
    }

    public static let validationLoss = TrainingMonitor(.validationLoss)
    public static let trainLoss = TrainingMonitor(.trainLoss)

    /// The watched value of an evaluation; nil when the evaluation does not have it.
    public func value(of evaluation: TrainingHistory.Evaluation) -> Double? {
        switch quantity {
        case .validationLoss: return evaluation.validationLoss
        case .trainLoss: return evaluation.trainLoss
        case .metric(let name): return evaluation.metrics[name]
        }
    }

    /// True when `value` is finite and better than `best` by more than `minimumDelta` (any finite value
    /// beats nil).
    public func improves(_ value: Double, on best: Double?, minimumDelta: Double = 0) -> Bool {
        guard value.isFinite else { return false }
        guard let best else { return true }
        return direction == .minimize ? value < best - minimumDelta : value > best + minimumDelta
    }

    public var description: String {
        switch quantity {
        case .validationLoss: return "validation loss"
        case .trainLoss: return "training loss"
        case .metric(let name): return "validation \(name)"
        }
    }
}
