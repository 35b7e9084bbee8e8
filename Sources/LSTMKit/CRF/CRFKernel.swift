/// The forward algorithm of a linear-chain CRF and its backward, over raw buffers (llm.c style): the fused
/// `LinearChainCRF.logPartition`. Buffers are time-major and row-major: `E[t, b, k]` is at
/// `(t * B + b) * K + k`, `A[i, j]` at `i * K + j`. Each sentence b runs over its own L = lengths[b] steps.
///
/// Forward (what `forward` caches, by name, for the backward):
///
///     alpha[0, j]   = start[j] + E[0, j]
///     incoming[t, j] = logSumExp_i (alpha[t-1, i] + A[i, j])                 t = 1 ... L-1
///     alpha[t, j]   = incoming[t, j] + E[t, j]
///     logZ          = logSumExp_j (alpha[L-1, j] + end[j])
///
/// Backward, the adjoint of each line, walked t = L-1 ... 1 (g = dLogZ[b]):
///
///     dAlpha[L-1, j] = g * exp(alpha[L-1, j] + end[j] - logZ)        dEnd[j] += dAlpha[L-1, j]
///     dE[t, j]       = dAlpha[t, j]
///     P[t, i, j]     = exp(alpha[t-1, i] + A[i, j] - incoming[t, j])   (softmax over i of column j)
///     dA[i, j]      += dAlpha[t, j] * P[t, i, j]
///     dAlpha[t-1, i] = sum_j dAlpha[t, j] * P[t, i, j]
///     dE[0, j] = dAlpha[0, j]                                        dStart[j] += dAlpha[0, j]
///
/// `dE[t, b, j] / g` is the marginal probability of tag j at step t, `dA[i, j]` sums the pairwise marginals.
/// Cost: per real step of a sentence one K x K block of exponentials forward and one backward (through
/// `TensorScalar.vectorExp`); every log-sum-exp takes its maximum out first. Scores must be finite
/// (`CRFInput` checks), so every maximum is finite.
enum CRFKernel {
    struct Shape {
        let steps: Int, batch: Int, tags: Int
        /// [B], each in 1...steps.
        let lengths: [Int]
    }

    /// What the forward keeps for the backward.
    struct Cache<S: TensorScalar> {
        /// alpha [T, B, K] (rows past a sentence's length are unused).
        var alpha: [S]
        /// incoming [T, B, K]: the log-sum-exp part of alpha (alpha - E), t >= 1.
        var incoming: [S]
        /// log Z [B].
        var logZ: [S]
    }

    struct Gradients<S: TensorScalar> {
        var emissions: [S], start: [S], end: [S], transitions: [S]
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func forward<S: TensorScalar>(
        _ shape: Shape, emissions e: [S], start: [S], end: [S], transitions a: [S]
    ) -> Cache<S> {
        let (bn, k) = (shape.batch, shape.tags)
        var cache = Cache<S>(alpha: [S](repeating: 0, count: e.count), incoming: [S](repeating: 0, count: e.count),
                             logZ: [S](repeating: 0, count: bn))
        // A^T, so that column j of A (the i-values entering tag j) is contiguous.
        var aT = [S](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { aT[j * k + i] = a[i * k + j] } }
        var block = [S](repeating: 0, count: k * k), columnMax = [S](repeating: 0, count: k)
        for b in 0..<bn {
            for j in 0..<k { cache.alpha[b * k + j] = start[j] + e[b * k + j] }
            for t in 1..<shape.lengths[b] {
                let (prev, row) = ((t - 1) * bn * k + b * k, t * bn * k + b * k)
                // block[j, i] = alpha[t-1, i] + A[i, j] - max_i(...)
                for j in 0..<k {
                    var m = -S.infinity
                    for i in 0..<k {
                        let v = cache.alpha[prev + i] + aT[j * k + i]
                        block[j * k + i] = v
                        m = Swift.max(m, v)
                    }
                    for i in 0..<k { block[j * k + i] -= m }
                    columnMax[j] = m
                }
                block.withUnsafeMutableBufferPointer { p in S.vectorExp(p.baseAddress!, p.baseAddress!, count: k * k) }
                for j in 0..<k {
                    var total: S = 0
                    for i in 0..<k { total += block[j * k + i] }
                    let s = columnMax[j] + S.log(total)
                    cache.incoming[row + j] = s
                    cache.alpha[row + j] = s + e[row + j]
                }
            }
            let last = (shape.lengths[b] - 1) * bn * k + b * k
            var m = -S.infinity
            for j in 0..<k { m = Swift.max(m, cache.alpha[last + j] + end[j]) }
            var total: S = 0
            for j in 0..<k { total += S.exp(cache.alpha[last + j] + end[j] - m) }
            cache.logZ[b] = m + S.log(total)
        }
        return cache
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func backward<S: TensorScalar>(
        _ shape: Shape, _ cache: Cache<S>, dLogZ: [S], emissions e: [S], end: [S], transitions a: [S]
    ) -> Gradients<S> {
        let (bn, k) = (shape.batch, shape.tags)
        var d = Gradients<S>(emissions: [S](repeating: 0, count: e.count), start: [S](repeating: 0, count: k),
                             end: [S](repeating: 0, count: k), transitions: [S](repeating: 0, count: k * k))
        var block = [S](repeating: 0, count: k * k)
        var dAlpha = [S](repeating: 0, count: k), dPrevious = [S](repeating: 0, count: k)
        for b in 0..<bn {
            let length = shape.lengths[b]
            let last = (length - 1) * bn * k + b * k
            for j in 0..<k {
                dAlpha[j] = dLogZ[b] * S.exp(cache.alpha[last + j] + end[j] - cache.logZ[b])
                d.end[j] += dAlpha[j]
            }
            for t in stride(from: length - 1, to: 0, by: -1) {
                let (prev, row) = ((t - 1) * bn * k + b * k, t * bn * k + b * k)
                for j in 0..<k { d.emissions[row + j] = dAlpha[j] }
                // block[i, j] = P[t, i, j]
                for i in 0..<k {
                    for j in 0..<k { block[i * k + j] = cache.alpha[prev + i] + a[i * k + j] - cache.incoming[row + j] }
                }
                block.withUnsafeMutableBufferPointer { p in S.vectorExp(p.baseAddress!, p.baseAddress!, count: k * k) }
                for i in 0..<k {
                    var total: S = 0
                    for j in 0..<k {
                        let flow = dAlpha[j] * block[i * k + j]
                        d.transitions[i * k + j] += flow
                        total += flow
                    }
                    dPrevious[i] = total
                }
                swap(&dAlpha, &dPrevious)
            }
            for j in 0..<k {
                d.emissions[b * k + j] = dAlpha[j]
                d.start[j] += dAlpha[j]
            }
        }
        return d
    }
}
