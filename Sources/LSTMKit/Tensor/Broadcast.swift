/// The arithmetic of `+ - * /`, passed to `Broadcast.binary` as data: the generic code switches on it once per
/// row and then runs a concrete Float or Double loop. (A closure such as `*` built in generic code would cost a
/// protocol witness call per element, several ns.)
enum BinaryOp {
    case add, subtract, multiply, divide

    /// The operation's name in error messages.
    var name: String {
        switch self {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        }
    }
}

/// Loops over broadcast and reduced shapes, on raw buffers. Used by the elementwise ops and reductions.
enum Broadcast {
    /// `out[i] = a[ia] op b[ib]` over the broadcast shape of `a` and `b`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func binary<S: TensorScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>, _ op: BinaryOp
    ) -> (shape: [Int], scalars: [S]) {
        binaryRows(a, b, op.name) { pa, da, pb, db, out, n in
            switch op {
            case .add: row(pa, da, pb, db, out, n) { $0 + $1 }
            case .subtract: row(pa, da, pb, db, out, n) { $0 - $1 }
            case .multiply: row(pa, da, pb, db, out, n) { $0 * $1 }
            case .divide: row(pa, da, pb, db, out, n) { $0 / $1 }
            }
        }
    }

    /// `out[i] = f(a[ia], b[ib])` over the broadcast shape of `a` and `b`: the general form for functions
    /// without a `BinaryOp` (pow, comparisons); `f` runs as an indirect call per element.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func binary<S: TensorScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>, _ op: String, _ f: (S, S) -> S
    ) -> (shape: [Int], scalars: [S]) {
        binaryRows(a, b, op) { pa, da, pb, db, out, n in row(pa, da, pb, db, out, n, f) }
    }

    /// The broadcasting shared by both `binary` forms: calls `body(a, strideA, b, strideB, out, n)` for each
    /// contiguous run of `n` output elements, where operand elements are `a[j * strideA]`, `b[j * strideB]`.
    /// Equal shapes and single-element operands are one run.
    @inline(__always)
    static func binaryRows<S: TensorScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>, _ op: String,
        _ body: (UnsafePointer<S>, Int, UnsafePointer<S>, Int, UnsafeMutablePointer<S>, Int) -> Void
    ) -> (shape: [Int], scalars: [S]) {
        let shape = a.shape == b.shape ? a.shape : ShapeMath.broadcast(a.shape, b.shape, op)
        let total = shape.reduce(1, *)
        if total == 0 { return (shape, []) }
        let out = [S](unsafeUninitializedCapacity: total) { buf, n in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    let ap = pa.baseAddress!, bp = pb.baseAddress!, o = buf.baseAddress!
                    if pa.count == total && pb.count == total {
                        body(ap, 1, bp, 1, o, total)
                    } else if pa.count == total && pb.count == 1 {
                        body(ap, 1, bp, 0, o, total)
                    } else if pa.count == 1 && pb.count == total {
                        body(ap, 0, bp, 1, o, total)
                    } else {
                        let sa = ShapeMath.broadcastStrides(a.shape, to: shape)
                        let sb = ShapeMath.broadcastStrides(b.shape, to: shape)
                        let da = sa[shape.count - 1], db = sb[shape.count - 1]
                        var k = 0
                        forEachRow(shape, [sa, sb]) { offsets, inner in
                            body(ap + offsets[0], da, bp + offsets[1], db, o + k, inner)
                            k += inner
                        }
                    }
                }
            }
            n = total
        }
        return (shape, out)
    }

    /// `out[j] = f(a[j * da], b[j * db])` for `j < n`, with the common stride pairs as separate loops so they
    /// vectorize once `f` is inlined.
    @inline(__always)
    static func row<S>(
        _ a: UnsafePointer<S>, _ da: Int, _ b: UnsafePointer<S>, _ db: Int,
        _ out: UnsafeMutablePointer<S>, _ n: Int, _ f: (S, S) -> S
    ) {
        if da == 1 && db == 1 {
            for j in 0..<n { out[j] = f(a[j], b[j]) }
        } else if da == 1 && db == 0 {
            let s = b[0]
            for j in 0..<n { out[j] = f(a[j], s) }
        } else if da == 0 && db == 1 {
            let s = a[0]
            for j in 0..<n { out[j] = f(s, b[j]) }
        } else {
            for j in 0..<n { out[j] = f(a[j * da], b[j * db]) }
        }
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
    ///
    /// Each output adds its rows in row-major order; when the last axis is reduced, each row is first summed
    /// on its own from 0 in element order. Four such rows run interleaved (their additions are independent,
    /// so this only overlaps their latency; every sum is the same as one row at a time).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func sum<S: TensorScalar>(_ x: Tensor<S>, axes: Set<Int>) -> (shape: [Int], scalars: [S]) {
        let kept = x.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let outCount = kept.reduce(1, *)
        var out = [S](repeating: 0, count: outCount)
        if x.count == 0 { return (kept, out) }
        let so = ShapeMath.broadcastStrides(kept, to: x.shape)
        let inner = x.shape.last ?? 1
        let d = so.last ?? 0
        out.withUnsafeMutableBufferPointer { po in
            x.scalars.withUnsafeBufferPointer { px in
                if d == 0 {
                    // Last axis reduced: row r (elements r * inner ..< (r + 1) * inner) adds into po[targets[r]].
                    var targets = [Int]()
                    targets.reserveCapacity(x.count / inner)
                    forEachRow(x.shape, [so]) { offsets, _ in targets.append(offsets[0]) }
                    var r = 0
                    while r + 4 <= targets.count {
                        let p0 = px.baseAddress! + r * inner, p1 = p0 + inner, p2 = p1 + inner, p3 = p2 + inner
                        var s0: S = 0, s1: S = 0, s2: S = 0, s3: S = 0
                        for j in 0..<inner { s0 += p0[j]; s1 += p1[j]; s2 += p2[j]; s3 += p3[j] }
                        po[targets[r]] += s0
                        po[targets[r + 1]] += s1
                        po[targets[r + 2]] += s2
                        po[targets[r + 3]] += s3
                        r += 4
                    }
                    while r < targets.count {
                        let p = px.baseAddress! + r * inner
                        var acc: S = 0
                        for j in 0..<inner { acc += p[j] }
                        po[targets[r]] += acc
                        r += 1
                    }
                } else {
                    // Last axis kept (d == 1): add the row elementwise into its output row.
                    var k = 0
                    forEachRow(x.shape, [so]) { offsets, inner in
                        let source = px.baseAddress! + k, target = po.baseAddress! + offsets[0]
                        for j in 0..<inner { target[j] += source[j] }
                        k += inner
                    }
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
