import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

// Accuracy and edge-case tests for the SIMD kernels in Kernels/VectorMath.swift.
//
// Every accuracy bound below is the maximum measured on the full dense grids (release test build:
// `swift test -c release`). A debug build runs the unoptimized SIMD code at ~1 µs per element, so to stay well under
// the time budget it evaluates every 64th point of the *same* grids — a subset, so the same bounds apply.

#if DEBUG
private let vmSweepStride = 64
#else
private let vmSweepStride = 1
#endif

private typealias VMKernel = @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
private let vmExpKernel: VMKernel = { VectorMath.exp($0, $1, count: $2) }
private let vmSigmoidKernel: VMKernel = { VectorMath.sigmoid($0, $1, count: $2) }
private let vmTanhKernel: VMKernel = { VectorMath.tanh($0, $1, count: $2) }

private func vmFoundationSigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }
private func vmExactSigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

/// Position of `f` on the line of all floats (±0 both map to 0, +inf is one step beyond `greatestFiniteMagnitude`).
private func vmOrdinal(_ f: Float) -> Int64 {
    let magnitude = Int64(f.bitPattern & 0x7FFF_FFFF)
    return f.sign == .minus ? -magnitude : magnitude
}

/// Distance in units in the last place; two NaNs are equal, NaN vs a number is infinitely far.
private func vmULPs(_ a: Float, _ b: Float) -> Int64 {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
    return abs(vmOrdinal(a) - vmOrdinal(b))
}

private func vmRun(_ kernel: VMKernel, _ x: [Float]) -> [Float] {
    var y = [Float](repeating: .nan, count: x.count)
    x.withUnsafeBufferPointer { xp in
        y.withUnsafeMutableBufferPointer { yp in kernel(xp.baseAddress!, yp.baseAddress!, x.count) }
    }
    return y
}

/// `count` points evenly spaced over [lo, hi] (both included), thinned by `vmSweepStride`.
private func vmGrid(_ lo: Double, _ hi: Double, count: Int = 1 << 22) -> [Float] {
    stride(from: 0, to: count, by: vmSweepStride).map { Float(lo + (hi - lo) * Double($0) / Double(count - 1)) }
}

/// Log-spaced magnitudes: every 1024th float from the smallest subnormal up to `maxMagnitude`, with both signs.
private func vmLogSweep(upTo maxMagnitude: Float) -> [Float] {
    let positive = stride(from: UInt32(1), through: maxMagnitude.bitPattern, by: 1024 * vmSweepStride)
        .map { Float(bitPattern: $0) }
    return positive + positive.map { -$0 }
}

private struct VMErrorStats: CustomStringConvertible {
    /// Max ULP distance to Foundation's single-precision function.
    var ulpVsFoundation: Int64 = 0, ulpVsFoundationAt: Float = 0
    /// Max ULP distance to the exact result rounded to Float (Double reference).
    var ulpVsExact: Int64 = 0, ulpVsExactAt: Float = 0
    /// Max relative error vs the Double reference, where the exact result is a normal, finite Float.
    var relative = 0.0, relativeAt: Float = 0
    /// Max absolute error vs the Double reference, where the exact result is at most 1 in magnitude.
    var absolute = 0.0, absoluteAt: Float = 0
    var description: String {
        "ULP vs Foundation \(ulpVsFoundation) (x = \(ulpVsFoundationAt)), "
            + "ULP vs exact \(ulpVsExact) (x = \(ulpVsExactAt)), "
            + "rel \(relative) (x = \(relativeAt)), abs \(absolute) (x = \(absoluteAt))"
    }
}

/// Compares `y = kernel(x)` with Foundation (`single`) and a Double reference (`exact`).
/// `foundationValid` restricts the comparison with Foundation (e.g. where its formula itself is inaccurate).
private func vmMeasure(
    _ x: [Float], _ y: [Float], single: (Float) -> Float, exact: (Double) -> Double,
    foundationValid: (Float) -> Bool = { _ in true }
) -> VMErrorStats {
    var s = VMErrorStats()
    for (xi, yi) in zip(x, y) {
        if foundationValid(xi) {
            let u = vmULPs(yi, single(xi))
            if u > s.ulpVsFoundation { (s.ulpVsFoundation, s.ulpVsFoundationAt) = (u, xi) }
        }
        let d = exact(Double(xi))
        let rounded = Float(d)
        let u = vmULPs(yi, rounded)
        if u > s.ulpVsExact { (s.ulpVsExact, s.ulpVsExactAt) = (u, xi) }
        guard rounded.isFinite else { continue }
        let a = abs(Double(yi) - d)
        if abs(d) <= 1, !(a <= s.absolute) { (s.absolute, s.absoluteAt) = (a, xi) }  // `!(<=)` also records NaN
        if abs(rounded) >= .leastNormalMagnitude {
            let r = a / abs(d)
            if !(r <= s.relative) { (s.relative, s.relativeAt) = (r, xi) }
        }
    }
    return s
}

