// logSumExp: the log of a sum of exponentials along an axis (PyTorch `torch.logsumexp`), computed stably by
// taking the maximum out first:
//   y = logSumExp(x) = m + ln(sum_j e^(x_j - m)),   m = max_j x_j
// Gradient (g = dOut, one value per lane, broadcast back along the axis):
//   dx_j = g * e^(x_j - y)   (= g * softmax(x)_j)
// A lane whose elements are all -inf gives y = -inf (the log of an empty sum) and dx = 0 there.

/// The log of the sum of the exponentials of `x` along `axis` (default: last), without overflow:
/// `logSumExp([1000, 1000])` is `1000 + ln 2`. The reduced axis is removed unless `keepDims`.
///
///     logSumExp(Tensor<Double>(rows: [[0, 0], [1, 2]]), axis: 1)   // [ln 2, 2 + ln(1 + e^-1)]
public func logSumExp<S: TensorScalar>(_ x: Tensor<S>, axis: Int = -1, keepDims: Bool = false) -> Tensor<S> {
    let a = ShapeMath.normalize(axis: axis, rank: x.rank, "logSumExp")
    let (outer, n, inner) = x.split3(a)
    if n == 0 { failure("logSumExp: axis \(a) of shape \(x.shape) is empty") }
    let y = logSumExpLanes(x.scalars, outer: outer, n: n, inner: inner)            // [outer * inner]
    var shape = x.shape
    if keepDims { shape[a] = 1 } else { shape.remove(at: a) }
    let (xs, inShape) = (x.scalars, x.shape)
    return Tensor.record("logSumExp", [x], shape: shape, scalars: y) { g in
        [Tensor(shape: inShape, scalars: logSumExpBackward(g.scalars, x: xs, y: y, outer: outer, n: n, inner: inner))]
    }
}

/// y[o, i] = logSumExp_j x[o, j, i] over the [outer, n, inner] view.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func logSumExpLanes<S: TensorScalar>(_ x: [S], outer: Int, n: Int, inner: Int) -> [S] {
    var y = [S](repeating: 0, count: outer * inner)
    x.withUnsafeBufferPointer { px in
        for o in 0..<outer {
            for i in 0..<inner {
                let lane = px.baseAddress! + o * n * inner + i                       // element j at j * inner
                var m = -S.infinity
                for j in 0..<n { m = Swift.max(m, lane[j * inner]) }
                if m == -S.infinity { y[o * inner + i] = m; continue }            // all -inf: ln 0
                if !m.isFinite { y[o * inner + i] = m; continue }                 // +inf or NaN propagates
                var total: S = 0
                for j in 0..<n { total += S.exp(lane[j * inner] - m) }
                y[o * inner + i] = m + S.log(total)
            }
        }
    }
    return y
}

/// dx[o, j, i] = g[o, i] * e^(x[o, j, i] - y[o, i]), and 0 in lanes where y = -inf.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func logSumExpBackward<S: TensorScalar>(
    _ g: [S], x: [S], y: [S], outer: Int, n: Int, inner: Int
) -> [S] {
    var dx = [S](repeating: 0, count: x.count)
    for o in 0..<outer {
        for i in 0..<inner where y[o * inner + i] != -S.infinity {
            let (gi, yi) = (g[o * inner + i], y[o * inner + i])
            for j in 0..<n {
                let k = (o * n + j) * inner + i
                dx[k] = gi * S.exp(x[k] - yi)
            }
        }
    }
    return dx
}
