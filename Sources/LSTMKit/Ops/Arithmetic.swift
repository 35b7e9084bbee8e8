// Differentiable + - * / with broadcasting (NumPy / PyTorch rules). Each gradient is summed back to the
// operand's shape, so `x + bias` with x [B, H] and bias [H] gives dBias = sum over B of dOut.

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let (shape, out) = Broadcast.binary(a, b, .add)
        return record("add", [a, b], shape: shape, scalars: out) { g in
            [Broadcast.reduce(g, to: a.shape), Broadcast.reduce(g, to: b.shape)]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let (shape, out) = Broadcast.binary(a, b, .subtract)
        return record("subtract", [a, b], shape: shape, scalars: out) { g in
            [Broadcast.reduce(g, to: a.shape), Broadcast.reduce(-g, to: b.shape)]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let (shape, out) = Broadcast.binary(a, b, .multiply)
        let (av, bv) = (a.detached(), b.detached())
        return record("multiply", [a, b], shape: shape, scalars: out) { g in
            [a.requiresGrad ? Broadcast.reduce(g * bv, to: a.shape) : nil,
             b.requiresGrad ? Broadcast.reduce(g * av, to: b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let (shape, out) = Broadcast.binary(a, b, .divide)
        let (av, bv) = (a.detached(), b.detached())
        return record("divide", [a, b], shape: shape, scalars: out) { g in
            // d(a/b)/da = 1/b ; d(a/b)/db = -a/b^2
            [a.requiresGrad ? Broadcast.reduce(g / bv, to: a.shape) : nil,
             b.requiresGrad ? Broadcast.reduce(-(g * av) / (bv * bv), to: b.shape) : nil]
        }
    }

    public static prefix func - (x: Tensor) -> Tensor {
        record("negate", [x], shape: x.shape, scalars: negated(x.scalars)) { g in [-g] }
    }

    public static func + (a: Tensor, b: Scalar) -> Tensor { a + Tensor(b) }
    public static func + (a: Scalar, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Scalar) -> Tensor { a - Tensor(b) }
    public static func - (a: Scalar, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Tensor, b: Scalar) -> Tensor { a * Tensor(b) }
    public static func * (a: Scalar, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Tensor, b: Scalar) -> Tensor { a / Tensor(b) }
    public static func / (a: Scalar, b: Tensor) -> Tensor { Tensor(a) / b }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
}

/// `-x` elementwise, as a concrete loop for Float and Double.
@_specialize(where S == Float)
@_specialize(where S == Double)
func negated<S: TensorScalar>(_ x: [S]) -> [S] { mapScalars(x) { -$0 } }

// MARK: - Comparisons (not differentiable: they return 0/1 masks)

infix operator .> : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence

extension Tensor {
    /// 1 where `a > b`, else 0 (broadcasting).
    public static func .> (a: Tensor, b: Tensor) -> Tensor { compare(a, b, ".>") { $0 > $1 } }
    /// 1 where `a < b`, else 0.
    public static func .< (a: Tensor, b: Tensor) -> Tensor { compare(a, b, ".<") { $0 < $1 } }
    /// 1 where `a >= b`, else 0.
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { compare(a, b, ".>=") { $0 >= $1 } }
    /// 1 where `a <= b`, else 0.
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { compare(a, b, ".<=") { $0 <= $1 } }
    public static func .> (a: Tensor, b: Scalar) -> Tensor { a .> Tensor(b) }
    public static func .< (a: Tensor, b: Scalar) -> Tensor { a .< Tensor(b) }

    static func compare(_ a: Tensor, _ b: Tensor, _ op: String, _ p: (Scalar, Scalar) -> Bool) -> Tensor {
        let (shape, out) = Broadcast.binary(a, b, op) { p($0, $1) ? 1 : 0 }
        return Tensor(shape: shape, scalars: out)
    }
}
