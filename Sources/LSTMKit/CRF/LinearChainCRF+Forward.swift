// The forward algorithm of the linear-chain CRF, twice: the reference from differentiable ops, and the fused
// op whose hand-written loops are in CRFKernel.swift. Tests hold them equal (forward and every gradient).

extension LinearChainCRF {
    /// log Z [B] from differentiable ops, line for line the equations of the type's documentation:
    ///
    ///     alpha[0]    = start + E[0]                                                  [B, K]
    ///     alpha[t, j] = logSumExp_i (alpha[t-1, i] + A[i, j]) + E[t, j]               [B, K]
    ///                   (kept unchanged where step t is padding: t >= length[b])
    ///     log Z       = logSumExp_j (alpha[T-1, j] + end[j])                          [B]
    func referenceLogPartition(_ input: CRFInput<Scalar>) -> Tensor<Scalar> {
        let (t, b, k) = (input.steps, input.batch, tagCount)
        let keep = input.keepMask                                                     // [T, B]
        let steps = input.emissions.split(sizes: Array(repeating: 1, count: t), axis: 0)
            .map { $0.reshaped([b, k]) }                                              // T x [B, K]
        let transitionsIJ = transitions.value.reshaped([1, k, k])                     // [1, K(i), K(j)]
        var alpha = startTransitions.value + steps[0]                                 // [B, K]
        for s in 1..<t {
            let paths = alpha.reshaped([b, k, 1]) + transitionsIJ                     // [B, K(i), K(j)]
            let next = logSumExp(paths, axis: 1) + steps[s]                           // [B, K(j)]
            let real = keep.slice(axis: 0, s..<(s + 1)).reshaped([b, 1])              // [B, 1]
            alpha = `where`(real, next, alpha)                                        // [B, K]
        }
        return logSumExp(alpha + endTransitions.value, axis: 1)                       // [B]
    }

    /// log Z [B] as one autodiff op: `CRFKernel.forward` computes it and caches alpha; `CRFKernel.backward`
    /// returns dE, dStart, dEnd and dA from dLogZ.
    func fusedLogPartition(_ input: CRFInput<Scalar>) -> Tensor<Scalar> {
        let (x, start, end, a) = (input.emissions, startTransitions.value, endTransitions.value, transitions.value)
        let shape = CRFKernel.Shape(steps: input.steps, batch: input.batch, tags: tagCount, lengths: input.lengths)
        let cache = CRFKernel.forward(shape, emissions: x.scalars, start: start.scalars, end: end.scalars,
                                      transitions: a.scalars)
        let logZ = Tensor<Scalar>(shape: [input.batch], scalars: cache.logZ)
        return Tensor.customOp(name: "LinearChainCRF.logPartition", inputs: [x, start, end, a], outputs: [logZ]) { g in
            let d = CRFKernel.backward(shape, cache, dLogZ: g[0].scalars, emissions: x.scalars, end: end.scalars,
                                       transitions: a.scalars)
            return [Tensor(shape: x.shape, scalars: d.emissions), Tensor(shape: start.shape, scalars: d.start),
                    Tensor(shape: end.shape, scalars: d.end), Tensor(shape: a.shape, scalars: d.transitions)]
        }[0]
    }
}
