import Foundation

/// Runs `episodes` episodes of a policy, all at once as one batch (one environment per episode, environment
/// k reset with a seed drawn from `RandomSource(seed: seed)`), with greedy actions (the largest logit) or
/// actions sampled from a second random source of the same seed. The recurrent state starts at zero. No
/// gradient is recorded. Observations are scaled by the environment's `observationScale`. Returns the episodes in order.
public func evaluatePolicy<Scalar: TensorScalar>(
    _ policy: any ActorCritic<Scalar>, makeEnvironment: () -> any Environment, episodes: Int, seed: UInt64,
    greedy: Bool = true
) -> [FinishedEpisode] {
    if episodes < 1 { failure("evaluatePolicy: episodes \(episodes) must be >= 1") }
    let seeds = RandomSource(seed: seed)
    var environments: [any Environment] = []
    var observations: [[Double]] = []
    for _ in 0..<episodes {
        var env = makeEnvironment()
        observations.append(env.reset(seed: seeds.next()))
        environments.append(env)
    }
    let actionSource = RandomSource(seed: seeds.next())
    var results = [FinishedEpisode?](repeating: nil, count: episodes)
    var totals = [Double](repeating: 0, count: episodes)
    var running = Array(0..<episodes)         // the environments still in an episode
    var state = policy.initialState(batchSize: episodes)
    withoutGrad {
        while !running.isEmpty {
            let x: Tensor<Scalar> = environments[0].inputBatch(running.map { observations[$0] })
            let out = policy.step(x, state: state)
            let a = policy.actionCount
            let logits = out.logits.scalars
            var stillRunning: [Int] = [], keepRows: [Int] = []
            for (row, k) in running.enumerated() {
                let scores = logits[(row * a)..<((row + 1) * a)].map { Double($0) }
                let action = greedy ? scores.indices.max { scores[$0] < scores[$1] }! : sampleSoftmax(scores, actionSource)
                let result = environments[k].step(action)
                totals[k] += result.reward
                if result.done {
                    results[k] = FinishedEpisode(totalReward: totals[k], succeeded: environments[k].episodeSucceeded)
                } else {
                    observations[k] = result.observation
                    stillRunning.append(k)
                    keepRows.append(row)
                }
            }
            running = stillRunning
            state = keepRows.isEmpty ? [] : out.state.map { $0.indexSelect(axis: 0, keepRows) }
        }
    }
    return results.map { $0! }
}

/// A draw from softmax(scores).
func sampleSoftmax(_ scores: [Double], _ rng: RandomSource) -> Int {
    let top = scores.max() ?? 0
    let weights = scores.map { Foundation.exp($0 - top) }
    var u = rng.uniforms(count: 1)[0] * weights.reduce(0, +)
    for (k, w) in weights.enumerated() {
        u -= w
        if u < 0 { return k }
    }
    return scores.count - 1
}
