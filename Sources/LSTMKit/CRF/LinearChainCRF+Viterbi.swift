/// The best tag sequence of one sentence and its score.
public struct CRFPath<Scalar: TensorScalar>: Equatable, Sendable {
    /// One tag per real step (the sentence's length).
    public var tags: [Int]
    /// score(tags), the unnormalized score of `LinearChainCRF.score` (not a log-probability: subtract
    /// `logPartition` for that).
    public var score: Scalar

    public init(tags: [Int], score: Scalar) {
        self.tags = tags
        self.score = score
    }
}

extension LinearChainCRF {
    /// The highest-scoring tag sequence of every sentence, by the Viterbi algorithm (pytorch-crf `decode`):
    ///
    ///     delta[0, j]  = start[j] + E[0, j]
    ///     delta[t, j]  = max_i (delta[t-1, i] + A[i, j]) + E[t, j],   psi[t, j] = argmax_i (...)   t = 1..L-1
    ///     y[L-1]       = argmax_j (delta[L-1, j] + end[j]),  score = that maximum
    ///     y[t-1]       = psi[t, y[t]]                                                           t = L-1..1
    ///
    /// Ties go to the lowest tag index (as `argmax`). Not differentiable (the result is integers and a score
    /// computed from the values). Cost O(B * T * K^2).
    public func decode(_ emissions: Tensor<Scalar>, lengths: [Int]? = nil, mask: Tensor<Scalar>? = nil)
        -> [CRFPath<Scalar>] {
        let input = CRFInput(self, emissions, lengths: lengths, mask: mask, "LinearChainCRF.decode")
        let shape = CRFKernel.Shape(steps: input.steps, batch: input.batch, tags: tagCount, lengths: input.lengths)
        return viterbi(shape, emissions: input.emissions.scalars, start: startTransitions.data.scalars,
                       end: endTransitions.data.scalars, transitions: transitions.data.scalars)
    }
}

/// The Viterbi recursion over raw time-major buffers (the layout of `CRFKernel`), one sentence at a time.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func viterbi<S: TensorScalar>(
    _ shape: CRFKernel.Shape, emissions e: [S], start: [S], end: [S], transitions a: [S]
) -> [CRFPath<S>] {
    let (bn, k) = (shape.batch, shape.tags)
    var delta = [S](repeating: 0, count: k), next = delta                           // [K]
    var psi = [Int](repeating: 0, count: shape.steps * k)                          // [T, K], row 0 unused
    var paths: [CRFPath<S>] = []
    for b in 0..<bn {
        let length = shape.lengths[b]
        for j in 0..<k { delta[j] = start[j] + e[b * k + j] }
        for t in 1..<length {
            let row = t * bn * k + b * k
            for j in 0..<k {
                var (best, bestScore) = (0, delta[0] + a[j])
                for i in 1..<k where delta[i] + a[i * k + j] > bestScore {
                    (best, bestScore) = (i, delta[i] + a[i * k + j])
                }
                psi[t * k + j] = best
                next[j] = bestScore + e[row + j]
            }
            swap(&delta, &next)
        }
        var (last, bestScore) = (0, delta[0] + end[0])
        for j in 1..<k where delta[j] + end[j] > bestScore { (last, bestScore) = (j, delta[j] + end[j]) }
        var tags = [Int](repeating: 0, count: length)
        tags[length - 1] = last
        for t in stride(from: length - 1, to: 0, by: -1) { tags[t - 1] = psi[t * k + tags[t]] }
        paths.append(CRFPath(tags: tags, score: bestScore))
    }
    return paths
}
