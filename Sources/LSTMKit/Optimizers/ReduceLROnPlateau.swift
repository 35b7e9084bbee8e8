/// Lowers the learning rate when a monitored metric (usually the validation loss) stops improving: PyTorch's
/// `torch.optim.lr_scheduler.ReduceLROnPlateau`, same defaults and the same rules.
///
///     let plateau = ReduceLROnPlateau(mode: .min, factor: 0.5, patience: 2)
///     for epoch in 0..<epochs {
///         train(...)
///         plateau.step(metric: validationLoss, optimizer: optimizer)
///     }
///
/// At each `step(metric:)`:
///
///     better = metric < best * (1 - threshold)      (mode .min, .relative)
///              metric < best - threshold            (mode .min, .absolute)
///              metric > best * (1 + threshold)      (mode .max, .relative)
///              metric > best + threshold            (mode .max, .absolute)
///     if better: best = metric, numBadEpochs = 0   else: numBadEpochs += 1
///     if cooldownCounter > 0: cooldownCounter -= 1, numBadEpochs = 0   (bad epochs in cooldown do not count)
///     if numBadEpochs > patience:
///         newRate = max(rate * factor, minimumRate), applied only if rate - newRate > epsilon
///         cooldownCounter = cooldown, numBadEpochs = 0
///
/// `best` starts at +inf (.min) or -inf (.max), so the first metric is always an improvement (a NaN metric is
/// never one). With `patience` p, the rate drops on the (p + 1)-th bad step in a row.
public final class ReduceLROnPlateau {
    /// Whether a lower (`.min`, losses) or higher (`.max`, accuracies) metric is better.
    public enum Mode: Sendable { case min, max }
    /// Whether `threshold` is relative to `best` (PyTorch `'rel'`) or absolute (`'abs'`).
    public enum ThresholdMode: Sendable { case relative, absolute }

    public let mode: Mode
    /// The rate is multiplied by this on a plateau (in [0, 1)).
    public let factor: Double
    /// How many bad steps in a row are tolerated before the rate drops.
    public let patience: Int
    /// The least change that counts as an improvement (see `thresholdMode`).
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    /// Steps after a reduction during which bad steps are not counted.
    public let cooldown: Int
    /// The rate never drops below this.
    public let minimumRate: Double
    /// A reduction smaller than this is skipped (PyTorch `eps`).
    public let epsilon: Double

    /// The best metric so far (restore these four from a checkpoint to resume).
    public var best: Double
    /// Bad steps since the last improvement or reduction (PyTorch `num_bad_epochs`).
    public var numBadEpochs = 0
    /// Remaining cooldown steps (PyTorch `cooldown_counter`).
    public var cooldownCounter = 0
    /// How many times `step` was called (PyTorch `last_epoch`).
    public var lastEpoch = 0

    public init(
        mode: Mode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
        thresholdMode: ThresholdMode = .relative, cooldown: Int = 0, minimumRate: Double = 0, epsilon: Double = 1e-8
    ) {
        if !(factor >= 0 && factor < 1) { failure("ReduceLROnPlateau: invalid factor \(factor) (must be in [0, 1))") }
        if patience < 0 { failure("ReduceLROnPlateau: invalid patience \(patience) (must be >= 0)") }
        if !(threshold >= 0) || threshold.isInfinite {
            failure("ReduceLROnPlateau: invalid threshold \(threshold) (must be finite and >= 0)")
        }
        if cooldown < 0 { failure("ReduceLROnPlateau: invalid cooldown \(cooldown) (must be >= 0)") }
        if !(minimumRate >= 0) || minimumRate.isInfinite {
            failure("ReduceLROnPlateau: invalid minimumRate \(minimumRate) (must be finite and >= 0)")
        }
        if !(epsilon >= 0) { failure("ReduceLROnPlateau: invalid epsilon \(epsilon) (must be >= 0)") }
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumRate = minimumRate
        self.epsilon = epsilon
        self.best = mode == .min ? .infinity : -.infinity
    }

    /// Whether `metric` improves on `best` by more than the threshold.
    public func isBetter(_ metric: Double, than best: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .relative): return metric < best * (1 - threshold)
        case (.min, .absolute): return metric < best - threshold
        case (.max, .relative): return metric > best * (1 + threshold)
        case (.max, .absolute): return metric > best + threshold
        }
    }

    /// Records `metric` and returns the learning rate to use next: `learningRate`, or the reduced rate after
    /// a plateau.
    @discardableResult
    public func step(metric: Double, learningRate: Double) -> Double {
        lastEpoch += 1
        if isBetter(metric, than: best) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        var rate = learningRate
        if numBadEpochs > patience {
            let reduced = Swift.max(learningRate * factor, minimumRate)
            if learningRate - reduced > epsilon { rate = reduced }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        return rate
    }

    /// Records `metric`, lowers `optimizer.learningRate` after a plateau, and returns the (new) rate.
    @discardableResult
    public func step(metric: Double, optimizer: some Optimizer) -> Double {
        let rate = step(metric: metric, learningRate: optimizer.learningRate)
        if rate != optimizer.learningRate { optimizer.learningRate = rate }
        return rate
    }
}
