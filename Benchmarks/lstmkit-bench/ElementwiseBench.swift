import Foundation
import LSTMKit

/// Times the differentiable elementwise ops and reductions on [100, 32, 256] Float tensors ([T, B, H] of a
/// mid-size LSTM), in ns per element of the largest operand; two rows repeat a case in Double.
///
/// Forward-only rows run on constants (nothing is recorded). The `backward` rows build the graph from a fresh
/// leaf each run and include the forward. A raw loop over `[Float]` gives the memory-bound floor for `a * b`.
/// Each figure is the median of 15 timed runs after 3 warm-ups. The last column is an FNV-1a hash of the
/// result's bits (the gradient for backward rows), taken outside the timing: an optimization that keeps the
/// results bit-identical keeps every hash.
func benchElementwise() {
    let shape = [100, 32, 256]
    let n = shape.reduce(1, *)
    let rng = RandomSource(seed: 7)
    let a = Tensor<Float>.randomNormal(shape, using: rng)
    let b = Tensor<Float>.randomNormal(shape, using: rng)
    let positive = Tensor<Float>.randomUniform(shape, low: 0.5, high: 2, using: rng)
    let bias = Tensor<Float>.randomNormal([256], using: rng)
    let a64 = a.converted(to: Double.self), b64 = b.converted(to: Double.self)

    // Each case runs with `keep == false` while timed and once with `keep == true` to hash its result.
    var digest: UInt64 = 0
    func output<S: TensorScalar>(_ t: Tensor<S>, _ keep: Bool) {
        if keep { digest = bitHash(t.scalars) } else { blackHole(t) }
    }
    let cases: [(name: String, body: (Bool) -> Void)] = [
        ("raw loop a * b", { keep in
            let out = [Float](unsafeUninitializedCapacity: n) { buf, count in
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        for i in 0..<n { buf[i] = pa[i] * pb[i] }
                    }
                }
                count = n
            }
            output(Tensor(shape: shape, scalars: out), keep)
        }),
        ("a * b", { output(a * b, $0) }),
        ("a + b", { output(a + b, $0) }),
        ("a / positive", { output(a / positive, $0) }),
        ("a * 0.5", { output(a * 0.5, $0) }),
        ("a - bias [256]", { output(a - bias, $0) }),
        ("-a", { output(-a, $0) }),
        ("sigmoid(a)", { output(sigmoid(a), $0) }),
        ("tanh(a)", { output(tanh(a), $0) }),
        ("relu(a)", { output(relu(a), $0) }),
        ("log(positive)", { output(log(positive), $0) }),
        ("a.sum()", { output(a.sum(), $0) }),
        ("a.sum(axes: [0, 1])", { output(a.sum(axes: [0, 1]), $0) }),
        ("(y * y).sum() backward", { keep in
            let y = a.requiringGrad()
            (y * y).sum().backward()
            output(y.grad!, keep)
        }),
        ("sigmoid(y).sum() backward", { keep in
            let y = a.requiringGrad()
            sigmoid(y).sum().backward()
            output(y.grad!, keep)
        }),
        ("logSoftmax(y).sum() bwd", { keep in
            let y = a.requiringGrad()
            logSoftmax(y).sum().backward()
            output(y.grad!, keep)
        }),
        ("softmax(y).sum() backward", { keep in
            let y = a.requiringGrad()
            softmax(y).sum().backward()
            output(y.grad!, keep)
        }),
        ("Double a * b", { output(a64 * b64, $0) }),
        ("Double (y * y).sum() bwd", { keep in
            let y = a64.requiringGrad()
            (y * y).sum().backward()
            output(y.grad!, keep)
        }),
        ("(y + bias).sum() backward", { keep in
            let y = a.requiringGrad(), c = bias.requiringGrad()
            (y + c).sum().backward()
            output(c.grad!, keep)
        }),
    ]

    print("Elementwise ops on [100, 32, 256] Float (\(n) elements), median of 15 runs after 3 warm-ups")
    print("case".padding(toLength: 30, withPad: " ", startingAt: 0) + "  ns/element  result hash")
    for c in cases {
        let t = medianSeconds(warmup: 3, iterations: 15) { c.body(false) }
        c.body(true)
        print(c.name.padding(toLength: 30, withPad: " ", startingAt: 0)
            + String(format: "  %10.3f  %016llx", t * 1e9 / Double(n), digest))
    }
}

/// FNV-1a over the bytes of `scalars`.
private func bitHash<S: TensorScalar>(_ scalars: [S]) -> UInt64 {
    scalars.withUnsafeBytes { bytes in
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}

/// Keeps a result alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