@Suite struct VectorMathTests {

    // MARK: Accuracy sweeps

    @Test func expAccuracy() {
        // Uniform over the whole interesting range: from "rounds to 0" (x < -103.97) through the subnormal results
        // (x < -87.34) to overflow (x > 88.72), plus log-spaced magnitudes down to the smallest subnormal input.
        let x = vmGrid(-105, 90) + vmLogSweep(upTo: 105)
        let y = vmRun(vmExpKernel, x)
        let s = vmMeasure(x, y, single: expf, exact: Foundation.exp)
        print("VectorMath.exp:", s)
        // Measured: 1 ULP vs expf (glibc's expf is itself within 0.5 ULP of exact), 1 ULP vs exact, max relative
        // error 7.99e-8 (= 0.67 * 2^-23) for normal results (exhaustive over all 2^32 inputs: 1 ULP, 8.15e-8).
        // Subnormal results are also within 1 ULP (the ULP there is 2^-149, so their relative error is larger).
        #expect(s.ulpVsFoundation <= 1)
        #expect(s.ulpVsExact <= 1)
        #expect(s.relative <= 8.0e-8)
        #expect(y.allSatisfy { $0 >= 0 && !$0.isNaN })
        // +inf exactly where expf overflows (the ULP bound alone would allow inf vs greatestFiniteMagnitude).
        #expect(zip(x, y).allSatisfy { $1.isInfinite == expf($0).isInfinite })
    }

    @Test func sigmoidAccuracy() {
        let x = vmGrid(-100, 100) + vmLogSweep(upTo: 100)
        let y = vmRun(vmSigmoidKernel, x)
        // Foundation's `1/(1+expf(-x))` is itself only accurate to a couple of ULP, and flushes to 0 once expf(-x)
        // overflows (x < -88.72) where the true value is still a positive subnormal; compare with it only where its
        // result is a normal float.
        let s = vmMeasure(x, y, single: vmFoundationSigmoid, exact: vmExactSigmoid,
                          foundationValid: { vmFoundationSigmoid($0) >= .leastNormalMagnitude })
        print("VectorMath.sigmoid:", s)
        // Measured: 4 ULP vs 1/(1+expf(-x)) (both carry rounding errors; worst near x = -16.7), 2 ULP vs the exact
        // result rounded to Float (an exhaustive run over all 2^32 inputs finds 3 ULP for 25 inputs), max relative
        // error 1.88e-7 (= 1.57 * 2^-23; outputs ≥ Float.leastNormalMagnitude, i.e. x ≥ -87.3; exhaustive: 2.1e-7),
        // max absolute error 8.91e-8 (outputs just below 1, where 1 ULP = 6e-8).
        // Tiny outputs (subnormal, x < -87.3) are within 2 ULP of exact as well: the kernel uses exp(x)/(1+exp(x))
        // there, so they are not flushed to zero as 1/(1+expf(-x)) is for x < -88.72.
        #expect(s.ulpVsFoundation <= 4)
        #expect(s.ulpVsExact <= 2)
        #expect(s.relative <= 1.88e-7)
        #expect(s.absolute <= 8.92e-8)
        #expect(y.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func tanhAccuracy() {
        // Dense over [-10, 10] (|x| ≥ 9.01 rounds to ±1), denser over [-1, 1] where the polynomial and the
        // exp-based branch meet at |x| = 0.625, and log-spaced down to subnormal inputs.
        let x = vmGrid(-10, 10) + vmGrid(-1, 1, count: 1 << 21) + vmLogSweep(upTo: 20)
        let y = vmRun(vmTanhKernel, x)
        let s = vmMeasure(x, y, single: tanhf, exact: Foundation.tanh)
        print("VectorMath.tanh:", s)
        // Measured (the same as exhaustively over all 2^32 inputs): 2 ULP vs tanhf, 1 ULP vs exact, max relative
        // error 1.421e-7 (= 1.19 * 2^-23, just above |x| = 0.625 where the exp-based branch takes over from the
        // polynomial), max absolute error 7.94e-8.
        #expect(s.ulpVsFoundation <= 2)
        #expect(s.ulpVsExact <= 1)
        #expect(s.relative <= 1.43e-7)
        #expect(s.absolute <= 7.95e-8)
        #expect(y.allSatisfy { $0 >= -1 && $0 <= 1 })
    }

