import Foundation
import Testing
@testable import LSTMKit

/// `MackeyGlass.series`: the Euler steps by hand, the delay, subsampling, and the tau = 17 attractor's range.
@Suite struct MackeyGlassTests {
    @Test func firstEulerStepsByHand() {
        // From the constant history 1.2: x(0.1) = 1.2 + 0.1 * (0.2 * 1.2 / (1 + 1.2^10) - 0.1 * 1.2).
        // 1.2^10 = 6.1917364224, so 0.24 / 7.1917364224 = 0.033371..., and x(0.1) = 1.19133713...
        let s = MackeyGlass.series(count: 3, subsample: 1, transient: 0)
        #expect(s[0] == 1.2)
        let x1 = 1.2 + 0.1 * (0.24 / 7.1917364224 - 0.12)
        #expect(abs(s[1] - x1) < 1e-15 && abs(s[1] - 1.1913371) < 1e-7)
        // The delayed value is still the history 1.2 for the first 170 steps.
        #expect(abs(s[2] - (x1 + 0.1 * (0.24 / 7.1917364224 - 0.1 * x1))) < 1e-15)
    }

    @Test func subsamplingAndTransientPickFromTheSameRun() {
        let fine = MackeyGlass.series(count: 400, subsample: 1, transient: 0)
        let coarse = MackeyGlass.series(count: 20, subsample: 10, transient: 20)
        #expect(coarse == (20..<40).map { fine[$0 * 10] })
        // x(t - tau) leaves the constant history when t > tau: with tau = 1.7 (17 steps) x[19] is the first
        // value that differs from the tau = 17 run.
        let short = MackeyGlass.series(count: 400, tau: 1.7, subsample: 1, transient: 0)
        #expect(short[18] == fine[18] && short[19] != fine[19])
    }

    @Test func tau17StaysOnItsAttractor() {
        let s = MackeyGlass.series(count: 3000)
        #expect(s == MackeyGlass.series(count: 3000))                    // deterministic
        #expect(s.min()! > 0.2 && s.max()! < 1.4, "range \(s.min()!)...\(s.max()!)")
        let mean = s.reduce(0, +) / 3000
        #expect(abs(mean - 0.9) < 0.05, "mean \(mean)")
        // Not settled on a fixed point or a short cycle: values keep varying late in the run.
        let late = s.suffix(500)
        #expect(late.max()! - late.min()! > 0.8)
    }
}
