import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct AugmentationTests {
    /// x[t, f] = t + 100 f, so time positions can be read back from values.
    let ramp = Tensor<Double>(rows: (0..<50).map { t in [Double(t), Double(t) + 100, Double(t) + 200] })   // [50, 3]

    @Test func shapesForSequencesAndRank1() {
        let rng = RandomSource(seed: 0)
        #expect(Augmentation.jitter(ramp, using: rng).shape == [50, 3])
        #expect(Augmentation.scaling(ramp, using: rng).shape == [50, 3])
        #expect(Augmentation.magnitudeWarp(ramp, using: rng).shape == [50, 3])
        #expect(Augmentation.timeWarp(ramp, using: rng).shape == [50, 3])
        #expect(Augmentation.windowSlice(ramp, using: rng).shape == [50, 3])
        #expect(Augmentation.windowSlice(ramp, fraction: 0.5, resample: false, using: rng).shape == [25, 3])
        let x1 = Tensor<Float>((0..<8).map(Float.init))
        #expect(Augmentation.timeWarp(x1, using: rng).shape == [8])
        #expect(Augmentation.windowSlice(x1, fraction: 0.5, using: rng).shape == [8])
        #expect(Augmentation.timeWarp(Tensor<Float>([3]), using: rng).scalars == [3])      // T = 1
    }

    @Test func seededDeterminism() {
        typealias Aug = (Tensor<Double>, RandomSource) -> Tensor<Double>
        let all: [Aug] = [
            { Augmentation.jitter($0, using: $1) }, { Augmentation.scaling($0, using: $1) },
            { Augmentation.magnitudeWarp($0, using: $1) }, { Augmentation.windowSlice($0, fraction: 0.7, using: $1) },
            { Augmentation.timeWarp($0, using: $1) }, { Augmentation.timeWarp($0, interpolation: .linear, using: $1) },
        ]
        for (k, aug) in all.enumerated() {
            let a = aug(ramp, RandomSource(seed: 11)), b = aug(ramp, RandomSource(seed: 11))
            let c = aug(ramp, RandomSource(seed: 12))
            #expect(a.scalars == b.scalars, "augmentation \(k) not reproducible")
            #expect(a.scalars != c.scalars, "augmentation \(k) ignores the seed")
        }
    }

    @Test func jitterStatistics() {
        let x = Tensor<Double>.full([4000, 5], 2)
        let y = Augmentation.jitter(x, sigma: 0.3, using: RandomSource(seed: 3))
        let e = y.scalars.map { $0 - 2 }
        let mean = e.reduce(0, +) / Double(e.count)
        let std = (e.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(e.count)).squareRoot()
        #expect(Swift.abs(mean) < 4 * 0.3 / Double(e.count).squareRoot())
        #expect(Swift.abs(std - 0.3) < 0.01)
        #expect(Augmentation.jitter(x, sigma: 0, using: RandomSource(seed: 3)).scalars == x.scalars)
    }

    @Test func scalingMultipliesEachFeatureByOneFactor() {
        let x = ramp + 1                                                  // no zeros
        let y = Augmentation.scaling(x, sigma: 0.2, using: RandomSource(seed: 5))
        var factors: [Double] = []
        for f in 0..<3 {
            let ratios = (0..<50).map { y[$0, f] / x[$0, f] }
            #expect(ratios.allSatisfy { Swift.abs($0 - ratios[0]) < 1e-12 })
            factors.append(ratios[0])
        }
        #expect(Set(factors).count == 3)
        let shared = Augmentation.scaling(x, sigma: 0.2, perFeature: false, using: RandomSource(seed: 5))
        let r = (0..<3).map { shared[7, $0] / x[7, $0] }
        #expect(Swift.abs(r[0] - r[1]) < 1e-12 && Swift.abs(r[1] - r[2]) < 1e-12)
        // Factors are N(1, sigma^2): check the mean over many draws.
        let rng = RandomSource(seed: 6)
        let many = (0..<2000).map { _ in Augmentation.scaling(Tensor<Double>([1]), sigma: 0.2, using: rng).scalars[0] }
        let meanFactor: Double = many.reduce(0, +) / 2000
        let bound: Double = 4 * 0.2 / 2000.0.squareRoot()
        #expect(Swift.abs(meanFactor - 1) < bound)
    }

    @Test func windowSliceIsAContiguousCrop() {
        for seed in 0..<10 as Range<UInt64> {
            let crop = Augmentation.windowSlice(ramp, fraction: 0.6, resample: false, using: RandomSource(seed: seed))
            #expect(crop.shape == [30, 3])
            let start = Int(crop[0, 0])
            #expect(start >= 0 && start <= 20)
            expectClose(crop, ramp.slice(axis: 0, start..<(start + 30)))
            // Resampled: the same crop stretched linearly to 50 steps, ends included.
            let stretched = Augmentation.windowSlice(ramp, fraction: 0.6, using: RandomSource(seed: seed))
            #expect(stretched[0, 0] == Double(start))
            #expect(Swift.abs(stretched[49, 0] - Double(start + 29)) < 1e-12)
            let steps = (1..<50).map { stretched[$0, 0] - stretched[$0 - 1, 0] }
            #expect(steps.allSatisfy { Swift.abs($0 - 29.0 / 49) < 1e-12 })
        }
    }

    @Test func warpPathIsMonotonicWithFixedEnds() {
        for seed in 0..<20 as Range<UInt64> {
            for interpolation in [Augmentation.Interpolation.cubic, .linear] {
                let w = Augmentation.warpPath(length: 50, sigma: 0.5, knots: 4, interpolation: interpolation,
                                              using: RandomSource(seed: seed))
                #expect(w.first == 0)
                #expect(w.last == 49)
                #expect(zip(w, w.dropFirst()).allSatisfy { $0 < $1 })
            }
        }
        let identity = Augmentation.warpPath(length: 10, sigma: 0, using: RandomSource(seed: 0))
        for (t, v) in identity.enumerated() { #expect(Swift.abs(v - Double(t)) < 1e-12) }
    }

    @Test func timeWarpKeepsEndpointsAndOrder() {
        let x = ramp
        for seed in 0..<10 as Range<UInt64> {
            let y = Augmentation.timeWarp(x, sigma: 0.3, using: RandomSource(seed: seed))
            for f in 0..<3 {
                #expect(y[0, f] == x[0, f])
                #expect(y[49, f] == x[49, f])
                // On a ramp the warped values are the warped times: strictly increasing.
                #expect((1..<50).allSatisfy { y[$0, f] > y[$0 - 1, f] })
            }
            // Every feature uses the same path.
            #expect((0..<50).allSatisfy { Swift.abs(y[$0, 1] - y[$0, 0] - 100) < 1e-9 })
            // Equal to resampling at warpPath's times (same seed, same draws).
            let w = Augmentation.warpPath(length: 50, sigma: 0.3, using: RandomSource(seed: seed))
            #expect((0..<50).allSatisfy { Swift.abs(y[$0, 0] - w[$0]) < 1e-9 })
        }
        let still = Augmentation.timeWarp(x, sigma: 0, using: RandomSource(seed: 1))
        expectClose(still, x, atol: 1e-12)
    }

    @Test func naturalCubicSpline() {
        // Natural spline through (0,0), (1,1), (2,0): M1 * 2 * (1 + 1) = 6 * (-1 - 1), so M1 = -3.
        #expect(Augmentation.naturalSplineSecondDerivatives([0, 1, 2], [0, 1, 0]) == [0, -3, 0])
        // A line is reproduced exactly.
        let m = Augmentation.naturalSplineSecondDerivatives([0, 2, 4, 6, 8], [1, 2, 3, 4, 5])
        #expect(m.allSatisfy { Swift.abs($0) < 1e-12 })
    }

    @Test func magnitudeWarpIsSmoothAndPositiveForSmallSigma() {
        let x = Tensor<Double>.ones([100, 2])
        let y = Augmentation.magnitudeWarp(x, sigma: 0.1, using: RandomSource(seed: 2))
        #expect((0..<100).allSatisfy { y[$0, 0] == y[$0, 1] })           // one curve for all features
        let steps = (1..<100).map { Swift.abs(y[$0, 0] - y[$0 - 1, 0]) }
        #expect(steps.max()! < 0.1)                                       // smooth: no jumps
    }

    @Test func badArgumentsStop() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Augmentation.windowSlice(Tensor<Float>.zeros([4, 2]), fraction: 1.5, using: RandomSource(seed: 0))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("windowSlice: fraction 1.5 must be in (0, 1]"))
    }
}
