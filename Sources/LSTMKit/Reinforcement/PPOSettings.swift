/// The hyperparameters of `ActorCriticTrainer` (PPO; with `epochs` 1 and a large `clip` it is A2C's
/// update with GAE advantages). These are the library's defaults; `lstm train rl` tunes its own per environment
/// (`RLConfig.defaults(for:)`, docs/apps/rl.md).
public struct PPOSettings: Codable, Equatable, Sendable {
    /// Parallel environments E, each seeded from the run's seed.
    public var environments = 8
    /// Steps per environment in one rollout; also the BPTT length (the recurrent state is carried from one
    /// rollout to the next, detached).
    public var rolloutLength = 32
    /// Passes over each rollout.
    public var epochs = 4
    /// Minibatches per pass, each a subset of the environments with their whole rollout (so BPTT sees whole
    /// sequences); must divide `environments`.
    public var minibatches = 2
    public var gamma = 0.99
    public var lambda = 0.95
    /// PPO's epsilon.
    public var clip = 0.2
    public var valueCoefficient = 0.5
    public var entropyCoefficient = 0.01
    public var learningRate = 2e-3
    /// The largest gradient norm (0: no clipping).
    public var maxGradientNorm = 0.5
    /// Normalize the advantages of each rollout to mean 0, standard deviation 1.
    public var normalizeAdvantages = true

    public init() {}

    /// The first invalid field and why, or nil.
    public func invalidField() -> (field: String, message: String)? {
        if environments < 1 || environments > 1024 { return ("environments", "must be in 1...1024, got \(environments)") }
        if rolloutLength < 1 || rolloutLength > 10_000 { return ("rolloutLength", "must be in 1...10000, got \(rolloutLength)") }
        if epochs < 1 || epochs > 100 { return ("epochs", "must be in 1...100, got \(epochs)") }
        if minibatches < 1 || environments % minibatches != 0 {
            return ("minibatches", "must be >= 1 and divide environments (\(environments)), got \(minibatches)")
        }
        if !(0...1).contains(gamma) { return ("gamma", "must be in [0, 1], got \(gamma)") }
        if !(0...1).contains(lambda) { return ("lambda", "must be in [0, 1], got \(lambda)") }
        if !(clip > 0) || !clip.isFinite { return ("clip", "must be > 0, got \(clip)") }
        if !(valueCoefficient >= 0) || !valueCoefficient.isFinite { return ("valueCoefficient", "must be >= 0, got \(valueCoefficient)") }
        if !(entropyCoefficient >= 0) || !entropyCoefficient.isFinite { return ("entropyCoefficient", "must be >= 0, got \(entropyCoefficient)") }
        if !(learningRate > 0) || !learningRate.isFinite { return ("learningRate", "must be > 0, got \(learningRate)") }
        if !(maxGradientNorm >= 0) || !maxGradientNorm.isFinite { return ("maxGradientNorm", "must be >= 0, got \(maxGradientNorm)") }
        return nil
    }
}
