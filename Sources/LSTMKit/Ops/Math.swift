// Differentiable elementwise functions. Each one-input function is a case of `UnaryFunction`, whose `forward`
// and `derivative` (at the end of this file, in the same order) hold the math written in the doc comments;
// pow(a, b) and where, with two or three inputs, keep their (slower, generic) loops inline.

/// `y = e^x`;  `dx = dy * y`.
public func exp<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.exp, x) }

/// `y = ln x`;  `dx = dy / x`. Non-positive inputs give -inf / NaN, as in PyTorch.
public func log<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.log, x) }

/// `y = tanh x`;  `dx = dy * (1 - y^2)`.
public func tanh<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.tanh, x) }

/// `y = 1 / (1 + e^-x)`;  `dx = dy * y * (1 - y)`.
public func sigmoid<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.sigmoid, x) }

/// `y = max(x, 0)`;  `dx = dy` where x > 0, else 0.
public func relu<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.relu, x) }

/// `y = x` for x > 0, `slope * x` otherwise;  `dx = dy` for x > 0, `slope * dy` otherwise.
public func leakyRelu<S: TensorScalar>(_ x: Tensor<S>, slope: S = 0.01) -> Tensor<S> {
    unaryOp(.leakyRelu(slope: slope), x)
}

/// `y = ln(1 + e^x)` computed stably;  `dx = dy * sigmoid(x)`.
public func softplus<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.softplus, x) }

/// `y = sqrt(x)`;  `dx = dy / (2 y)`.
public func sqrt<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.sqrt, x) }

/// `y = |x|`;  `dx = dy * sign(x)` (0 at x = 0, as in PyTorch).
public func abs<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> { unaryOp(.abs, x) }

/// `y = x^p` for a constant exponent;  `dx = dy * p * x^(p-1)`.
public func pow<S: TensorScalar>(_ x: Tensor<S>, _ p: S) -> Tensor<S> { unaryOp(.pow(p), x) }

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
    return unaryOp(.clamp(low: low, high: high), x)
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

/// Applies `f` elementwise and records `dx = dy * f'(x, y)`.
func unaryOp<S: TensorScalar>(_ f: UnaryFunction<S>, _ x: Tensor<S>) -> Tensor<S> {
    let (shape, xs) = (x.shape, x.scalars)
    let y = f.forward(xs)
    return Tensor.record(f.name, [x], shape: shape, scalars: y) { g in
        [Tensor(shape: shape, scalars: f.derivative(g.scalars, x: xs, y: y))]
    }
}

/// The elementwise functions above, as data: generic code switches on the case once per call and then runs a
/// concrete Float or Double loop. (A closure built in generic code costs a protocol call per element.)
enum UnaryFunction<S: TensorScalar> {
    case exp, log, tanh, sigmoid, relu, leakyRelu(slope: S), softplus, sqrt, abs, pow(S), clamp(low: S, high: S)

    /// The name recorded in the autodiff graph.
    var name: String {
        switch self {
        case .exp: "exp"
        case .log: "log"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .relu: "relu"
        case .leakyRelu: "leakyRelu"
        case .softplus: "softplus"
        case .sqrt: "sqrt"
        case .abs: "abs"
        case .pow: "pow"
        case .clamp: "clamp"
        }
    }

    /// `y = f(x)` elementwise.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func forward(_ x: [S]) -> [S] {
        switch self {
        case .exp: return mapBuffer(x, S.vectorExp)
        case .log: return mapScalars(x) { S.log($0) }
        case .tanh: return mapBuffer(x, S.vectorTanh)
        case .sigmoid: return mapBuffer(x, S.vectorSigmoid)
        case .relu: return mapScalars(x) { $0 > 0 ? $0 : 0 }
        case .leakyRelu(let slope): return mapScalars(x) { $0 > 0 ? $0 : slope * $0 }
        case .softplus: return mapScalars(x) { v in v > 0 ? v + S.log1p(S.exp(-v)) : S.log1p(S.exp(v)) }
        case .sqrt: return mapScalars(x) { $0.squareRoot() }
        case .abs: return mapScalars(x) { Swift.abs($0) }
        case .pow(let p): return mapScalars(x) { S.pow($0, p) }
        case .clamp(let low, let high): return mapScalars(x) { Swift.min(Swift.max($0, low), high) }
        }
    }

    /// `dx = dy * f'(x, y)` elementwise, given the forward's input `x` and output `y`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func derivative(_ dy: [S], x: [S], y: [S]) -> [S] {
        switch self {
        case .exp: return mapScalars(dy, x, y) { g, _, y in g * y }
        case .log: return mapScalars(dy, x, y) { g, x, _ in g * (1 / x) }
        case .tanh: return mapScalars(dy, x, y) { g, _, y in g * (1 - y * y) }
        case .sigmoid: return mapScalars(dy, x, y) { g, _, y in g * (y * (1 - y)) }
        case .relu: return mapScalars(dy, x, y) { g, x, _ in g * (x > 0 ? 1 : 0) }
        case .leakyRelu(let slope): return mapScalars(dy, x, y) { g, x, _ in g * (x > 0 ? 1 : slope) }
        case .softplus:
            return mapScalars(dy, x, y) { g, x, _ in
                g * (x >= 0 ? 1 / (1 + S.exp(-x)) : S.exp(x) / (1 + S.exp(x)))
            }
        case .sqrt: return mapScalars(dy, x, y) { g, _, y in g * (1 / (2 * y)) }
        case .abs: return mapScalars(dy, x, y) { g, x, _ in g * (x > 0 ? 1 : (x < 0 ? -1 : 0)) }
        case .pow(let p): return mapScalars(dy, x, y) { g, x, _ in g * (p == 0 ? 0 : p * S.pow(x, p - 1)) }
        case .clamp(let low, let high):
            return mapScalars(dy, x, y) { g, x, _ in g * (x >= low && x <= high ? 1 : 0) }
        }
    }
}

/// `[f(x[i])]` as one loop over raw buffers; inlined, so `f` is concrete code in a specialized caller.
@inline(__always)
func mapScalars<S>(_ x: [S], _ f: (S) -> S) -> [S] {
    [S](unsafeUninitializedCapacity: x.count) { out, n in
        x.withUnsafeBufferPointer { px in
            for i in 0..<px.count { out[i] = f(px[i]) }
        }
        n = x.count
    }
}

/// `[f(a[i], b[i], c[i])]` for three buffers of equal count.
@inline(__always)
func mapScalars<S>(_ a: [S], _ b: [S], _ c: [S], _ f: (S, S, S) -> S) -> [S] {
    if a.count != b.count || b.count != c.count {
        failure("mapScalars: counts \(a.count), \(b.count), \(c.count) differ")
    }
    return [S](unsafeUninitializedCapacity: a.count) { out, n in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeBufferPointer { pc in
                    for i in 0..<pa.count { out[i] = f(pa[i], pb[i], pc[i]) }
                }
            }
        }
        n = a.count
    }
}

/// Applies a buffer kernel such as `S.vectorExp(x, y, count:)` to all of `x`.
@inline(__always)
func mapBuffer<S>(_ x: [S], _ kernel: (UnsafePointer<S>, UnsafeMutablePointer<S>, Int) -> Void) -> [S] {
    [S](unsafeUninitializedCapacity: x.count) { out, n in
        x.withUnsafeBufferPointer { px in
            if let base = px.baseAddress, px.count > 0 { kernel(base, out.baseAddress!, px.count) }
        }
        n = x.count
    }
}
