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
        [Tensor(shape: x.shape, scalars: softmaxBackward(g.scalars, y: y, outer: outer, n: n, inner: inner))]
    }
}

/// Log-softmax along `axis` (default: last): the log-probabilities that cross-entropy needs.
public func logSoftmax<S: TensorScalar>(_ x: Tensor<S>, axis: Int = -1) -> Tensor<S> {
    let (y, outer, n, inner) = normalizedExp(x, axis: axis, "logSoftmax", log: true)
    return Tensor.record("logSoftmax", [x], shape: x.shape, scalars: y) { g in
        [Tensor(shape: x.shape, scalars: logSoftmaxBackward(g.scalars, y: y, outer: outer, n: n, inner: inner))]
    }
}

// The loops below are specialized for Float and Double and run on raw buffers, so their arithmetic is concrete
// code rather than a protocol call per element. Element j of the lane (o, i) is at `(o * n + j) * inner + i`.

/// softmax: `dx = y * (g - sum(g * y))` over the [outer, n, inner] view, sums along n.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func softmaxBackward<S: TensorScalar>(_ g: [S], y: [S], outer: Int, n: Int, inner: Int) -> [S] {
    lanes(g, y, outer: outer, n: n, inner: inner) { g, y, dx in
        var dot: S = 0
        for j in 0..<n { dot += g[j * inner] * y[j * inner] }
        for j in 0..<n { dx[j * inner] = y[j * inner] * (g[j * inner] - dot) }
    }
}

/// logSoftmax: `dx = g - softmax(x) * sum(g)` with softmax(x) = e^y, sums along n.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func logSoftmaxBackward<S: TensorScalar>(_ g: [S], y: [S], outer: Int, n: Int, inner: Int) -> [S] {
    lanes(g, y, outer: outer, n: n, inner: inner) { g, y, dx in
        var total: S = 0
        for j in 0..<n { total += g[j * inner] }
        for j in 0..<n { dx[j * inner] = g[j * inner] - S.exp(y[j * inner]) * total }
    }
}

/// The shared forward: softmax (or its log) along `axis`, with the [outer, n, inner] view used.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func normalizedExp<S: TensorScalar>(
    _ x: Tensor<S>, axis: Int, _ op: String, log: Bool
) -> (scalars: [S], outer: Int, n: Int, inner: Int) {
    let a = ShapeMath.normalize(axis: axis, rank: x.rank, op)
    let (outer, n, inner) = x.split3(a)
    if n == 0 { failure("\(op): axis \(a) of shape \(x.shape) is empty") }
    let y = lanes(x.scalars, x.scalars, outer: outer, n: n, inner: inner) { x, _, y in
        var m = -S.infinity
        for j in 0..<n { m = Swift.max(m, x[j * inner]) }
        if !m.isFinite { m = 0 }   // all -inf (or inf/NaN present): let the arithmetic propagate it
        var total: S = 0
        for j in 0..<n {
            y[j * inner] = S.exp(x[j * inner] - m)
            total += y[j * inner]
        }
        if log {
            let lse = S.log(total)
            for j in 0..<n { y[j * inner] = x[j * inner] - m - lse }
        } else {
            for j in 0..<n { y[j * inner] /= total }
        }
    }
    return (y, outer, n, inner)
}

/// A new buffer `out` of `a.count` elements filled by `body(a, b, out)` once per lane (o, i), each pointer at
/// the lane's first element (element j is at `j * inner`). `a` and `b` have the same count.
@inline(__always)
private func lanes<S: TensorScalar>(
    _ a: [S], _ b: [S], outer: Int, n: Int, inner: Int,
    _ body: (UnsafePointer<S>, UnsafePointer<S>, UnsafeMutablePointer<S>) -> Void
) -> [S] {
    if a.isEmpty { return [] }
    return [S](unsafeUninitializedCapacity: a.count) { out, count in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let start = o * n * inner + i
                        body(pa.baseAddress! + start, pb.baseAddress! + start, out.baseAddress! + start)
                    }
                }
            }
        }
        count = a.count
    }
}
