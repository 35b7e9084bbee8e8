import Foundation
import LSTMKit

/// Times `VectorMath.exp/sigmoid/tanh` against a scalar loop over Foundation's `expf`/`tanhf` on 2^20 elements.
///
/// Each measurement is the median of 15 timed runs after 3 warm-up runs; input and output buffers are 4 MiB each
/// (L2/L3-resident on most machines). Inputs are uniform in [-10, 10] (typical LSTM pre-activations). One extra row
/// times `exp` on [-100, 100], where most 16-lane blocks contain a lane with |x| > 87 and take the out-of-line
/// path that handles overflow and subnormal results.
func benchVectorMath() {
    let n = 1 << 20
    let warmups = 3
    let runs = 15

    var rng = VectorMathBenchRNG(seed: 0x5EED)
    let narrow = (0..<n).map { _ in Float(rng.nextUnit() * 20 - 10) }
    let wide = (0..<n).map { _ in Float(rng.nextUnit() * 200 - 100) }
    var output = [Float](repeating: 0, count: n)

    /// Median and minimum wall time of `body`, in nanoseconds per element. (The minimum is the less noisy figure
    /// on a busy machine; the speedup is computed from the medians.)
    func nsPerElement(_ body: () -> Void) -> (median: Double, min: Double) {
        for _ in 0..<warmups { body() }
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<runs {
            let d = clock.measure(body)
            samples.append(Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) * 1e-9)
        }
        samples.sort()
        return (samples[runs / 2] / Double(n), samples[0] / Double(n))
    }

    typealias Kernel = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    // The scalar baselines are whole loops inside the closure, so there is no per-element indirect call.
    let scalarExp: Kernel = { x, y, n in for i in 0..<n { y[i] = expf(x[i]) } }
    let cases: [(name: String, input: [Float], vector: Kernel, scalar: Kernel)] = [
        ("exp", narrow, { VectorMath.exp($0, $1, count: $2) }, scalarExp),
        ("sigmoid", narrow, { VectorMath.sigmoid($0, $1, count: $2) },
         { x, y, n in for i in 0..<n { y[i] = 1 / (1 + expf(-x[i])) } }),
        ("tanh", narrow, { VectorMath.tanh($0, $1, count: $2) }, { x, y, n in for i in 0..<n { y[i] = tanhf(x[i]) } }),
        ("exp [-100,100]", wide, { VectorMath.exp($0, $1, count: $2) }, scalarExp),
    ]

    print("VectorMath: \(n) Float elements, median of \(runs) runs after \(warmups) warm-ups")
    print("function".padding(toLength: 16, withPad: " ", startingAt: 0)
        + "   SIMD ns/elem (min)   scalar ns/elem (min)   speedup   max rel diff")
    for c in cases {
        var vectorResult = [Float](repeating: 0, count: n)
        typealias Timing = (median: Double, min: Double)
        let (simd, scalar): (Timing, Timing) = c.input.withUnsafeBufferPointer { xb in
            output.withUnsafeMutableBufferPointer { yb in
                let x = xb.baseAddress!, y = yb.baseAddress!
                let simd = nsPerElement { c.vector(x, y, n) }
                vectorResult.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: y, count: n) }
                let scalar = nsPerElement { c.scalar(x, y, n) }
                return (simd, scalar)
            }
        }
        // Sanity check against the scalar results (relative difference where the scalar result is a normal float).
        var maxRel: Float = 0
        for i in 0..<n where output[i].isNormal {
            maxRel = max(maxRel, abs(vectorResult[i] - output[i]) / abs(output[i]))
        }
        print(c.name.padding(toLength: 16, withPad: " ", startingAt: 0)
            + String(format: "   %7.3f (%7.3f)   %9.3f (%7.3f)   %6.2fx   %.2e",
                     simd.median, simd.min, scalar.median, scalar.min, scalar.median / simd.median, maxRel))
    }
}

/// Small deterministic generator so runs are reproducible (and independent of the system RNG).
private struct VectorMathBenchRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
