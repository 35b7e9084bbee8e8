// Differentiable elementwise functions. Each forward is followed by its derivative, written in terms of the
// forward's inputs or outputs (named `x`, `y`).

/// Applies `f` elementwise and records `dx = dy * dfdx(x, y)`.
func unaryOp<S: TensorScalar>(
    _ name: String, _ x: Tensor<S>, _ y: [S], _ dfdx: @escaping (S, S) -> S
) -> Tensor<S> {
    let xs = x.scalars
    return Tensor.record(name, [x], shape: x.shape, scalars: y) { g in
        var dx = [S](repeating: 0, count: xs.count)
        for i in 0..<xs.count { dx[i] = g.scalars[i] * dfdx(xs[i], y[i]) }
        return [Tensor(shape: x.shape, scalars: dx)]
    }
}

/// `y = e^x`;  `dx = dy * y`.
public func exp<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    let y = x.scalars.withUnsafeBufferPointer { px in
        [S](unsafeUninitializedCapacity: px.count) { buf, n in
            if let base = px.baseAddress { S.vectorExp(base, buf.baseAddress!, count: px.count) }
            n = px.count
        }
    }
    return unaryOp("exp", x, y) { _, y in y }
}

/// `y = ln x`;  `dx = dy / x`. Non-positive inputs give -inf / NaN, as in PyTorch.
public func log<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    unaryOp("log", x, x.scalars.map { S.log($0) }) { x, _ in 1 / x }
}

/// `y = tanh x`;  `dx = dy * (1 - y^2)`.
public func tanh<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    let y = x.scalars.withUnsafeBufferPointer { px in
        [S](unsafeUninitializedCapacity: px.count) { buf, n in
            if let base = px.baseAddress { S.vectorTanh(base, buf.baseAddress!, count: px.count) }
            n = px.count
        }
    }
    return unaryOp("tanh", x, y) { _, y in 1 - y * y }
}

/// `y = 1 / (1 + e^-x)`;  `dx = dy * y * (1 - y)`.
public func sigmoid<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    let y = x.scalars.withUnsafeBufferPointer { px in
        [S](unsafeUninitializedCapacity: px.count) { buf, n in
            if let base = px.baseAddress { S.vectorSigmoid(base, buf.baseAddress!, count: px.count) }
            n = px.count
        }
    }
    return unaryOp("sigmoid", x, y) { _, y in y * (1 - y) }
}

/// `y = max(x, 0)`;  `dx = dy` where x > 0, else 0.
public func relu<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    unaryOp("relu", x, x.scalars.map { $0 > 0 ? $0 : 0 }) { x, _ in x > 0 ? 1 : 0 }
}

/// `y = x` for x > 0, `slope * x` otherwise.
public func leakyRelu<S: TensorScalar>(_ x: Tensor<S>, slope: S = 0.01) -> Tensor<S> {
    unaryOp("leakyRelu", x, x.scalars.map { $0 > 0 ? $0 : slope * $0 }) { x, _ in x > 0 ? 1 : slope }
}

/// `y = ln(1 + e^x)` computed stably;  `dx = dy * sigmoid(x)`.
public func softplus<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    let y = x.scalars.map { v in v > 0 ? v + S.log1p(S.exp(-v)) : S.log1p(S.exp(v)) }
    return unaryOp("softplus", x, y) { x, _ in
        x >= 0 ? 1 / (1 + S.exp(-x)) : S.exp(x) / (1 + S.exp(x))
    }
}

/// `y = sqrt(x)`;  `dx = dy / (2 y)`.
public func sqrt<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    unaryOp("sqrt", x, x.scalars.map { $0.squareRoot() }) { _, y in 1 / (2 * y) }
}

/// `y = |x|`;  `dx = dy * sign(x)` (0 at x = 0, as in PyTorch).
public func abs<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
    unaryOp("abs", x, x.scalars.map { Swift.abs($0) }) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// `y = x^p` for a constant exponent;  `dx = dy * p * x^(p-1)`.
public func pow<S: TensorScalar>(_ x: Tensor<S>, _ p: S) -> Tensor<S> {
    unaryOp("pow", x, x.scalars.map { S.pow($0, p) }) { x, _ in p == 0 ? 0 : p * S.pow(x, p - 1) }
}

/// `y = a^b` elementwise with broadcasting;  `da = dy * b * a^(b-1)`, `db = dy * y * ln a`.
public func pow<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
    let (shape, y) = Broadcast.binary(a, b, "pow") { S.pow($0, $1) }
    let (av, bv) = (a.detached(), b.detached())
    return Tensor.record("pow", [a, b], shape: shape, scalars: y) { g in
        let ae = Broadcast.expand(av, to: shape), be = Broadcast.expand(bv, to: shape)
        var da = [S](repeating: 0, count: y.count), db = da
        for i in 0..<y.count {
            da[i] = g.scalars[i] * (be[i] == 0 ? 0 : be[i] * S.pow(ae[i], be[i] - 1))
            db[i] = ae[i] > 0 ? g.scalars[i] * y[i] * S.log(ae[i]) : 0
        }
        return [Broadcast.reduce(Tensor(shape: shape, scalars: da), to: a.shape),
                Broadcast.reduce(Tensor(shape: shape, scalars: db), to: b.shape)]
    }
}

/// `y = min(max(x, low), high)`;  `dx = dy` strictly inside the range, else 0.
public func clamp<S: TensorScalar>(_ x: Tensor<S>, min low: S, max high: S) -> Tensor<S> {
    if low > high { failure("clamp: min \(low) > max \(high)") }
    return unaryOp("clamp", x, x.scalars.map { Swift.min(Swift.max($0, low), high) }) { x, _ in
        x >= low && x <= high ? 1 : 0
    }
}

/// Elementwise choice: `a` where `condition` is nonzero, `b` elsewhere (all three broadcast together).
/// Gradients flow to `a` where the condition holds and to `b` elsewhere; none to `condition`.
public func `where`<S: TensorScalar>(_ condition: Tensor<S>, _ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
    let shape = ShapeMath.broadcast(ShapeMath.broadcast(condition.shape, a.shape, "where"), b.shape, "where")
    let c = Broadcast.expand(condition, to: shape)
    let ae = Broadcast.expand(a, to: shape), be = Broadcast.expand(b, to: shape)
    let y = (0..<c.count).map { c[$0] != 0 ? ae[$0] : be[$0] }
    return Tensor.record("where", [a, b], shape: shape, scalars: y) { g in
        let da = (0..<c.count).map { c[$0] != 0 ? g.scalars[$0] : 0 }
        let db = (0..<c.count).map { c[$0] != 0 ? 0 : g.scalars[$0] }
        return [Broadcast.reduce(Tensor(shape: shape, scalars: da), to: a.shape),
                Broadcast.reduce(Tensor(shape: shape, scalars: db), to: b.shape)]
    }
}
