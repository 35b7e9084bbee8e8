import LSTMKit

extension GradcheckCase {
    /// The PPO loss (clipped surrogate + value loss - entropy bonus) on logits [N, A] = [6, 3] and values [6],
    /// with ratios inside and outside the clip range; or the LSTM actor-critic unrolled over T = 3 steps of
    /// B = 2 environments (environment 0's episode ends after step 0, so its state is reset), checked on the
    /// same PPO loss.
    static func reinforcement(_ name: String, rng: RandomSource) -> GradcheckCase {
        let actions = [0, 2, 1, 1, 0, 2]
        let advantages = [1.0, -0.7, 0.4, -1.3, 0.9, 0.2], returns = [0.5, -0.1, 1.2, 0.3, -0.8, 0.0]
        let shifts = [0.3, -0.4, 0.05, 0.5, -0.02, 0.1]
        func loss(_ logits: Tensor<Double>, _ values: Tensor<Double>, old: [Double]) -> Tensor<Double> {
            ActorCriticLoss.ppoPolicy(logits, actions: actions, oldLogProbabilities: old, advantages: advantages, clip: 0.2)
                + 0.5 * ActorCriticLoss.value(values, returns: returns) - 0.01 * ActorCriticLoss.entropy(logits)
        }
        if name == "ppo-loss" {
            let logits = Tensor<Double>.randomUniform([6, 3], low: -1, high: 1, using: rng)
            let values = Tensor<Double>.randomUniform([6], low: -1, high: 1, using: rng)
            let old = zip(ActorCriticLoss.logProbabilities(logits, actions: actions).scalars, shifts).map { $0 + $1 }
            return GradcheckCase(summary: "PPO loss (clip 0.2) + 0.5 value loss - 0.01 entropy, logits [N, A] = [6, 3], " +
                                 "values [6], ratios inside and outside [0.8, 1.2]",
                                 inputs: [("logits", logits), ("values", values)], parameters: [],
                                 function: { loss($0[0], $0[1], old: old) }, implementationNote: { nil })
        }
        let policy = LSTMActorCritic<Double>(observationSize: 4, actionCount: 3, hiddenSize: 4, rng: rng)
        let x = Tensor<Double>.randomUniform([3, 2, 4], low: -1, high: 1, using: rng)       // [T, B, D]
        func unroll(_ x: Tensor<Double>) -> (Tensor<Double>, Tensor<Double>) {
            var state = policy.initialState(batchSize: 2)
            var logits: [Tensor<Double>] = [], values: [Tensor<Double>] = []
            for t in 0..<3 {
                let out = policy.step(x.slice(axis: 0, t..<(t + 1)).reshaped([2, 4]), state: state)
                logits.append(out.logits)
                values.append(out.value)
                state = policy.resetting(out.state, keep: [t != 0, true])
            }
            return (Tensor.concat(logits, axis: 0), Tensor.concat(values, axis: 0))
        }
        let old = withoutGrad { zip(ActorCriticLoss.logProbabilities(unroll(x).0, actions: actions).scalars, shifts).map { $0 + $1 } }
        return GradcheckCase(summary: "LSTM actor-critic (input layer and LSTM trunk, policy and value heads), x [T, B, D] = " +
                             "[3, 2, 4], H = 4, state reset after step 0 in environment 0, PPO loss",
                             inputs: [("input x", x)], parameters: policy.namedParameters().map { ($0.0, $0.1) },
                             function: { let (l, v) = unroll($0[0]); return loss(l, v, old: old) },
                             implementationNote: { nil })
    }
}
