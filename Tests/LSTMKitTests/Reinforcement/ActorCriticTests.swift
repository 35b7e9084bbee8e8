import Testing
@testable import LSTMKit

/// GAE's edge cases, Double gradient checks of the actor-critic losses and policies, the state reset at
/// episode ends, and the PPO trainer's and the evaluation's determinism (tiny budgets).
@Suite struct ActorCriticTests {
    @Test func gaeEdgeCases() {
        let r = [1.0, -0.5, 2.0, 0.25], v = [0.5, 0.1, -0.3, 0.7], dones = [false, true, false, false]
        let td = generalizedAdvantages(rewards: r, values: v, dones: dones, bootstrapValue: 0.4, gamma: 0.9, lambda: 0)
        #expect(td.advantages == [1 + 0.9 * 0.1 - 0.5, -0.5 - 0.1, 2 + 0.9 * 0.7 + 0.3, 0.25 + 0.9 * 0.4 - 0.7])
        let myopic = generalizedAdvantages(rewards: r, values: v, dones: dones, bootstrapValue: 0.4, gamma: 0, lambda: 1)
        #expect(myopic.advantages == zip(r, v).map { $0 - $1 })
        // lambda = 1: the discounted return to the episode end (or the bootstrap) minus V.
        let mc = generalizedAdvantages(rewards: r, values: v, dones: dones, bootstrapValue: 0.4, gamma: 0.5, lambda: 1)
        let expected = [1 + 0.5 * -0.5, -0.5, 2 + 0.5 * (0.25 + 0.5 * 0.4), 0.25 + 0.5 * 0.4]
        for t in 0..<4 { #expect(abs(mc.returns[t] - expected[t]) < 1e-12) }
    }

    @Test func lossGradientsPassGradcheck() {
        let rng = RandomSource(seed: 11)
        let logits = Tensor<Double>.randomNormal([5, 3], using: rng)
        let actions = [0, 2, 1, 1, 0]
        let logp = ActorCriticLoss.logProbabilities(logits, actions: actions).scalars
        let old = zip(logp, [0.3, -0.4, 0.05, 0.5, -0.02]).map { $0 + $1 }     // ratios inside and outside [0.8, 1.2]
        let advantages = [1.0, -0.7, 0.4, -1.3, 0.9]
        let ppo = checkGradients(at: [logits]) {
            ActorCriticLoss.ppoPolicy($0[0], actions: actions, oldLogProbabilities: old, advantages: advantages, clip: 0.2)
        }
        #expect(ppo.passed, "\(ppo)")
        let total = checkGradients(at: [logits, Tensor<Double>.randomNormal([5], using: rng)]) {
            ActorCriticLoss.a2cPolicy($0[0], actions: actions, advantages: advantages)
                + 0.5 * ActorCriticLoss.value($0[1], returns: [0.1, 0.2, -0.3, 1.0, 0.5])
                - 0.01 * ActorCriticLoss.entropy($0[0])
        }
        #expect(total.passed, "\(total)")
    }

    @Test func policyGradientsThroughTimePassGradcheck() {
        let rng = RandomSource(seed: 3)
        for policy in [LSTMActorCritic<Double>(observationSize: 2, actionCount: 3, hiddenSize: 4, rng: rng) as any ActorCritic<Double>,
                       FeedForwardActorCritic<Double>(observationSize: 2, actionCount: 3, hiddenSize: 4, rng: rng)] {
            let xs = (0..<3).map { _ in Tensor<Double>.randomNormal([2, 2], using: rng) }
            let result = checkGradients(at: xs, parameters: policy.parameters()) { x in
                var state = policy.initialState(batchSize: 2)
                var total = Tensor<Double>(0)
                for t in 0..<3 {
                    let out = policy.step(x[t], state: state)
                    total = total + ActorCriticLoss.entropy(out.logits) + (out.value * out.value).sum()
                    state = policy.resetting(out.state, keep: [t != 0, true])     // env 0's episode ends at t = 0
                }
                return total
            }
            #expect(result.passed, "\(type(of: policy)): \(result)")
        }
    }

    @Test func resettingZeroesTheEndedEpisodesRows() {
        let policy = LSTMActorCritic<Double>(observationSize: 2, actionCount: 2, hiddenSize: 3, rng: RandomSource(seed: 1))
        let x = Tensor<Double>(shape: [2, 2], scalars: [0.5, -1, 0.3, 0.2])
        let out = policy.step(x, state: policy.initialState(batchSize: 2))
        let reset = policy.resetting(out.state, keep: [true, false])
        for (before, after) in zip(out.state, reset) {
            #expect(Array(after.scalars[0..<3]) == Array(before.scalars[0..<3]))
            #expect(after.scalars[3..<6].allSatisfy { $0 == 0 })
        }
    }

    static func tinySettings() -> PPOSettings {
        var s = PPOSettings()
        (s.environments, s.rolloutLength, s.epochs, s.minibatches) = (4, 6, 2, 2)
        return s
    }

    @Test func trainerIsDeterministicBySeed() {
        func run(_ seed: UInt64) -> ([Double], [FinishedEpisode]) {
            let policy = LSTMActorCritic<Double>(observationSize: 3, actionCount: 3, hiddenSize: 4, rng: RandomSource(seed: 2))
            let trainer = ActorCriticTrainer(policy: policy, makeEnvironment: { TMaze(length: 2) },
                                             settings: Self.tinySettings(), seed: seed)
            var episodes: [FinishedEpisode] = []
            for _ in 0..<3 { episodes += trainer.update().episodes }
            #expect(trainer.environmentSteps == 3 * 4 * 6)
            return (policy.parameters().flatMap { $0.data.scalars }, episodes)
        }
        let (a, b, c) = (run(5), run(5), run(6))
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(a.0 != c.0)
        #expect(!a.1.isEmpty && a.1.allSatisfy { $0.succeeded != nil })
    }

    @Test func evaluationIsDeterministicAndBatchesEpisodes() {
        let policy = LSTMActorCritic<Float>(observationSize: 2, actionCount: 2, hiddenSize: 4, rng: RandomSource(seed: 8))
        let make = { CartPole(observesVelocities: false) as any Environment }
        let a = evaluatePolicy(policy, makeEnvironment: make, episodes: 5, seed: 42)
        let b = evaluatePolicy(policy, makeEnvironment: make, episodes: 5, seed: 42)
        #expect(a == b && a.count == 5 && a.allSatisfy { $0.totalReward >= 1 && $0.succeeded == nil })
        // Episode k is the same alone as in the batch: rows of finished episodes leave the state cleanly.
        let alone = evaluatePolicy(policy, makeEnvironment: make, episodes: 1, seed: 42)
        #expect(alone[0] == a[0])
        let sampled = evaluatePolicy(policy, makeEnvironment: make, episodes: 5, seed: 42, greedy: false)
        #expect(sampled == evaluatePolicy(policy, makeEnvironment: make, episodes: 5, seed: 42, greedy: false))
    }
}
