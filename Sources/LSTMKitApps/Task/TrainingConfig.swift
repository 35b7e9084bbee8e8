import Foundation
import LSTMKit

/// The optimizers a task can train with (PyTorch's `torch.optim` names and formulas).
public enum OptimizerKind: String, Codable, CaseIterable, Sendable {
    case sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad
}

/// How the learning rate moves over the run's budget (`TrainingProgress.fraction`, so a run stopped by its
/// time budget still ends its schedule), after `warmupSteps` of linear warm-up from a third of the rate.
public enum ScheduleKind: String, Codable, CaseIterable, Sendable {
    /// The same rate throughout.
    case constant
    /// Cosine decay to `decayTo` times the rate at the end of the budget (PyTorch `CosineAnnealingLR`).
    case cosine
    /// Linear decay to `decayTo` times the rate (PyTorch `LinearLR`).
    case linear
    /// Multiplied by `decayTo` at half and again at three quarters of the budget (PyTorch `MultiStepLR`).
    case step
    /// Exponential decay reaching `decayTo` times the rate at the end (PyTorch `ExponentialLR`).
    case exponential
    /// Halved after `plateauPatience` evaluations without a better monitored value (PyTorch `ReduceLROnPlateau`).
    case plateau
}

/// Which recurrent kernel the task's layers ask for (see `RecurrentImplementation`).
public enum KernelChoice: String, Codable, CaseIterable, Sendable {
    /// The fastest available: native kernels where they apply, else the Swift fused kernel, else the reference.
    case native
    /// LSTMKit's Swift fused kernel (explicit BPTT), else the reference.
    case fused
    /// The readable reference cells, one differentiable op at a time.
    case reference

    /// The layer setting this choice stands for.
    public var implementation: RecurrentImplementation {
        switch self {
        case .native: return .native
        case .fused: return .fused
        case .reference: return .reference
        }
    }
}

/// The training settings every task shares: optimizer, learning rate and schedule, regularization of the
/// update, clipping, budget, batch size, early stopping, seed, kernel and metrics log. Each field has one
/// name everywhere: in the config JSON, in checkpoints and (kebab-cased) as a CLI option (`clipNorm` is
/// `--clip-norm`).
public struct TrainingConfig: Codable, Equatable, Sendable {
    public var optimizer: OptimizerKind = .adam
    public var learningRate: Double
    /// Momentum for `momentum` and `nesterov` SGD and for RMSProp.
    public var momentum: Double = 0.9
    /// The optimizer's L2 weight decay (decoupled for AdamW).
    public var weightDecay: Double = 0
    /// L1 and L2 penalties added to the loss (`l1 * sum |p| + l2 * sum p^2`).
    public var l1: Double = 0
    public var l2: Double = 0
    /// Clip the global gradient norm to this value (nil: no clipping).
    public var clipNorm: Double?
    /// Clamp every gradient element to [-clipValue, clipValue] (nil: none).
    public var clipValue: Double?
    public var schedule: ScheduleKind = .constant
    /// Linear warm-up steps at the start (0: none).
    public var warmupSteps: Int = 0
    /// The fraction of the learning rate that `cosine`, `linear`, `step` and `exponential` decay to.
    public var decayTo: Double = 0.1
    /// `plateau`: evaluations without improvement before the rate is halved.
    public var plateauPatience: Int = 2
    /// Complete passes over the training data (nil: the step budget decides).
    public var epochs: Int?
    /// Optimizer steps (nil: the epoch budget decides).
    public var steps: Int?
    /// Wall-clock budget in minutes; the schedule follows it (nil: none).
    public var minutes: Double?
    /// Evaluate (validation, checkpoints) every this many steps (nil: after every epoch).
    public var evalEvery: Int?
    public var batchSize: Int
    /// Stop after this many evaluations without a better monitored value (nil: no early stopping).
    public var patience: Int?
    /// Seeds every random stream of the run (weights, dropout, shuffling, sampling).
    public var seed: UInt64 = 0
    public var kernel: KernelChoice = .native
    /// A CSV (`.csv`) or JSON-lines (`.jsonl`) file for the per-step and per-evaluation log.
    public var log: String?
    /// A directory for TensorBoard event files (scalars, histograms, text; `TensorBoardLogger`).
    public var tensorboard: String?

