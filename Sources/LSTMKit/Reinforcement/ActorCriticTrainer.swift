import Foundation

/// PPO (Schulman et al. 2017) with GAE advantages over E parallel seeded environments, for a recurrent or a
/// feed-forward `ActorCritic`. One `update()`:
///
/// 1. Rollout: every environment takes `rolloutLength` steps with actions sampled from the policy (no
///    gradient recorded). The recurrent state is carried across steps and across rollouts and zeroed for an
///    environment whose episode ended; a finished environment is reset at once (its first seeded reset
///    came from the run's seed, later ones continue its random source).
/// 2. GAE per environment (`generalizedAdvantages`), bootstrapped with the value of the next observation.
/// 3. `epochs` passes; each splits the environments into `minibatches` groups and replays the group's whole
///    rollout through the policy from the state it had at the rollout's start (BPTT over the chunk, state
///    zeroed at episode ends), then takes one Adam step on the PPO loss (`ActorCriticLoss`) after clipping the
///    gradient norm.
///
/// The loop is this file, not `Trainer`: reinforcement learning has no dataset to make epochs and batches of;
/// the unit of progress is the rollout. Everything random (the environments, the actions) is seeded.
public final class ActorCriticTrainer<Scalar: TensorScalar> {
    public let policy: any ActorCritic<Scalar>
    public let settings: PPOSettings
    public let optimizer: Adam<Scalar>
    public private(set) var environments: [any Environment]
    /// Environment steps taken so far, over all environments.
    public private(set) var environmentSteps = 0
    public private(set) var updates = 0
    private let rng: RandomSource
    private var observations: [[Double]]
    private var state: [Tensor<Scalar>]
    private var episodeReturns: [Double]

    public init(policy: any ActorCritic<Scalar>, makeEnvironment: () -> any Environment, settings: PPOSettings, seed: UInt64) {
        if let (field, message) = settings.invalidField() { failure("ActorCriticTrainer: \(field) \(message)") }
        self.policy = policy
        self.settings = settings
        let seeds = RandomSource(seed: seed)
        var environments: [any Environment] = []
        var observations: [[Double]] = []
        for _ in 0..<settings.environments {
            var env = makeEnvironment()
            if env.observationSize != policy.observationSize || env.actionCount != policy.actionCount {
                failure("ActorCriticTrainer: the environment has \(env.observationSize) observations and \(env.actionCount) " +
                        "actions, the policy \(policy.observationSize) and \(policy.actionCount)")
            }
            observations.append(env.reset(seed: seeds.next()))
            environments.append(env)
        }
        (self.environments, self.observations) = (environments, observations)
        rng = RandomSource(seed: seeds.next())
        state = policy.initialState(batchSize: settings.environments)
        episodeReturns = Array(repeating: 0, count: settings.environments)
        optimizer = Adam(parameters: policy.parameters(), learningRate: settings.learningRate)
    }

    /// Collects one rollout and trains on it.
    public func update() -> PPOUpdateReport {
        let rollout = collect()
        var report = PPOUpdateReport(environmentSteps: environmentSteps, episodes: rollout.finished)
        let (e, t) = (settings.environments, settings.rolloutLength)
        let groups = settings.minibatches, size = e / groups
        for _ in 0..<settings.epochs {
            for g in 0..<groups {
                let envs = Array((g * size)..<((g + 1) * size))
                let losses = train(rollout, envs: envs, steps: t)
                report.policyLoss += losses.policy / Double(settings.epochs * groups)
                report.valueLoss += losses.value / Double(settings.epochs * groups)
                report.entropy += losses.entropy / Double(settings.epochs * groups)
            }
        }
        updates += 1
        return report
    }

    // MARK: rollout

    /// Everything of one rollout, indexed [t][env].
    struct Rollout {
        var startState: [Tensor<Scalar>]
        var observations: [[[Double]]] = []
        var actions: [[Int]] = []
        var logProbabilities: [[Double]] = []
        var dones: [[Bool]] = []
        /// Per environment, [E][T].
        var advantages: [[Double]] = []
        var returns: [[Double]] = []
        var finished: [FinishedEpisode] = []
    }

