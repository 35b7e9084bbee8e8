// softmax and logSoftmax, computed stably by subtracting the maximum along the axis first:
//   logSoftmax(x)_j = x_j - m - ln(sum_k e^(x_k - m)),   m = max_k x_k
//   softmax(x)_j    = e^(x_j - m) / sum_k e^(x_k - m)
// Gradients (y = output, g = dOut, sums along the axis):
//   logSoftmax: dx = g - softmax(x) * sum(g)
//   softmax:    dx = y * (g - sum(g * y))

/// Softmax along `axis` (default: last).
public func softmax<S: TensorScalar>(_ x: Tensor<S>, axis: Int = -1) -> Tensor<S> {
    let (y, outer, n, inner) = normalizedExp(x, axis: axis, "softmax", log: false)
    return Tensor.record("softmax", [x], shape: x.shape, scalars: y) { g in
        var dx = [S](repeating: 0, count: y.count)
        for o in 0..<outer {
            for i in 0..<inner {
                var dot: S = 0
                for j in 0..<n { let p = (o * n + j) * inner + i; dot += g.scalars[p] * y[p] }
                for j in 0..<n { let p = (o * n + j) * inner + i; dx[p] = y[p] * (g.scalars[p] - dot) }
            }
        }
        return [Tensor(shape: x.shape, scalars: dx)]
    }
}

/// Log-softmax along `axis` (default: last): the log-probabilities that cross-entropy needs.
public func logSoftmax<S: TensorScalar>(_ x: Tensor<S>, axis: Int = -1) -> Tensor<S> {
    let (y, outer, n, inner) = normalizedExp(x, axis: axis, "logSoftmax", log: true)
    return Tensor.record("logSoftmax", [x], shape: x.shape, scalars: y) { g in
        var dx = [S](repeating: 0, count: y.count)
        for o in 0..<outer {
            for i in 0..<inner {
                var total: S = 0
                for j in 0..<n { total += g.scalars[(o * n + j) * inner + i] }
                for j in 0..<n {
                    let p = (o * n + j) * inner + i
                    dx[p] = g.scalars[p] - S.exp(y[p]) * total
                }
            }
        }
        return [Tensor(shape: x.shape, scalars: dx)]
    }
}

/// The shared forward: softmax (or its log) along `axis`, with the [outer, n, inner] view used.
private func normalizedExp<S: TensorScalar>(
    _ x: Tensor<S>, axis: Int, _ op: String, log: Bool
) -> (scalars: [S], outer: Int, n: Int, inner: Int) {
    let a = ShapeMath.normalize(axis: axis, rank: x.rank, op)
    let (outer, n, inner) = x.split3(a)
    if n == 0 { failure("\(op): axis \(a) of shape \(x.shape) is empty") }
    var y = [S](repeating: 0, count: x.count)
    for o in 0..<outer {
        for i in 0..<inner {
            var m = -S.infinity
            for j in 0..<n { m = Swift.max(m, x.scalars[(o * n + j) * inner + i]) }
            if !m.isFinite { m = 0 }   // all -inf (or inf/NaN present): let the arithmetic propagate it
            var total: S = 0
            for j in 0..<n {
                let p = (o * n + j) * inner + i
                y[p] = S.exp(x.scalars[p] - m)
                total += y[p]
            }
            if log {
                let lse = S.log(total)
                for j in 0..<n { let p = (o * n + j) * inner + i; y[p] = x.scalars[p] - m - lse }
            } else {
                for j in 0..<n { y[(o * n + j) * inner + i] /= total }
            }
        }
    }
    return (y, outer, n, inner)
}
