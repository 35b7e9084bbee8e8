// Reductions: sum, mean, max, min, argmax. `axes` may be negative (-1 = last); `keepDims` keeps reduced
// axes with size 1 so the result broadcasts against the input.

extension Tensor {
    /// The sum of all elements, as a rank-0 tensor.
    public func sum() -> Tensor { sum(axes: Array(0..<rank)) }

    /// Sums over `axes`.  Gradient: dOut broadcast back over the reduced axes.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let set = Set(axes.map { ShapeMath.normalize(axis: $0, rank: rank, "sum") })
        let (kept, out) = Broadcast.sum(self, axes: set)
        let shape = keepDims ? kept : shape.enumerated().filter { !set.contains($0.offset) }.map(\.element)
        let inShape = self.shape
        return Self.record("sum", [self], shape: shape, scalars: out) { g in
            [Tensor(shape: inShape, scalars: Broadcast.expand(g.reshaped(kept), to: inShape))]
        }
    }

    /// Sums over one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// The mean of all elements. Stops on an empty tensor (the mean of nothing is undefined).
    public func mean() -> Tensor { mean(axes: Array(0..<rank)) }

    /// Means over `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let set = Set(axes.map { ShapeMath.normalize(axis: $0, rank: rank, "mean") })
        let n = set.reduce(1) { $0 * shape[$1] }
        if n == 0 { failure("mean: reducing axes \(axes.sorted()) of shape \(shape) averages over no elements") }
        return sum(axes: axes, keepDims: keepDims) / Scalar(n)
    }

    /// Means over one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// The largest element along `axis`. Gradient: dOut goes to the (first) position of the maximum.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor { extremum(axis: axis, keepDims: keepDims, "max", >) }

    /// The smallest element along `axis`.
    public func min(axis: Int, keepDims: Bool = false) -> Tensor { extremum(axis: axis, keepDims: keepDims, "min", <) }

    /// The largest element overall.
    public func max() -> Tensor { reshaped([count]).max(axis: 0) }
    /// The smallest element overall.
    public func min() -> Tensor { reshaped([count]).min(axis: 0) }

    /// The index of the largest element along `axis`, for every position of the other axes (row-major order;
    /// e.g. for logits [B, V] and axis -1: the predicted class of each of the B rows).
    public func argmax(axis: Int) -> [Int] { positions(axis: axis, "argmax", >) }

    /// The flat index of the largest element.
    public func argmax() -> Int { reshaped([count]).argmax(axis: 0)[0] }

    /// [outer, n, inner] view of this tensor around `axis`.
    func split3(_ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    func positions(axis: Int, _ op: String, _ better: (Scalar, Scalar) -> Bool) -> [Int] {
        let axis = ShapeMath.normalize(axis: axis, rank: rank, op)
        let (outer, n, inner) = split3(axis)
        if n == 0 { failure("\(op): axis \(axis) of shape \(shape) is empty") }
        var idx = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0, bestValue = scalars[o * n * inner + i]
                for j in 1..<Swift.max(n, 1) {
                    let v = scalars[(o * n + j) * inner + i]
                    if better(v, bestValue) || (v.isNaN && !bestValue.isNaN) { best = j; bestValue = v }
                }
                idx[o * inner + i] = best
            }
        }
        return idx
    }

    func extremum(axis: Int, keepDims: Bool, _ op: String, _ better: (Scalar, Scalar) -> Bool) -> Tensor {
        let axis = ShapeMath.normalize(axis: axis, rank: rank, op)
        let (outer, n, inner) = split3(axis)
        let idx = positions(axis: axis, op, better)
        let out = (0..<(outer * inner)).map { k in scalars[((k / inner) * n + idx[k]) * inner + k % inner] }
        var shape = self.shape
        if keepDims { shape[axis] = 1 } else { shape.remove(at: axis) }
        let inShape = self.shape
        return Self.record(op, [self], shape: shape, scalars: out) { g in
            var dx = [Scalar](repeating: 0, count: outer * n * inner)
            for k in 0..<(outer * inner) { dx[((k / inner) * n + idx[k]) * inner + k % inner] = g.scalars[k] }
            return [Tensor(shape: inShape, scalars: dx)]
        }
    }
}