    // MARK: Special values and saturation

    private static let specials: [Float] = [
        0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
        1e-20, -1e-20, 0.5, -0.5, 0.625, -0.625, 1, -1, 9, -9, 9.02, -9.02, 20, -20, 43.5, -43.5,
        87, -87, 87.5, -87.5, 88.5, -88.5, 88.72283, 88.7229, -88.7229, 89, -89, 100, -100,
        -103.9, -103.98, -104, -105, 1000, -1000,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity,
    ]

    /// The specials both one at a time (tail path, alone in a vector) and all in one buffer (mixed with
    /// in-range values in the same SIMD block, which sends the whole block through the slow path).
    private static func evaluate(_ kernel: VMKernel) -> [(x: Float, alone: Float, mixed: Float)] {
        let mixed = vmRun(kernel, specials)
        return specials.indices.map { (specials[$0], vmRun(kernel, [specials[$0]])[0], mixed[$0]) }
    }

    @Test func expSpecialValues() {
        for (x, alone, mixed) in Self.evaluate(vmExpKernel) {
            // Lanes with |x| ≤ 87 take the fast path alone and the slow path when mixed: same bits either way.
            #expect(alone.bitPattern == mixed.bitPattern, "exp(\(x)): \(alone) alone, \(mixed) mixed")
            for y in [alone, mixed] {
                #expect(!y.isNaN, "exp(\(x)) = NaN")
                #expect(vmULPs(y, expf(x)) <= 1, "exp(\(x)) = \(y), expf = \(expf(x))")
                // Overflow to +inf only where expf overflows too.
                #expect(y.isInfinite == expf(x).isInfinite, "exp(\(x)) = \(y), expf = \(expf(x))")
            }
        }
        let y = vmRun(vmExpKernel, [-104, -105, -1000, -.greatestFiniteMagnitude, -.infinity, 0, -0.0, 89,
                                    .infinity, .greatestFiniteMagnitude, -100, -103.9])
        #expect(Array(y[0..<5]) == [0, 0, 0, 0, 0])
        #expect(y[5] == 1 && y[6] == 1)
        #expect(y[7] == .infinity && y[8] == .infinity && y[9] == .infinity)
        #expect(y[10] > 0 && y[10] < .leastNormalMagnitude)  // exp(-100) = 3.7e-44: gradual underflow
        #expect(y[11] == .leastNonzeroMagnitude)  // exp(-103.9) = 1.06e-45 ≈ 0.76 * 2^-149 rounds up
    }

    @Test func sigmoidSpecialValues() {
        for (x, alone, mixed) in Self.evaluate(vmSigmoidKernel) {
            for y in [alone, mixed] {
                #expect(y >= 0 && y <= 1, "sigmoid(\(x)) = \(y)")
                #expect(vmULPs(y, Float(vmExactSigmoid(Double(x)))) <= 2, "sigmoid(\(x)) = \(y)")
            }
        }
        let y = vmRun(vmSigmoidKernel, [0, 17.5, 20, 100, .greatestFiniteMagnitude, .infinity,
                                        -104, -200, -.greatestFiniteMagnitude, -.infinity, -100])
        #expect(y[0] == 0.5)
        #expect(Array(y[1..<6]) == [1, 1, 1, 1, 1])
        #expect(Array(y[6..<10]) == [0, 0, 0, 0])
        #expect(y[10] > 0 && y[10] < .leastNormalMagnitude)  // sigmoid(-100) = 3.7e-44, not flushed to 0
    }

    @Test func tanhSpecialValues() {
        for (x, alone, mixed) in Self.evaluate(vmTanhKernel) {
            for y in [alone, mixed] {
                #expect(!y.isNaN, "tanh(\(x)) = NaN")
                #expect(vmULPs(y, tanhf(x)) <= 2, "tanh(\(x)) = \(y), tanhf = \(tanhf(x))")
                #expect(y.sign == x.sign, "tanh(\(x)) = \(y)")
            }
        }
        let y = vmRun(vmTanhKernel, [9.02, 10, 100, .greatestFiniteMagnitude, .infinity,
                                     -9.02, -10, -100, -.greatestFiniteMagnitude, -.infinity,
                                     0, -0.0, .leastNonzeroMagnitude, -1e-30])
        #expect(Array(y[0..<5]) == [1, 1, 1, 1, 1])
        #expect(Array(y[5..<10]) == [-1, -1, -1, -1, -1])
        #expect(y[10] == 0 && y[10].sign == .plus)
        #expect(y[11] == 0 && y[11].sign == .minus)
        #expect(y[12] == .leastNonzeroMagnitude)
        #expect(y[13] == -1e-30)
    }

