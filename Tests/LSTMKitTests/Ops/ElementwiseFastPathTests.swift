import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The concrete Float/Double loops of the elementwise ops (`BinaryOp`, `UnaryFunction`, `Broadcast.sum`,
/// softmax) against naive per-element references that spell out the operation and summation order the library
/// documents. Results must be bit-identical (NaN equals NaN), on awkward sizes: 0 elements, 1, 17 (not a
/// multiple of any vector width), rank-0 operands and broadcasts along every axis.
@Suite struct ElementwiseFastPathTests {
    /// Operand shape pairs: equal shapes, scalars on either side, empty tensors, and general broadcasts.
    static let shapePairs: [([Int], [Int])] = [
        ([], []), ([0], [0]), ([0], []), ([], [0]), ([0, 3], [3]), ([2, 0], [1]),
        ([1], [1]), ([1], []), ([17], [17]), ([17], []), ([], [17]), ([17], [1]), ([1], [17]),
        ([3, 17], [17]), ([3, 17], [3, 1]), ([3, 1], [1, 17]), ([2, 3, 17], [3, 1]), ([4, 1, 5], [3, 1]),
        ([5, 1], [5, 1]), ([1, 17], [4, 1]), ([2, 3, 4], [2, 1, 4]),
    ]

    @Test func binaryOpsMatchPerElementReference() {
        checkBinaryOps(Float.self)
        checkBinaryOps(Double.self)
    }

    @Test func comparisonsAndPowKeepTheGeneralPath() {
        for (sa, sb) in Self.shapePairs {
            let a = values(sa, seed: 1, Double.self), b = values(sb, seed: 2, Double.self)
            expectIdentical(a .> b, naiveBinary(a, b) { $0 > $1 ? 1 : 0 }, "\(sa) .> \(sb)")
            let base = abs(a) + 0.5
            expectIdentical(pow(base, b), naiveBinary(base, b) { Double.pow($0, $1) }, "pow \(sa) \(sb)")
        }
    }

    @Test func unaryFunctionsMatchPerElementReference() {
        checkUnary(Float.self)
        checkUnary(Double.self)
    }

    @Test func sumMatchesDocumentedOrder() {
        checkSums(Float.self)
        checkSums(Double.self)
    }

    @Test func softmaxMatchesLaneByLaneReference() {
        checkSoftmax(Float.self)
        checkSoftmax(Double.self)
    }

    // MARK: - Checks, generic over the scalar type

    func checkBinaryOps<S: TensorScalar>(_: S.Type) {
        for (sa, sb) in Self.shapePairs {
            let a = values(sa, seed: 3, S.self), b = values(sb, seed: 4, S.self)
            expectIdentical(a + b, naiveBinary(a, b, +), "\(S.self) \(sa) + \(sb)")
            expectIdentical(a - b, naiveBinary(a, b, -), "\(S.self) \(sa) - \(sb)")
            expectIdentical(a * b, naiveBinary(a, b, *), "\(S.self) \(sa) * \(sb)")
            expectIdentical(a / b, naiveBinary(a, b, /), "\(S.self) \(sa) / \(sb)")
            expectIdentical(b / a, naiveBinary(b, a, /), "\(S.self) \(sb) / \(sa)")
            // Tensor-op-scalar overloads, both operand orders.
            expectIdentical(a * 0.3, naiveBinary(a, Tensor(0.3), *), "\(S.self) \(sa) * 0.3")
            expectIdentical(1 - a, naiveBinary(Tensor(1), a, -), "\(S.self) 1 - \(sa)")
            expectIdentical(2 / a, naiveBinary(Tensor(2), a, /), "\(S.self) 2 / \(sa)")
            // Gradients go through the same kernels and through Broadcast.reduce (a sum).
            let g = values(ShapeMath.broadcast(sa, sb, "test"), seed: 5, S.self)
            let grads = gradients(of: { x in x[0] * x[1] }, at: [a, b], seed: g).gradients
            let label = "\(S.self) a \(sa) * b \(sb)"
            expectIdentical(grads[0], naiveReduce(naiveBinary(g, b, *), to: sa), "\(label): da")
            expectIdentical(grads[1], naiveReduce(naiveBinary(g, a, *), to: sb), "\(label): db")
        }
        let x = values([17], seed: 6, S.self)
        expectIdentical(-x, Tensor(shape: [17], scalars: x.scalars.map { -$0 }), "\(S.self) negate")
    }

    func checkUnary<S: TensorScalar>(_: S.Type) {
        typealias Case = (name: String, f: (Tensor<S>) -> Tensor<S>, y: ((S) -> S)?, dydx: (S, S) -> S)
        let slope: S = 0.2, p: S = 2.5, low: S = -0.5, high: S = 0.5
        let cases: [Case] = [
            ("exp", { exp($0) }, nil, { _, y in y }),
            ("log", { log($0) }, { S.log($0) }, { x, _ in 1 / x }),
            ("tanh", { tanh($0) }, nil, { _, y in 1 - y * y }),
            ("sigmoid", { sigmoid($0) }, nil, { _, y in y * (1 - y) }),
            ("relu", { relu($0) }, { $0 > 0 ? $0 : 0 }, { x, _ in x > 0 ? 1 : 0 }),
            ("leakyRelu", { leakyRelu($0, slope: slope) }, { $0 > 0 ? $0 : slope * $0 },
             { x, _ in x > 0 ? 1 : slope }),
            ("softplus", { softplus($0) }, { v in v > 0 ? v + S.log1p(S.exp(-v)) : S.log1p(S.exp(v)) },
             { x, _ in x >= 0 ? 1 / (1 + S.exp(-x)) : S.exp(x) / (1 + S.exp(x)) }),
            ("sqrt", { sqrt($0) }, { $0.squareRoot() }, { _, y in 1 / (2 * y) }),
            ("abs", { abs($0) }, { Swift.abs($0) }, { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }),
            ("pow", { pow($0, p) }, { S.pow($0, p) }, { x, _ in p == 0 ? 0 : p * S.pow(x, p - 1) }),
            ("clamp", { clamp($0, min: low, max: high) }, { Swift.min(Swift.max($0, low), high) },
             { x, _ in x >= low && x <= high ? 1 : 0 }),
        ]
        for shape in [[0], [1], [17], [3, 17], []] {
            // log, sqrt and pow see positive inputs; the others see exact 0, -0 and 1 among random values.
            let signed = values(shape, seed: 7, S.self) * 3
            let positive = abs(signed) + 0.25
            let g = values(shape, seed: 8, S.self)
            for c in cases {
                let x = ["log", "sqrt", "pow"].contains(c.name) ? positive : signed
                let (y, grads) = gradients(of: { xs in c.f(xs[0]) }, at: [x], seed: g)
                if let reference = c.y {
                    let expected = Tensor(shape: shape, scalars: x.scalars.map(reference))
                    expectIdentical(y, expected, "\(S.self) \(c.name) \(shape)")
                }
                let dx = (0..<x.count).map { i in g.scalars[i] * c.dydx(x.scalars[i], y.scalars[i]) }
                expectIdentical(grads[0], Tensor(shape: shape, scalars: dx), "\(S.self) d\(c.name) \(shape)")
            }
        }
    }

    func checkSums<S: TensorScalar>(_: S.Type) {
        let shapes: [[Int]] = [[], [0], [1], [17], [5, 17], [7, 1], [2, 0, 3], [3, 5, 17], [2, 3, 4, 5]]
        for shape in shapes {
            let x = values(shape, seed: 9, S.self) * 1000
            // Every subset of axes.
            for mask in 0..<(1 << shape.count) {
                let axes = (0..<shape.count).filter { mask & (1 << $0) != 0 }
                let kept = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
                expectIdentical(x.sum(axes: axes, keepDims: true), naiveSum(x, axes: Set(axes), kept: kept),
                                "\(S.self) sum \(shape) axes \(axes)")
            }
        }
    }

    func checkSoftmax<S: TensorScalar>(_: S.Type) {
        for (shape, axis) in [([1], 0), ([17], 0), ([3, 17], 1), ([3, 17], 0), ([2, 5, 3], 1), ([0, 4], 1)] {
            let x = values(shape, seed: 10, S.self) * 5
            let g = values(shape, seed: 11, S.self)
            for log in [false, true] {
                let f: (Tensor<S>) -> Tensor<S> = { log ? logSoftmax($0, axis: axis) : softmax($0, axis: axis) }
                let (y, grads) = gradients(of: { xs in f(xs[0]) }, at: [x], seed: g)
                let reference = naiveSoftmax(x, g, axis: axis, log: log)
                expectIdentical(y, reference.y, "\(S.self) \(log ? "logSoftmax" : "softmax") \(shape) axis \(axis)")
                expectIdentical(grads[0], reference.dx, "\(S.self) d\(log ? "logSoftmax" : "softmax") \(shape)")
            }
        }
    }

    // MARK: - References (one element at a time, index arithmetic only)

    /// Values in [-1, 1) with a few exact specials (0, -0, 1) mixed in.
    func values<S: TensorScalar>(_ shape: [Int], seed: UInt64, _: S.Type) -> Tensor<S> {
        var x = Tensor<S>.randomUniform(shape, low: -1, high: 1, using: RandomSource(seed: seed))
        let specials: [S] = [0, -0.0, 1]
        for (k, i) in stride(from: 0, to: x.count, by: 5).enumerated() { x.scalars[i] = specials[k % 3] }
        return x
    }

    func naiveBinary<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, _ f: (S, S) -> S) -> Tensor<S> {
        let shape = ShapeMath.broadcast(a.shape, b.shape, "reference")
        let count = shape.reduce(1, *)
        let scalars = (0..<count).map { k in
            f(a.scalars[sourceIndex(k, in: shape, from: a.shape)],
              b.scalars[sourceIndex(k, in: shape, from: b.shape)])
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// The flat index in a tensor of `source` shape of the element that broadcasting puts at flat index `k` of
    /// `shape` (right-aligned axes; size-1 axes repeat).
    func sourceIndex(_ k: Int, in shape: [Int], from source: [Int]) -> Int {
        var rest = k, index = 0, step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            let i = rest % shape[axis]
            rest /= shape[axis]
            let s = axis - (shape.count - source.count)
            if s >= 0 {
                if source[s] != 1 { index += i * step }
                step *= source[s]
            }
        }
        return index
    }

    /// Sum in the documented order: each output adds the contributions of `x` in row-major order; when the last
    /// axis is reduced a contribution is a whole row, summed from 0 first.
    func naiveSum<S: TensorScalar>(_ x: Tensor<S>, axes: Set<Int>, kept: [Int]) -> Tensor<S> {
        var out = [S](repeating: 0, count: kept.reduce(1, *))
        let inner = x.shape.last ?? 1
        let lastReduced = x.shape.isEmpty || axes.contains(x.shape.count - 1) || inner == 1
        if x.count > 0 && lastReduced {
            for r in 0..<(x.count / inner) {
                var acc: S = 0
                for j in 0..<inner { acc += x.scalars[r * inner + j] }
                out[sourceIndex(r * inner, in: x.shape, from: kept)] += acc
            }
        } else {
            for k in 0..<x.count { out[sourceIndex(k, in: x.shape, from: kept)] += x.scalars[k] }
        }
        return Tensor(shape: kept, scalars: out)
    }

    func naiveReduce<S: TensorScalar>(_ g: Tensor<S>, to shape: [Int]) -> Tensor<S> {
        if g.shape == shape { return g }
        let offset = g.rank - shape.count
        let axes = Set((0..<g.rank).filter { $0 < offset || (shape[$0 - offset] == 1 && g.shape[$0] != 1) })
        let kept = g.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        return Tensor(shape: shape, scalars: naiveSum(g, axes: axes, kept: kept).scalars)
    }

    /// softmax / logSoftmax and their gradients for seed `g`, lane by lane with plain array indexing.
    func naiveSoftmax<S: TensorScalar>(
        _ x: Tensor<S>, _ g: Tensor<S>, axis: Int, log: Bool
    ) -> (y: Tensor<S>, dx: Tensor<S>) {
        let (outer, n, inner) = x.split3(axis)
        var y = [S](repeating: 0, count: x.count), dx = y
        for o in 0..<outer {
            for i in 0..<inner {
                let p = (0..<n).map { j in (o * n + j) * inner + i }
                var m = -S.infinity
                for q in p { m = Swift.max(m, x.scalars[q]) }
                if !m.isFinite { m = 0 }
                var total: S = 0
                for q in p { y[q] = S.exp(x.scalars[q] - m); total += y[q] }
                if log {
                    let lse = S.log(total)
                    for q in p { y[q] = x.scalars[q] - m - lse }
                    var gTotal: S = 0
                    for q in p { gTotal += g.scalars[q] }
                    for q in p { dx[q] = g.scalars[q] - S.exp(y[q]) * gTotal }
                } else {
                    for q in p { y[q] /= total }
                    var dot: S = 0
                    for q in p { dot += g.scalars[q] * y[q] }
                    for q in p { dx[q] = y[q] * (g.scalars[q] - dot) }
                }
            }
        }
        return (Tensor(shape: x.shape, scalars: y), Tensor(shape: x.shape, scalars: dx))
    }

    /// Same shape and the same bits in every element (any NaN equals any NaN).
    func expectIdentical<S: TensorScalar>(
        _ actual: Tensor<S>, _ expected: Tensor<S>, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.shape == expected.shape, "\(label): shape", sourceLocation: sourceLocation)
        guard actual.shape == expected.shape else { return }
        let bad = (0..<actual.count).first { i in
            let a = actual.scalars[i], e = expected.scalars[i]
            return !(a.isNaN && e.isNaN) && (a != e || a.sign != e.sign)
        }
        if let i = bad {
            Issue.record(Comment(rawValue: "\(label): index \(i): \(actual.scalars[i]) vs \(expected.scalars[i])"),
                         sourceLocation: sourceLocation)
        }
    }
}
