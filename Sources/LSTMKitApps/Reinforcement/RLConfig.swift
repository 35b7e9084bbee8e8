import Foundation
import LSTMKit

/// The policy network of `lstm train rl`.
public enum PolicyKind: String, Codable, CaseIterable, Sendable {
    /// `LSTMActorCritic`: a shared LSTM trunk with policy and value heads.
    case lstm
    /// `FeedForwardActorCritic`: a two-layer tanh trunk of the same width, no memory.
    case feedforward
}

/// The config of `lstm train rl`: an environment, a policy and PPO's settings. The shared training fields
/// mean: `steps` PPO updates (one rollout each), `batchSize` parallel environments, `learningRate` Adam's
/// rate, `clipNorm` the gradient-norm clip, `evalEvery` updates between validation evaluations (greedy
/// policy, `validationEpisodes` episodes), `minutes` a wall-clock budget, `seed` every random stream.
/// Other shared fields (another optimizer or schedule, penalties, epochs, patience, kernel) are refused.
public struct RLConfig: TaskConfig {
    public var environment: EnvironmentKind = .cartpolePOMDP
    /// The T-maze's corridor length N.
    public var length = 50
    public var policy: PolicyKind = .lstm
    public var hiddenSize = 64
    /// The LSTM's initial forget-gate bias (`LSTMActorCritic`); unused by the feed-forward policy.
    public var forgetBias = 1.0
    /// Steps per environment and rollout, the BPTT length.
    public var rolloutLength = 32
    /// PPO passes over each rollout.
    public var ppoEpochs = 10
    public var minibatches = 1
    public var gamma = 0.98
    public var lambda = 0.8
    public var clip = 0.2
    public var valueCoefficient = 0.5
    public var entropyCoefficient = 0.0
    public var validationEpisodes = 20
    /// The final evaluation (and `lstm evaluate`): this many episodes, greedy, from `evaluationSeed`.
    public var evaluationEpisodes = 100
    public var evaluationSeed: UInt64 = 20_261_205
    public var training = TrainingConfig(learningRate: 1e-3, batchSize: 8, steps: 500)
    public var output = "runs/rl"

    public init() { training.clipNorm = 0.5; training.evalEvery = 20 }

    /// The defaults of `lstm train rl --env kind` (tuned per environment; see docs/apps/rl.md).
    public static func defaults(for kind: EnvironmentKind) -> RLConfig {
        var c = RLConfig()
        c.environment = kind
        switch kind {
        case .cartpole, .cartpolePOMDP: break
        case .tmaze:
            c.hiddenSize = 32
            c.rolloutLength = 128
            c.forgetBias = 5
            (c.ppoEpochs, c.minibatches, c.lambda, c.entropyCoefficient) = (4, 2, 0.95, 0.01)
            c.training.learningRate = 2e-3
            c.training.steps = 300
            c.training.evalEvery = 10
        }
        return c
    }

    /// The library's PPO settings for this config.
    public var ppo: PPOSettings {
        var s = PPOSettings()
        s.environments = training.batchSize
        s.rolloutLength = rolloutLength
        s.epochs = ppoEpochs
        s.minibatches = minibatches
        (s.gamma, s.lambda, s.clip) = (gamma, lambda, clip)
        (s.valueCoefficient, s.entropyCoefficient) = (valueCoefficient, entropyCoefficient)
        s.learningRate = training.learningRate
        s.maxGradientNorm = training.clipNorm ?? 0
        return s
    }

    public func validate() throws {
        try training.validate()
        let t = training
        if t.optimizer != .adam { throw ConfigError("optimizer", "must be adam for rl (PPO), got \(t.optimizer.rawValue)") }
        if t.schedule != .constant { throw ConfigError("schedule", "must be constant for rl, got \(t.schedule.rawValue)") }
        if t.epochs != nil { throw ConfigError("epochs", "does not apply to rl (no dataset); give steps (PPO updates)") }
        if t.steps == nil { throw ConfigError("steps", "must be given for rl (PPO updates)") }
        if t.patience != nil { throw ConfigError("patience", "does not apply to rl") }
        if t.kernel != .native {
            throw ConfigError("kernel", "does not apply to rl (the policies step the reference LSTM cell one step at a time)")
        }
        // PPO runs its own loop (not Trainer): these shared settings would be silently ignored.
        let ignored: [(field: String, given: Bool)] = [
            ("weightDecay", t.weightDecay != 0), ("l1", t.l1 != 0), ("l2", t.l2 != 0), ("clipValue", t.clipValue != nil),
            ("warmupSteps", t.warmupSteps != 0), ("log", t.log != nil), ("tensorboard", t.tensorboard != nil)]
        if let field = ignored.first(where: \.given)?.field {
            throw ConfigError(field, "does not apply to rl (PPO runs its own loop; its curve is in RUN_DIR/curve.csv)")
        }
        try Check.atLeast(length, 1, "length")
        try Check.atMost(length, 10_000, "length")
        try Check.atLeast(hiddenSize, 1, "hiddenSize")
        try Check.atMost(hiddenSize, Check.maximumWidth, "hiddenSize")
        if !forgetBias.isFinite || abs(forgetBias) > 100 { throw ConfigError("forgetBias", "must be in [-100, 100], got \(forgetBias)") }
        try Check.atLeast(validationEpisodes, 1, "validationEpisodes")
        try Check.atMost(validationEpisodes, 10_000, "validationEpisodes")
        try Check.atLeast(evaluationEpisodes, 1, "evaluationEpisodes")
        try Check.atMost(evaluationEpisodes, 10_000, "evaluationEpisodes")
        if let (field, message) = ppo.invalidField() {
            let names = ["environments": "batchSize", "epochs": "ppoEpochs", "learningRate": "learningRate",
                         "maxGradientNorm": "clipNorm"]
            throw ConfigError(names[field] ?? field, message)
        }
    }

    /// A fresh environment of the config's kind.
    public func makeEnvironment() -> any Environment { environment.make(length: length) }

    /// A policy of the config's kind for `environment` (weights from `rng`).
    public func makePolicy(rng: RandomSource) -> any ActorCritic<Float> {
        let env = makeEnvironment()
        switch policy {
        case .lstm: return LSTMActorCritic<Float>(observationSize: env.observationSize, actionCount: env.actionCount,
                                                  hiddenSize: hiddenSize, forgetBias: forgetBias, rng: rng)
        case .feedforward: return FeedForwardActorCritic<Float>(observationSize: env.observationSize,
                                                                actionCount: env.actionCount, hiddenSize: hiddenSize, rng: rng)
        }
    }
}