    @Test(arguments: ["exp", "sigmoid", "tanh"])
    func nanPropagates(name: String) {
        let kernels = ["exp": vmExpKernel, "sigmoid": vmSigmoidKernel, "tanh": vmTanhKernel]
        let kernel = kernels[name]!
        // NaN alone, NaN next to in-range values (fast path), and NaN next to huge values (slow path).
        let x: [Float] = [.nan, 1, -2, 3, .nan, 0.1, 5, -7, 8, 9, 10, 11, 12, 13, 14, -.nan,
                          .nan, 1000, -1000, .infinity, .nan, .signalingNaN]
        let y = vmRun(kernel, x)
        for i in x.indices {
            #expect(y[i].isNaN == x[i].isNaN, "\(name)(\(x[i])) = \(y[i])")
        }
        #expect(vmRun(kernel, [.nan])[0].isNaN)
    }

    // MARK: Tails, aliasing and the SIMD16 entry points

    private static func inputs(_ n: Int) -> [Float] {
        // Deterministic values in [-20, 20] (all in the fast range).
        (0..<n).map { Float(($0 * 7919) % 4001) / 100 - 20 }
    }

    @Test(arguments: [0, 1, 15, 16, 17, 31, 33, 48, 69])
    func tailsAndAliasing(n: Int) {
        let simd: [(VMKernel, (SIMD16<Float>) -> SIMD16<Float>)] = [
            (vmExpKernel, VectorMath.expSIMD), (vmSigmoidKernel, VectorMath.sigmoidSIMD),
            (vmTanhKernel, VectorMath.tanhSIMD),
        ]
        let x = Self.inputs(n)
        let canary: Float = -12345.5
        for (kernel, lanes) in simd {
            // Out of place, with canaries after the end: nothing beyond y[n - 1] may be written.
            var y = [Float](repeating: canary, count: n + 20)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    kernel(xp.baseAddress ?? UnsafePointer(yp.baseAddress!), yp.baseAddress!, n)
                }
            }
            #expect(y[n...].allSatisfy { $0 == canary })
            // Each element equals the SIMD16 function on a vector holding that value: results do not depend on n
            // or on the position (full block or zero-padded tail).
            for i in 0..<n {
                #expect(y[i].bitPattern == lanes(SIMD16(repeating: x[i]))[0].bitPattern, "n = \(n), i = \(i)")
            }
            // In place (y aliases x) gives the same bits.
            var z = x + [canary]
            z.withUnsafeMutableBufferPointer { zp in kernel(zp.baseAddress!, zp.baseAddress!, n) }
            #expect(z[..<n].map(\.bitPattern) == y[..<n].map(\.bitPattern))
            #expect(z[n] == canary)
        }
    }

    @Test func expFastAndSlowPathsAgree() {
        // The same in-range values, alone (fast path) and next to a lane that forces the slow path.
        let x = vmGrid(-87, 87, count: 1 << 18)
        let fast = vmRun(vmExpKernel, x)
        for start in stride(from: 0, to: x.count - 15, by: 15) {
            var v = SIMD16<Float>(repeating: 1000)
            for j in 0..<15 { v[j] = x[start + j] }
            let slow = VectorMath.expSIMD(v)
            for j in 0..<15 where slow[j].bitPattern != fast[start + j].bitPattern {
                Issue.record("exp(\(x[start + j])): fast \(fast[start + j]), slow \(slow[j])")
            }
        }
    }

    @Test func simdFunctionsMatchBuffers() {
        let x = Self.inputs(64) + [-90, 95, .nan, 0.3, -0.3, 1e-8, 88.8, -88.8, 10, -10, 0, -0.0, 5, 6, 7, 8]
        let pairs: [(VMKernel, (SIMD16<Float>) -> SIMD16<Float>)] = [
            (vmExpKernel, VectorMath.expSIMD), (vmSigmoidKernel, VectorMath.sigmoidSIMD),
            (vmTanhKernel, VectorMath.tanhSIMD),
        ]
        for (kernel, lanes) in pairs {
            let y = vmRun(kernel, x)
            for block in stride(from: 0, to: x.count, by: 16) {
                let v = lanes(SIMD16(x[block..<block + 16]))
                for j in 0..<16 { #expect(v[j].bitPattern == y[block + j].bitPattern) }
            }
        }
    }
}
