/// The actor-critic losses of A2C (Mnih et al. 2016, "Asynchronous methods for deep reinforcement learning")
/// and PPO (Schulman et al. 2017, "Proximal policy optimization algorithms"), from differentiable ops. Over N
/// samples with policy logits [N, A], taken actions a, advantages A and value targets R (constants):
///
///     logp[n]  = logSoftmax(logits)[n, a[n]]
///     A2C:     L_pi = -mean(A * logp)
///     PPO:     ratio = exp(logp - logpOld)
///              L_pi = -mean(min(ratio * A, clamp(ratio, 1 - eps, 1 + eps) * A))
///     value:   L_V  = mean((V - R)^2)
///     entropy: H    = mean(-sum_a p * log p),  p = softmax(logits)
///     total:   L    = L_pi + valueCoefficient * L_V - entropyCoefficient * H
///
/// The min in PPO picks the pessimistic of the two terms elementwise; where they tie (ratio inside the clip
/// range) both have the same gradient. `min` and the clip have PyTorch's gradients (the clamp passes none at
/// or outside its bounds; the min's gradient goes to the smaller term).
public enum ActorCriticLoss {
    /// logp[n] = log softmax(logits)[n, actions[n]]: [N, A] -> [N].
    public static func logProbabilities<S: TensorScalar>(_ logits: Tensor<S>, actions: [Int]) -> Tensor<S> {
        check(logits, actions.count, "logProbabilities")
        let n = actions.count
        return logSoftmax(logits, axis: 1).gather(axis: 1, indices: actions, indexShape: [n, 1]).reshaped([n])
    }

    /// H = mean over rows of -sum_a p * log p.
    public static func entropy<S: TensorScalar>(_ logits: Tensor<S>) -> Tensor<S> {
        let logp = logSoftmax(logits, axis: 1)
        return -(exp(logp) * logp).sum(axis: 1).mean()
    }

    /// A2C's policy loss -mean(A * logp).
    public static func a2cPolicy<S: TensorScalar>(_ logits: Tensor<S>, actions: [Int], advantages: [S]) -> Tensor<S> {
        check(logits, advantages.count, "a2cPolicy")
        return -(Tensor(advantages) * logProbabilities(logits, actions: actions)).mean()
    }

    /// PPO's clipped surrogate loss -mean(min(ratio * A, clamp(ratio, 1 - eps, 1 + eps) * A)).
    public static func ppoPolicy<S: TensorScalar>(
        _ logits: Tensor<S>, actions: [Int], oldLogProbabilities: [S], advantages: [S], clip: Double
    ) -> Tensor<S> {
        check(logits, advantages.count, "ppoPolicy")
        if oldLogProbabilities.count != actions.count || !(clip > 0) {
            failure("ActorCriticLoss.ppoPolicy: \(oldLogProbabilities.count) old log-probabilities for \(actions.count) " +
                    "actions, clip \(clip) (must be > 0)")
        }
        let ratio = exp(logProbabilities(logits, actions: actions) - Tensor(oldLogProbabilities))   // [N]
        let a = Tensor(advantages)
        let unclipped = ratio * a
        let clipped = clamp(ratio, min: S(1 - clip), max: S(1 + clip)) * a
        let smaller = Tensor(zip(unclipped.scalars, clipped.scalars).map { $0 <= $1 ? S(1) : S(0) })
        return -`where`(smaller, unclipped, clipped).mean()
    }

    /// The value loss mean((V - R)^2), values [N] or [N, 1].
    public static func value<S: TensorScalar>(_ values: Tensor<S>, returns: [S]) -> Tensor<S> {
        if values.count != returns.count {
            failure("ActorCriticLoss.value: values of shape \(values.shape) for \(returns.count) returns")
        }
        let d = values.reshaped([returns.count]) - Tensor(returns)
        return (d * d).mean()
    }

    private static func check<S: TensorScalar>(_ logits: Tensor<S>, _ n: Int, _ name: String) {
        if logits.rank != 2 || logits.shape[0] != n {
            failure("ActorCriticLoss.\(name): logits of shape \(logits.shape) for \(n) samples, expected [\(n), A]")
        }
    }
}