    public init(learningRate: Double, batchSize: Int, epochs: Int? = nil, steps: Int? = nil) {
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.epochs = epochs
        self.steps = steps
    }

    /// The largest batch, epoch count and step count accepted (larger ones are mistakes that would only
    /// fail later with an allocation or a run of years).
    public static let maximumBatchSize = 1 << 16
    public static let maximumSteps = 100_000_000

    /// Throws a `ConfigError` naming the first invalid field.
    public func validate() throws {
        try Check.positive(learningRate, "learningRate")
        try Check.nonNegative(momentum, "momentum")
        if momentum >= 1 { throw ConfigError("momentum", "must be below 1, got \(momentum)") }
        if optimizer == .nesterov && momentum == 0 { throw ConfigError("momentum", "nesterov needs momentum > 0") }
        try Check.nonNegative(weightDecay, "weightDecay")
        try Check.nonNegative(l1, "l1")
        try Check.nonNegative(l2, "l2")
        try Check.positive(clipNorm, "clipNorm")
        try Check.positive(clipValue, "clipValue")
        try Check.atLeast(warmupSteps, 0, "warmupSteps")
        try Check.atMost(warmupSteps, Self.maximumSteps, "warmupSteps")
        try Check.fraction(decayTo, "decayTo")
        try Check.atLeast(plateauPatience, 1, "plateauPatience")
        try Check.atLeast(epochs, 1, "epochs")
        try Check.atLeast(steps, 1, "steps")
        if let epochs { try Check.atMost(epochs, Self.maximumSteps, "epochs") }
        if let steps { try Check.atMost(steps, Self.maximumSteps, "steps") }
        if epochs == nil && steps == nil { throw ConfigError("steps", "or epochs must be given") }
        try Check.positive(minutes, "minutes")
        try Check.atLeast(evalEvery, 1, "evalEvery")
        if let evalEvery { try Check.atMost(evalEvery, Self.maximumSteps, "evalEvery") }
        try Check.atLeast(batchSize, 1, "batchSize")
        try Check.atMost(batchSize, Self.maximumBatchSize, "batchSize")
        try Check.atLeast(patience, 1, "patience")
        if let patience { try Check.atMost(patience, Self.maximumSteps, "patience") }
        try Check.atMost(plateauPatience, Self.maximumSteps, "plateauPatience")
        if let log {
            let ext = URL(fileURLWithPath: log).pathExtension.lowercased()
            if ext != "csv" && ext != "jsonl" { throw ConfigError("log", "must end in .csv or .jsonl, got \(log)") }
        }
        if let tensorboard {
            var isDirectory: ObjCBool = false
            if tensorboard.isEmpty { throw ConfigError("tensorboard", "must name a directory, got an empty path") }
            if FileManager.default.fileExists(atPath: tensorboard, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ConfigError("tensorboard", "\(tensorboard) is a file; give a directory")
            }
        }
    }

    /// The trainer's budget.
    public var budget: TrainingBudget {
        TrainingBudget(epochs: epochs, steps: steps, seconds: minutes.map { $0 * 60 }, evaluateEvery: evalEvery)
    }

    /// A short description: "Adam lr 0.002 (cosine to 0.1x), clip norm 5, batch 64, 2000 steps".
    public var summary: String {
        var parts = ["\(optimizer.rawValue) lr \(learningRate)" + (schedule == .constant ? "" : " (\(schedule.rawValue))")]
        if weightDecay > 0 { parts.append("weight decay \(weightDecay)") }
        if l1 > 0 { parts.append("L1 \(l1)") }
        if l2 > 0 { parts.append("L2 \(l2)") }
        if let clipNorm { parts.append("clip norm \(clipNorm)") }
        if let clipValue { parts.append("clip value \(clipValue)") }
        parts.append("batch \(batchSize)")
        if let epochs { parts.append("\(epochs) epochs") }
        if let steps { parts.append("\(steps) steps") }
        if let minutes { parts.append("at most \(minutes) min") }
        if let patience { parts.append("patience \(patience)") }
        parts.append("seed \(seed)")
        return parts.joined(separator: ", ")
    }
}
