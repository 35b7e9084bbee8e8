/// Hooks into `Trainer.fit`: early stopping, checkpoints, reduce-on-plateau, progress output and logs are
/// callbacks. Every method has a default that does nothing; implement the ones you need.
public protocol TrainingCallback: AnyObject {
    /// Before the first step (also when resuming).
    func trainingWillBegin(_ trainer: TrainerState) throws
    /// After every optimizer step.
    func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws
    /// After every evaluation (validation included). Return `true` to stop training.
    func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool
    /// When training ends: the budget is used up, a callback stopped it, or (with `error`) it failed.
    func trainingDidEnd(_ trainer: TrainerState) throws
}

extension TrainingCallback {
    public func trainingWillBegin(_ trainer: TrainerState) throws {}
    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {}
    public func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        false
    }
    public func trainingDidEnd(_ trainer: TrainerState) throws {}
}

/// A callback whose decisions depend on what it has seen (the best value so far, a patience counter): its
/// state is saved in every checkpoint (`CheckpointCallback`) and restored by `Trainer.resume(from:)`, so a
/// resumed run decides exactly as the uninterrupted one would.
public protocol ResumableCallback: TrainingCallback {
    /// The name its state is stored under (unique among a trainer's callbacks).
    var resumeKey: String { get }
    /// Its state as named numbers (a missing key means "none yet").
    var resumeState: [String: Double] { get set }
}

/// What callbacks can see of a trainer (independent of its model type).
public protocol TrainerState: AnyObject {
    /// Optimizer steps completed so far.
    var step: Int { get }
    /// Epochs completed so far.
    var epoch: Int { get }
    /// Steps done in the current epoch.
    var stepInEpoch: Int { get }
    /// The budget `fit` was given.
    var budget: TrainingBudget { get }
    /// Where the run is in its budget.
    var progress: TrainingProgress { get }
    var history: TrainingHistory { get }
    /// The optimizer's current learning rate.
    var learningRate: Double { get }
    /// Multiplies the scheduled learning rate (reduce-on-plateau lowers it).
    var learningRateFactor: Double { get set }
    /// The callbacks whose state checkpoints carry.
    var resumableCallbacks: [any ResumableCallback] { get }
    /// The detached recurrent state carried into the next batch of a stateful run, as tensors grouped per
    /// state (nil at the start of an epoch and in stateless runs); checkpoints store it.
    var carriedTensors: [[AnyTensor]]? { get }
    /// Copies of every parameter's values, keyed by path (for restoring the best weights).
    func parameterSnapshot() -> [String: [Double]]
    /// Restores a snapshot made by `parameterSnapshot()`.
    func restore(_ snapshot: [String: [Double]])
    /// Copies of the gradients the last step left (after clipping), keyed by path; parameters without one
    /// are left out.
    func gradientSnapshot() -> [String: [Double]]
}

/// Why training stopped with an error.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss was NaN or infinite at `step` (the parameters were not updated).
    case nonFiniteLoss(step: Int, epoch: Int, value: Double)
    /// A gradient was NaN or infinite at `step` (the parameters were not updated).
    case nonFiniteGradient(step: Int, epoch: Int, parameter: String)
    /// `NonFinitePolicy.skip(maxConsecutive:)` skipped this many steps in a row.
    case tooManySkippedSteps(step: Int, count: Int)

    public var description: String {
        let remedies = "Usual remedies: lower the learning rate, clip gradients (clip norm, e.g. 1.0), " +
            "check the inputs for NaN or huge values, or normalize the targets. The last good checkpoint was not overwritten."
        switch self {
        case let .nonFiniteLoss(step, epoch, value):
            return "training stopped: the loss is \(value) at step \(step + 1) (epoch \(epoch + 1)). " + remedies
        case let .nonFiniteGradient(step, epoch, parameter):
            return "training stopped: the gradient of '\(parameter)' is not finite at step \(step + 1) " +
                "(epoch \(epoch + 1)). " + remedies
        case let .tooManySkippedSteps(step, count):
            return "training stopped: \(count) steps in a row up to step \(step + 1) had a non-finite loss or " +
                "gradient and were skipped. " + remedies
        }
    }
}

/// What `Trainer` does with a step whose loss or gradient is NaN or infinite. Either way the parameters
/// are not updated by that step, so no callback ever saves a broken state.
public enum NonFinitePolicy: Codable, Sendable, Equatable {
    /// Stop training with a `TrainingError` naming the step (and the parameter, for a gradient).
    case stop
    /// Skip the update and go on (counted in `TrainingHistory.skippedSteps`); stop with
    /// `TrainingError.tooManySkippedSteps` after `maxConsecutive` skipped steps in a row.
    case skip(maxConsecutive: Int)
}
