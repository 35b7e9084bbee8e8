/// Loops over broadcast and reduced shapes, on raw buffers. Used by the elementwise ops and reductions.
enum Broadcast {
    /// `out[i] = f(a[ia], b[ib])` over the broadcast shape of `a` and `b`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func binary<S: TensorScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>, _ op: String, _ f: (S, S) -> S
    ) -> (shape: [Int], scalars: [S]) {
        if a.shape == b.shape {
            let out = [S](unsafeUninitializedCapacity: a.count) { buf, n in
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        for i in 0..<pa.count { buf[i] = f(pa[i], pb[i]) }
                    }
                }
                n = a.count
            }
            return (a.shape, out)
        }
        let shape = ShapeMath.broadcast(a.shape, b.shape, op)
        let total = shape.reduce(1, *)
        if b.count == 1 && a.count == total {
            let s = b.scalars[0]
            return (shape, a.scalars.map { f($0, s) })
        }
        if a.count == 1 && b.count == total {
            let s = a.scalars[0]
            return (shape, b.scalars.map { f(s, $0) })
        }
        let sa = ShapeMath.broadcastStrides(a.shape, to: shape)
        let sb = ShapeMath.broadcastStrides(b.shape, to: shape)
        let out = [S](unsafeUninitializedCapacity: total) { buf, n in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    var k = 0
                    forEachRow(shape, [sa, sb]) { offsets, inner in
                        var ia = offsets[0], ib = offsets[1]
                        let da = sa[shape.count - 1], db = sb[shape.count - 1]
                        for _ in 0..<inner { buf[k] = f(pa[ia], pb[ib]); ia += da; ib += db; k += 1 }
                    }
                }
            }
            n = total
        }
        return (shape, out)
    }

    /// Calls `body(offsets, innerCount)` once per row (all axes but the last) of `shape`, with each operand's
    /// offset of the row's first element. Rank-0 shapes have one row of one element.
    static func forEachRow(_ shape: [Int], _ strides: [[Int]], _ body: ([Int], Int) -> Void) {
        let rank = shape.count
        if rank == 0 { body(Array(repeating: 0, count: strides.count), 1); return }
        if shape.contains(0) { return }
        let inner = shape[rank - 1]
        var index = [Int](repeating: 0, count: rank - 1)
        var offsets = [Int](repeating: 0, count: strides.count)
        while true {
            body(offsets, inner)
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                for k in 0..<strides.count { offsets[k] += strides[k][axis] }
                if index[axis] < shape[axis] { break }
                for k in 0..<strides.count { offsets[k] -= strides[k][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// Sums `x` over `axes`, keeping them with size 1.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func sum<S: TensorScalar>(_ x: Tensor<S>, axes: Set<Int>) -> (shape: [Int], scalars: [S]) {
        let kept = x.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let outCount = kept.reduce(1, *)
        var out = [S](repeating: 0, count: outCount)
        if x.count == 0 { return (kept, out) }
        // Fast path: reducing trailing axes of a contiguous tensor is a sum of contiguous runs.
        let so = ShapeMath.broadcastStrides(kept, to: x.shape)
        out.withUnsafeMutableBufferPointer { po in
            x.scalars.withUnsafeBufferPointer { px in
                var k = 0
                forEachRow(x.shape, [so]) { offsets, inner in
                    var io = offsets[0]
                    let d = x.shape.isEmpty ? 0 : so[x.shape.count - 1]
                    if d == 0 {
                        var acc: S = 0
                        for j in 0..<inner { acc += px[k + j] }
                        po[io] += acc
                    } else {
                        for j in 0..<inner { po[io] += px[k + j]; io += d }
                    }
                    k += inner
                }
            }
        }
        return (kept, out)
    }

    /// The gradient `g` of a broadcast result, summed back to an operand's `shape`.
    static func reduce<S: TensorScalar>(_ g: Tensor<S>, to shape: [Int]) -> Tensor<S> {
        if g.shape == shape { return g }
        let offset = g.rank - shape.count
        var axes = Set<Int>()
        for i in 0..<g.rank where i < offset || (shape[i - offset] == 1 && g.shape[i] != 1) { axes.insert(i) }
        let (_, scalars) = sum(g, axes: axes)
        return Tensor(shape: shape, scalars: scalars)
    }

    /// Copies `x` broadcast to `shape`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func expand<S: TensorScalar>(_ x: Tensor<S>, to shape: [Int]) -> [S] {
        if x.shape == shape { return x.scalars }
        let total = shape.reduce(1, *)
        if x.count == 1 { return [S](repeating: x.scalars[0], count: total) }
        let sx = ShapeMath.broadcastStrides(x.shape, to: shape)
        return [S](unsafeUninitializedCapacity: total) { out, initialized in
            x.scalars.withUnsafeBufferPointer { px in
                var k = 0
                forEachRow(shape, [sx]) { offsets, inner in
                    var i = offsets[0]
                    let d = shape.isEmpty ? 0 : sx[shape.count - 1]
                    for _ in 0..<inner { out[k] = px[i]; i += d; k += 1 }
                }
            }
            initialized = total
        }
    }
}
