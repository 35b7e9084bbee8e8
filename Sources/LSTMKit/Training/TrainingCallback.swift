/// Hooks into `Trainer.fit`: early stopping, checkpoints, progress output and logs are callbacks.
/// Every method has a default that does nothing; implement the ones you need.
public protocol TrainingCallback: AnyObject {
    /// Before the first step (also when resuming).
    func trainingWillBegin(_ trainer: TrainerState) throws
    /// After every optimizer step.
    func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws
    /// After every epoch (validation included). Return `true` to stop training after this epoch.
    func epochDidEnd(_ trainer: TrainerState, _ epoch: TrainingHistory.Epoch) throws -> Bool
    /// After the last epoch, or after a callback stopped training.
    func trainingDidEnd(_ trainer: TrainerState) throws
}

extension TrainingCallback {
    public func trainingWillBegin(_ trainer: TrainerState) throws {}
    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {}
    public func epochDidEnd(_ trainer: TrainerState, _ epoch: TrainingHistory.Epoch) throws -> Bool { false }
    public func trainingDidEnd(_ trainer: TrainerState) throws {}
}

/// What callbacks can see of a trainer (independent of its model type).
public protocol TrainerState: AnyObject {
    /// Optimizer steps completed so far.
    var step: Int { get }
    /// Epochs completed so far.
    var epoch: Int { get }
    /// The number of epochs `fit` was asked for.
    var totalEpochs: Int { get }
    /// Steps per epoch, when known (for progress and ETA).
    var stepsPerEpoch: Int? { get }
    var history: TrainingHistory { get }
    /// Copies of every parameter's values, keyed by path (for restoring the best weights).
    func parameterSnapshot() -> [String: [Double]]
    /// Restores a snapshot made by `parameterSnapshot()`.
    func restore(_ snapshot: [String: [Double]])
}

/// Why training stopped early with an error.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss was NaN or infinite at `step` (the parameters were not updated).
    case nonFiniteLoss(step: Int, epoch: Int, value: Double)
    /// A gradient was NaN or infinite at `step` (the parameters were not updated).
    case nonFiniteGradient(step: Int, epoch: Int, parameter: String)

    public var description: String {
        let remedies = "Usual remedies: lower the learning rate, clip gradients (clipNorm, e.g. 1.0), " +
            "check the inputs for NaN or huge values, or normalize the targets. The last good checkpoint was not overwritten."
        switch self {
        case let .nonFiniteLoss(step, epoch, value):
            return "training stopped: the loss is \(value) at step \(step) (epoch \(epoch + 1)). " + remedies
        case let .nonFiniteGradient(step, epoch, parameter):
            return "training stopped: the gradient of '\(parameter)' is not finite at step \(step) (epoch \(epoch + 1)). " + remedies
        }
    }
}
