/// The full softmax output layer's log-likelihood of the targets, fused (a linear layer, a log-softmax over
/// all V classes and the target's entry, forward and backward by hand over raw buffers): the baseline the
/// class-based and tree softmax are measured against, without the [N, V] intermediate tensors and their
/// elementwise passes that the composed reference builds.
///
///     logits[n] = h[n] @ W^T + b                                   [N, V]   (one GEMM)
///     P[n]      = softmax(logits[n])                               (cached, in place)
///     ll[n]     = log P[n, t[n]]
///
/// Backward (g = dLL[n]):
///
///     dLogits[n] = g * (onehot(t[n]) - P[n])
///     dh = dLogits @ W,   dW = dLogits^T @ h,   db = sum_n dLogits[n]  (three GEMM-shaped passes)
///
/// The readable reference is `logSoftmax(matmul(h, W, transposeB: true) + b, axis: 1)` gathered at the
/// targets; the tests hold the two equal, forward and every gradient.
///
/// - Parameters:
///   - h: [N, D].
///   - weight: [V, D] (PyTorch `nn.Linear(D, V).weight`).
///   - bias: [V].
///   - targets: N indices in 0..<V.
/// - Returns: ll [N].
public func linearSoftmaxLogLikelihood<S: TensorScalar>(
    _ h: Tensor<S>, weight: Tensor<S>, bias: Tensor<S>, targets: [Int]
) -> Tensor<S> {
    if h.rank != 2 || weight.rank != 2 || weight.shape[1] != h.shape[1] || bias.shape != [weight.shape[0]] {
        failure("linearSoftmaxLogLikelihood: h \(h.shape), weight \(weight.shape), bias \(bias.shape); expected [N, D], [V, D], [V]")
    }
    let (n, d, v) = (h.shape[0], h.shape[1], weight.shape[0])
    if targets.count != n || targets.contains(where: { $0 < 0 || $0 >= v }) {
        failure("linearSoftmaxLogLikelihood: \(targets.count) targets for \(n) rows; each must be in 0..<\(v)")
    }
    let (hs, ws) = (h.scalars, weight.scalars)
    let (ll, probabilities) = LinearSoftmaxKernel.forward(h: hs, weight: ws, bias: bias.scalars, n: n, d: d, v: v, targets: targets)
    return Tensor.customOp(name: "linearSoftmaxLogLikelihood", inputs: [h, weight, bias],
                           outputs: [Tensor(shape: [n], scalars: ll)]) { dOut in
        let g = LinearSoftmaxKernel.backward(dLL: dOut[0].scalars, probabilities: probabilities, h: hs, weight: ws,
                                             n: n, d: d, v: v, targets: targets)
        return [Tensor(shape: [n, d], scalars: g.h), Tensor(shape: [v, d], scalars: g.weight), Tensor(shape: [v], scalars: g.bias)]
    }[0]
}

enum LinearSoftmaxKernel {
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func forward<S: TensorScalar>(h: [S], weight: [S], bias: [S], n: Int, d: Int, v: Int, targets: [Int])
        -> (logLikelihood: [S], probabilities: [S]) {
        var logits = [S](repeating: 0, count: n * v)
        for r in 0..<n { logits.replaceSubrange(r * v..<(r + 1) * v, with: bias) }
        ClassBasedSoftmaxKernel.gemm(false, true, n, v, d, h, weight, &logits, beta: 1)
        let ll = ClassBasedSoftmaxKernel.softmaxRows(&logits, rows: n, width: v, targets: targets)
        return (ll, logits)
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func backward<S: TensorScalar>(dLL: [S], probabilities: [S], h: [S], weight: [S], n: Int, d: Int, v: Int,
                                          targets: [Int]) -> (h: [S], weight: [S], bias: [S]) {
        var dLogits = probabilities                                              // [N, V]
        var dBias = [S](repeating: 0, count: v)
        dLogits.withUnsafeMutableBufferPointer { p in
            for r in 0..<n {
                let g = dLL[r], row = p.baseAddress! + r * v
                for j in 0..<v { row[j] *= -g }
                row[targets[r]] += g
                for j in 0..<v { dBias[j] += row[j] }
            }
        }
        var dh = [S](repeating: 0, count: n * d), dW = [S](repeating: 0, count: v * d)
        ClassBasedSoftmaxKernel.gemm(false, false, n, d, v, dLogits, weight, &dh)
        ClassBasedSoftmaxKernel.gemm(true, false, v, d, n, dLogits, h, &dW)
        return (dh, dW, dBias)
    }
}