    func collect() -> Rollout {
        let (e, steps) = (settings.environments, settings.rolloutLength)
        var rollout = Rollout(startState: state.map { $0.detached() })
        var rewards: [[Double]] = [], values: [[Double]] = []
        for _ in 0..<steps {
            let out = withoutGrad { policy.step(observationTensor(observations), state: state) }
            let logp = logSoftmax(out.logits, axis: 1).scalars.map { Double($0) }      // [E * A]
            let a = policy.actionCount
            let u = rng.uniforms(count: e)
            var actions = [Int](repeating: 0, count: e), picked = [Double](repeating: 0, count: e)
            var rewardRow = [Double](repeating: 0, count: e), doneRow = [Bool](repeating: false, count: e)
            rollout.observations.append(observations)
            for i in 0..<e {
                actions[i] = sample(Array(logp[(i * a)..<((i + 1) * a)]), u[i])
                picked[i] = logp[i * a + actions[i]]
                let result = environments[i].step(actions[i])
                (rewardRow[i], doneRow[i]) = (result.reward, result.done)
                episodeReturns[i] += result.reward
                if result.done {
                    rollout.finished.append(FinishedEpisode(
                        totalReward: episodeReturns[i], succeeded: environments[i].episodeSucceeded))
                    episodeReturns[i] = 0
                    observations[i] = environments[i].reset(seed: nil)
                } else {
                    observations[i] = result.observation
                }
            }
            environmentSteps += e
            rollout.actions.append(actions)
            rollout.logProbabilities.append(picked)
            rollout.dones.append(doneRow)
            rewards.append(rewardRow)
            values.append(out.value.scalars.map { Double($0) })
            state = policy.resetting(out.state, keep: doneRow.map { !$0 })
        }
        let bootstrap = withoutGrad { policy.step(observationTensor(observations), state: state).value.scalars }
        for i in 0..<e {
            let gae = generalizedAdvantages(
                rewards: rewards.map { $0[i] }, values: values.map { $0[i] }, dones: rollout.dones.map { $0[i] },
                bootstrapValue: Double(bootstrap[i]), gamma: settings.gamma, lambda: settings.lambda)
            rollout.advantages.append(gae.advantages)
            rollout.returns.append(gae.returns)
        }
        if settings.normalizeAdvantages {
            let all = rollout.advantages.flatMap { $0 }
            let mean = all.reduce(0, +) / Double(all.count)
            let sd = (all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(all.count)).squareRoot()
            rollout.advantages = rollout.advantages.map { $0.map { ($0 - mean) / (sd + 1e-8) } }
        }
        return rollout
    }

    /// Draws an action from log-probabilities with a uniform number u in [0, 1).
    func sample(_ logp: [Double], _ u: Double) -> Int {
        var cumulative = 0.0
        for (k, l) in logp.enumerated() {
            cumulative += Foundation.exp(l)
            if u < cumulative { return k }
        }
        return logp.count - 1
    }

    // MARK: training

    func train(_ rollout: Rollout, envs: [Int], steps: Int) -> (policy: Double, value: Double, entropy: Double) {
        var s = rollout.startState.map { $0.indexSelect(axis: 0, envs) }
        var logits: [Tensor<Scalar>] = [], values: [Tensor<Scalar>] = []
        var actions: [Int] = [], old: [Scalar] = [], advantages: [Scalar] = [], returns: [Scalar] = []
        for t in 0..<steps {
            let out = policy.step(observationTensor(envs.map { rollout.observations[t][$0] }), state: s)
            logits.append(out.logits)
            values.append(out.value)
            s = policy.resetting(out.state, keep: envs.map { !rollout.dones[t][$0] })
            for i in envs {
                actions.append(rollout.actions[t][i])
                old.append(Scalar(rollout.logProbabilities[t][i]))
                advantages.append(Scalar(rollout.advantages[i][t]))
                returns.append(Scalar(rollout.returns[i][t]))
            }
        }
        let allLogits = Tensor.concat(logits, axis: 0), allValues = Tensor.concat(values, axis: 0)    // [T*b, A], [T*b]
        let policyLoss = ActorCriticLoss.ppoPolicy(allLogits, actions: actions, oldLogProbabilities: old,
                                                   advantages: advantages, clip: settings.clip)
        let valueLoss = ActorCriticLoss.value(allValues, returns: returns)
        let entropy = ActorCriticLoss.entropy(allLogits)
        let loss = policyLoss + Scalar(settings.valueCoefficient) * valueLoss - Scalar(settings.entropyCoefficient) * entropy
        optimizer.zeroGrad()
        loss.backward()
        if settings.maxGradientNorm > 0 { clipGradientNorm(optimizer.parameters, maxNorm: settings.maxGradientNorm) }
        optimizer.step()
        return (Double(policyLoss.item), Double(valueLoss.item), Double(entropy.item))
    }

    func observationTensor(_ rows: [[Double]]) -> Tensor<Scalar> { environments[0].inputBatch(rows) }
}

/// An episode that ended during training or evaluation.
public struct FinishedEpisode: Equatable, Sendable, Codable {
    /// The undiscounted return.
    public var totalReward: Double
    /// The T-maze's goal reached, nil for environments without a goal.
    public var succeeded: Bool?
}

/// What one `ActorCriticTrainer.update()` did.
public struct PPOUpdateReport: Sendable {
    /// Environment steps so far (all environments).
    public var environmentSteps: Int
    /// The episodes that ended during this rollout.
    public var episodes: [FinishedEpisode]
    public var policyLoss = 0.0
    public var valueLoss = 0.0
    public var entropy = 0.0
}
