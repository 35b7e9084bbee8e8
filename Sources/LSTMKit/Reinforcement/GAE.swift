/// Generalized advantage estimation (Schulman, Moritz, Levine, Jordan & Abbeel 2016, "High-dimensional
/// continuous control using generalized advantage estimation"), over a rollout of T steps of one environment:
///
///     delta[t] = r[t] + gamma * V[t+1] * (1 - done[t]) - V[t]
///     A[t]     = delta[t] + gamma * lambda * (1 - done[t]) * A[t+1]          A[T] = 0
///     R[t]     = A[t] + V[t]                                                  the value target
///
/// where V[T] is `bootstrapValue` (the value of the observation after the last step) and `done[t]` says the
/// episode ended at step t, so nothing flows across an episode boundary. lambda = 0 gives the one-step TD
/// advantage delta[t]; lambda = 1 gives the Monte-Carlo return minus V[t] (bootstrapped at the rollout's end);
/// gamma = 0 gives A[t] = r[t] - V[t].
///
/// Plain numbers, not a differentiable op: advantages and returns are constants of the loss.
public struct GAEResult: Equatable, Sendable {
    /// A[t], [T].
    public var advantages: [Double]
    /// R[t] = A[t] + V[t], [T].
    public var returns: [Double]
}

public func generalizedAdvantages(
    rewards: [Double], values: [Double], dones: [Bool], bootstrapValue: Double, gamma: Double, lambda: Double
) -> GAEResult {
    let n = rewards.count
    if values.count != n || dones.count != n {
        failure("generalizedAdvantages: \(n) rewards, \(values.count) values and \(dones.count) dones must agree")
    }
    if !(0...1).contains(gamma) || !(0...1).contains(lambda) {
        failure("generalizedAdvantages: gamma \(gamma) and lambda \(lambda) must be in [0, 1]")
    }
    var advantages = [Double](repeating: 0, count: n)
    var next = 0.0, nextValue = bootstrapValue
    for t in stride(from: n - 1, through: 0, by: -1) {
        let notDone = dones[t] ? 0.0 : 1.0
        let delta = rewards[t] + gamma * nextValue * notDone - values[t]
        next = delta + gamma * lambda * notDone * next
        advantages[t] = next
        nextValue = values[t]
    }
    return GAEResult(advantages: advantages, returns: zip(advantages, values).map { $0 + $1 })
}
