import Foundation

/// A learning rate as a function of the number of scheduler steps taken (0-based, PyTorch's `last_epoch`):
/// step 0 is the rate before the first `scheduler.step()`. Whether a scheduler step is an epoch or a batch is
/// the caller's choice, as in PyTorch.
///
///     let schedule = LinearWarmup(warmupSteps: 5, startFactor: 0.1,
///                                 then: CosineAnnealing(initial: 1e-3, maxSteps: 95))
///     for epoch in 0..<100 {
///         schedule.apply(to: optimizer, atStep: epoch)
///         ... train one epoch ...
///     }
///
/// Each implementation is PyTorch's closed form (`_get_closed_form_lr`), so the rates equal the ones a PyTorch
/// scheduler reports at the same step (up to rounding of its recursive update). For a rate that reacts to a
/// validation metric, see `ReduceLROnPlateau`.
public protocol LearningRateSchedule {
    /// The learning rate after `step` scheduler steps (`step >= 0`).
    func learningRate(atStep step: Int) -> Double
}

extension LearningRateSchedule {
    /// Sets `optimizer.learningRate` to `learningRate(atStep: step)`.
    public func apply(to optimizer: some Optimizer, atStep step: Int) {
        optimizer.learningRate = learningRate(atStep: step)
    }
}

/// Stops unless `step >= 0`.
private func checkStep(_ step: Int, _ schedule: String) {
    if step < 0 { failure("\(schedule): step \(step) is negative (steps count from 0)") }
}

/// Stops unless `value` is finite and >= 0.
private func checkRate(_ value: Double, _ what: String, _ schedule: String) {
    if !(value >= 0) || value.isInfinite { failure("\(schedule): invalid \(what) \(value) (must be finite and >= 0)") }
}

/// The same rate at every step.
public struct ConstantRate: LearningRateSchedule {
    public let rate: Double
    public init(_ rate: Double) {
        checkRate(rate, "rate", "ConstantRate")
        self.rate = rate
    }
    public func learningRate(atStep step: Int) -> Double {
        checkStep(step, "ConstantRate")
        return rate
    }
}

/// Multiplies the rate by `gamma` every `stepSize` steps (PyTorch `StepLR`):
///
///     lr(t) = initial * gamma^floor(t / stepSize)
public struct StepDecay: LearningRateSchedule {
    public let initial: Double
    public let stepSize: Int
    public let gamma: Double
    public init(initial: Double, stepSize: Int, gamma: Double = 0.1) {
        checkRate(initial, "initial rate", "StepDecay")
        if stepSize < 1 { failure("StepDecay: invalid stepSize \(stepSize) (must be >= 1)") }
        checkRate(gamma, "gamma", "StepDecay")
        self.initial = initial
        self.stepSize = stepSize
        self.gamma = gamma
    }
    public func learningRate(atStep step: Int) -> Double {
        checkStep(step, "StepDecay")
        return initial * Foundation.pow(gamma, Double(step / stepSize))
    }
}

/// Multiplies the rate by `gamma` every step (PyTorch `ExponentialLR`):
///
///     lr(t) = initial * gamma^t
public struct ExponentialDecay: LearningRateSchedule {
    public let initial: Double
    public let gamma: Double
    public init(initial: Double, gamma: Double) {
        checkRate(initial, "initial rate", "ExponentialDecay")
        checkRate(gamma, "gamma", "ExponentialDecay")
        self.initial = initial
        self.gamma = gamma
    }
    public func learningRate(atStep step: Int) -> Double {
        checkStep(step, "ExponentialDecay")
        return initial * Foundation.pow(gamma, Double(step))
    }
}

/// Half a cosine from `initial` down to `minimum` over `maxSteps` steps (PyTorch `CosineAnnealingLR`,
/// `T_max = maxSteps`, `eta_min = minimum`):
///
///     lr(t) = minimum + (initial - minimum) * (1 + cos(pi * t / maxSteps)) / 2
///
/// `lr(maxSteps) = minimum`. Like PyTorch, past `maxSteps` the cosine continues (the rate rises again over the
/// next `maxSteps` steps); stop there or wrap the schedule if that is not wanted.
public struct CosineAnnealing: LearningRateSchedule {
    public let initial: Double
    public let maxSteps: Int
    public let minimum: Double
    public init(initial: Double, maxSteps: Int, minimum: Double = 0) {
        checkRate(initial, "initial rate", "CosineAnnealing")
        if maxSteps < 1 { failure("CosineAnnealing: invalid maxSteps \(maxSteps) (must be >= 1)") }
        checkRate(minimum, "minimum", "CosineAnnealing")
        self.initial = initial
        self.maxSteps = maxSteps
        self.minimum = minimum
    }
    public func learningRate(atStep step: Int) -> Double {
        checkStep(step, "CosineAnnealing")
        return minimum + (initial - minimum) * (1 + Foundation.cos(Double.pi * Double(step) / Double(maxSteps))) / 2
    }
}

/// A linear ramp from `startFactor * base` up to `base` over `warmupSteps` steps, then the wrapped schedule,
/// shifted so that its step 0 comes right after the warmup (`base = then.learningRate(atStep: 0)`):
///
///     lr(t) = base * (startFactor + (1 - startFactor) * t / warmupSteps)   for t < warmupSteps
///     lr(t) = then.learningRate(atStep: t - warmupSteps)                    for t >= warmupSteps
///
/// This is PyTorch's `SequentialLR([LinearLR(opt, start_factor, end_factor=1, total_iters=warmupSteps), then],
/// milestones=[warmupSteps])`. The default `startFactor` 1/3 is `LinearLR`'s.
public struct LinearWarmup: LearningRateSchedule {
    public let warmupSteps: Int
    public let startFactor: Double
    public let then: any LearningRateSchedule

    /// - Parameters:
    ///   - warmupSteps: the length of the ramp (0: no warmup).
    ///   - startFactor: the fraction of the base rate at step 0, in (0, 1].
    ///   - then: the schedule after the warmup; its rate at step 0 is the warmup's target.
    public init(warmupSteps: Int, startFactor: Double = 1.0 / 3.0, then: any LearningRateSchedule) {
        if warmupSteps < 0 { failure("LinearWarmup: invalid warmupSteps \(warmupSteps) (must be >= 0)") }
        if !(startFactor > 0 && startFactor <= 1) {
            failure("LinearWarmup: invalid startFactor \(startFactor) (must be in (0, 1])")
        }
        self.warmupSteps = warmupSteps
        self.startFactor = startFactor
        self.then = then
    }

    public func learningRate(atStep step: Int) -> Double {
        checkStep(step, "LinearWarmup")
        if step >= warmupSteps { return then.learningRate(atStep: step - warmupSteps) }
        let factor = startFactor + (1 - startFactor) * Double(step) / Double(warmupSteps)
        return then.learningRate(atStep: 0) * factor
    }
}
