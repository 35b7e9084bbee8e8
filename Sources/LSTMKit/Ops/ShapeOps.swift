// Differentiable shape operations: reshape, permute/transpose, slice, concat/stack, split/chunk,
// squeeze/unsqueeze, broadcast. Each gradient undoes the forward's data movement.

extension Tensor {
    /// The same elements with a new shape; one dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        if inferred.count > 1 { failure("reshape: \(shape) -> \(newShape): at most one -1 is allowed") }
        if newShape.contains(where: { $0 < -1 }) { failure("reshape: \(shape) -> \(newShape): negative size") }
        if let i = inferred.first {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            if known == 0 || count % known != 0 {
                failure("reshape: \(shape) (\(count) elements) cannot be viewed as \(newShape)")
            }
            target[i] = count / known
        }
        if target.reduce(1, *) != count {
            failure("reshape: \(shape) (\(count) elements) cannot be viewed as \(newShape) (\(target.reduce(1, *)) elements)")
        }
        if target == shape { return self }
        let inShape = shape
        return Self.record("reshape", [self], shape: target, scalars: scalars) { g in [g.reshaped(inShape)] }
    }

    /// Reorders the axes: axis `i` of the result is axis `axes[i]` of `self` (like `torch.permute`).
    public func permuted(_ axes: [Int]) -> Tensor {
        let axes = axes.map { ShapeMath.normalize(axis: $0, rank: rank, "permute") }
        if Set(axes).count != rank || axes.count != rank {
            failure("permute: \(axes) is not a permutation of the \(rank) axes of shape \(shape)")
        }
        if axes == Array(0..<rank) { return self }
        let outShape = axes.map { shape[$0] }
        let inStrides = ShapeMath.strides(shape)
        let out = permutedScalars(scalars, outShape: outShape, strides: axes.map { inStrides[$0] })
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return Self.record("permute", [self], shape: outShape, scalars: out) { g in [g.permuted(inverse)] }
    }

    /// Swaps the last two axes (the matrix transpose for rank 2).
    public func transposed() -> Tensor {
        if rank < 2 { failure("transposed: needs rank >= 2, got shape \(shape)") }
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// Swaps two axes.
    public func transposed(_ a: Int, _ b: Int) -> Tensor {
        var axes = Array(0..<rank)
        axes.swapAt(ShapeMath.normalize(axis: a, rank: rank, "transposed"),
                    ShapeMath.normalize(axis: b, rank: rank, "transposed"))
        return permuted(axes)
    }

    /// The elements at positions `range` along `axis` (a copy).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = ShapeMath.normalize(axis: axis, rank: rank, "slice")
        if range.lowerBound < 0 || range.upperBound > shape[axis] {
            failure("slice: range \(range) is out of bounds for axis \(axis) of size \(shape[axis]) (shape \(shape))")
        }
        let (outer, n, inner) = split3(axis)
        let len = range.count
        var out = [Scalar](); out.reserveCapacity(outer * len * inner)
        for o in 0..<outer {
            let start = (o * n + range.lowerBound) * inner
            out.append(contentsOf: scalars[start..<(start + len * inner)])
        }
        var outShape = shape
        outShape[axis] = len
        let inShape = shape
        return Self.record("slice", [self], shape: outShape, scalars: out) { g in
            var dx = filledScalars(Scalar(0), count: outer * n * inner)
            // Block copies through raw buffers (an element loop over `g.scalars` cost ~20x more).
            if len * inner > 0 { g.scalars.withUnsafeBufferPointer { gs in
                dx.withUnsafeMutableBufferPointer { d in
                    for o in 0..<outer {
                        let start = (o * n + range.lowerBound) * inner
                        (d.baseAddress! + start).update(from: gs.baseAddress! + o * len * inner, count: len * inner)
                    }
                }
            } }
            return [Tensor(shape: inShape, scalars: dx)]
        }
    }

    /// Joins tensors along an existing axis; all other sizes must agree.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        guard let first = tensors.first else { failure("concat: no tensors given") }
        let axis = ShapeMath.normalize(axis: axis, rank: first.rank, "concat")
        for (k, t) in tensors.enumerated() {
            var a = t.shape, b = first.shape
            if a.count == b.count { a[axis] = 0; b[axis] = 0 }
            if a != b {
                failure("concat: tensor \(k) has shape \(t.shape), incompatible with tensor 0 \(first.shape) along axis \(axis)")
            }
        }
        let sizes = tensors.map { $0.shape[axis] }
        let total = sizes.reduce(0, +)
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        var out = [Scalar](); out.reserveCapacity(outer * total * inner)
        for o in 0..<outer {
            for (t, n) in zip(tensors, sizes) {
                out.append(contentsOf: t.scalars[(o * n * inner)..<((o + 1) * n * inner)])
            }
        }
        var shape = first.shape
        shape[axis] = total
        return record("concat", tensors, shape: shape, scalars: out) { g in
            var start = 0
            return sizes.map { n in
                defer { start += n }
                return g.slice(axis: axis, start..<(start + n))
            }
        }
    }

    /// Joins tensors of equal shape along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        guard let first = tensors.first else { failure("stack: no tensors given") }
        for (k, t) in tensors.enumerated() where t.shape != first.shape {
            failure("stack: tensor \(k) has shape \(t.shape), tensor 0 has \(first.shape)")
        }
        let axis = ShapeMath.normalize(axis: axis, rank: first.rank + 1, "stack")
        return concat(tensors.map { $0.unsqueezed(axis) }, axis: axis)
    }

    /// Splits into pieces of the given sizes along `axis` (sizes must add up to the axis size).
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let a = ShapeMath.normalize(axis: axis, rank: rank, "split")
        if sizes.reduce(0, +) != shape[a] || sizes.contains(where: { $0 < 0 }) {
            failure("split: sizes \(sizes) do not add up to axis \(a) of shape \(shape)")
        }
        var start = 0
        return sizes.map { n in
            defer { start += n }
            return slice(axis: a, start..<(start + n))
        }
    }

    /// Splits into `count` equal pieces along `axis` (the axis size must be divisible by `count`).
    /// `lstmGates.chunked(4, axis: 1)` gives the i, f, g, o blocks of a [B, 4H] tensor.
    public func chunked(_ count: Int, axis: Int = 0) -> [Tensor] {
        let a = ShapeMath.normalize(axis: axis, rank: rank, "chunked")
        if count <= 0 || shape[a] % count != 0 {
            failure("chunked: axis \(a) of shape \(shape) cannot be cut into \(count) equal pieces")
        }
        return split(sizes: Array(repeating: shape[a] / count, count: count), axis: a)
    }

    /// Removes `axis`, which must have size 1.
    public func squeezed(_ axis: Int) -> Tensor {
        let a = ShapeMath.normalize(axis: axis, rank: rank, "squeezed")
        if shape[a] != 1 { failure("squeezed: axis \(a) of shape \(shape) has size \(shape[a]), not 1") }
        var s = shape
        s.remove(at: a)
        return reshaped(s)
    }

    /// Inserts an axis of size 1 at `axis` (which may be `rank`, or negative counted from rank + 1).
    public func unsqueezed(_ axis: Int) -> Tensor {
        let a = ShapeMath.normalize(axis: axis, rank: rank + 1, "unsqueezed")
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// This tensor repeated to `shape` by broadcasting (sizes of 1 stretch; new axes on the left).
    public func broadcast(to shape: [Int]) -> Tensor {
        if ShapeMath.broadcast(self.shape, shape, "broadcast") != shape {
            failure("broadcast: shape \(self.shape) cannot be broadcast to \(shape)")
        }
        let inShape = self.shape
        return Self.record("broadcast", [self], shape: shape, scalars: Broadcast.expand(self, to: shape)) { g in
            [Broadcast.reduce(g, to: inShape)]
        }
    }
}

/// The elements of `x` read in the order of `outShape` with the source strides `strides` (one per output axis):
/// the copy behind `permuted`, as concrete Float or Double code (a generic per-element `append` cost ~10x
/// more), with rows whose last axis stays last copied whole.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func permutedScalars<S: TensorScalar>(_ x: [S], outShape: [Int], strides: [Int]) -> [S] {
    let d = outShape.isEmpty ? 0 : strides[outShape.count - 1]
    return [S](unsafeUninitializedCapacity: x.count) { out, initialized in
        x.withUnsafeBufferPointer { p in
            var o = 0
            Broadcast.forEachRow(outShape, [strides]) { offsets, inner in
                if d == 1 {
                    (out.baseAddress! + o).initialize(from: p.baseAddress! + offsets[0], count: inner)
                    o += inner
                } else {
                    var i = offsets[0]
                    for _ in 0..<inner { (out.baseAddress! + o).initialize(to: p[i]); o += 1; i += d }
                }
            }
        }
        initialized = x.count
    }
}
