import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

/// Holt-Winters against statsmodels with fixed parameters (Tests/LSTMKitTests/Fixtures/holt-winters.json, from
/// Tools/fixtures/holt_winters.py), hand-computed steps, and fitting on series it can fit exactly.
@Suite struct HoltWintersTests {
    struct Case: Decodable {
        var name: String
        var y: [Double]
        var season: Int?
        var alpha, beta, gamma: Double
        var initial_level, initial_trend: Double
        var initial_seasonals: [Double]
        var fitted: [Double]
        var sse: Double
        var forecast_steps: [Int]
        var forecast: [Double]
    }
    struct File: Decodable {
        var statsmodels_version: String
        var cases: [Case]
    }

    /// The committed fixture, found from this file's path (the Apps test target declares no resources).
    static func fixture() throws -> File {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("LSTMKitTests/Fixtures/holt-winters.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }

    @Test func matchesStatsmodelsWithFixedParameters() throws {
        let file = try Self.fixture()
        #expect(file.cases.count == 4 && file.statsmodels_version == "0.15.0")
        for c in file.cases {
            let model = HoltWinters(alpha: c.alpha, beta: c.beta, gamma: c.gamma, season: c.season,
                                    initialLevel: c.initial_level, initialTrend: c.initial_trend,
                                    initialSeasonals: c.initial_seasonals)
            let run = model.run(c.y)
            for (mine, theirs) in zip(run.predictions, c.fitted) {
                #expect(abs(mine - theirs) <= 1e-9 * max(1, abs(theirs)), "\(c.name): one-step \(mine) vs \(theirs)")
            }
            #expect(abs(model.sumOfSquaredErrors(c.y) - c.sse) <= 1e-9 * c.sse, "\(c.name)")
            let all = model.forecast(run, origin: c.y.count - 1, horizon: c.forecast_steps.max()!)
            for (k, theirs) in zip(c.forecast_steps, c.forecast) {
                #expect(abs(all[k - 1] - theirs) <= 1e-9 * max(1, abs(theirs)), "\(c.name): h=\(k) \(all[k - 1]) vs \(theirs)")
            }
        }
    }

    @Test func handComputedSteps() {
        // m = 2, alpha = beta = gamma = 0.5, l = 10, b = 1, s = [-1, 1].
        let model = HoltWinters(alpha: 0.5, beta: 0.5, gamma: 0.5, season: 2, initialLevel: 10, initialTrend: 1,
                                initialSeasonals: [-1, 1])
        let run = model.run([12, 13])
        // t=0: y_hat = 10 + 1 - 1 = 10; l = .5(12 + 1) + .5(11) = 12; b = .5(2) + .5(1) = 1.5;
        //      s[2] = .5(12 - 11) + .5(-1) = 0.
        // t=1: y_hat = 12 + 1.5 + 1 = 14.5; l = .5(13 - 1) + .5(13.5) = 12.75; b = .5(.75) + .5(1.5) = 1.125;
        //      s[3] = .5(13 - 13.5) + .5(1) = 0.25.
        #expect(run.predictions == [10, 14.5] && run.levels == [12, 12.75] && run.trends == [1.5, 1.125])
        #expect(run.seasonals == [-1, 1, 0, 0.25])
        // From origin 1: h=1 -> s[2], h=2 -> s[3], h=3 -> s[2] again.
        let fromOne: [Double] = [13.875, 15.25, 16.125]          // 12.75 + 1.125 + 0, + 2.25 + 0.25, + 3.375 + 0
        #expect(model.forecast(run, origin: 1, horizon: 3) == fromOne)
        // From origin 0 the state after y[0] is used: h=1 -> s[1] (the initial one), h=2 -> s[2].
        let fromZero: [Double] = [14.5, 15]                      // 12 + 1.5 + 1, 12 + 3 + 0
        #expect(model.forecast(run, origin: 0, horizon: 2) == fromZero)
    }

    @Test func initialState() {
        let s = HoltWinters.initialState([1, 3, 2, 6, 4, 8], season: 3)
        // level = mean(1, 3, 2) = 2; trend = mean((6-1)/3, (4-3)/3, (8-2)/3) = 4/3; seasonals y[i] - 2.
        #expect(s?.level == 2 && abs(s!.trend - 4.0 / 3) < 1e-15 && s?.seasonals == [-1, 1, 0])
        let holt = HoltWinters.initialState([5, 7], season: nil)
        #expect(holt?.level == 5 && holt?.trend == 2 && holt?.seasonals == [])
        #expect(HoltWinters.initialState([1, 2, 3, 4, 5], season: 3) == nil)
        #expect(HoltWinters.initialState([1], season: nil) == nil)
    }

    @Test func fittingRecoversExactPatterns() throws {
        // A straight line: the initial state (l = y[0], b = y[1] - y[0]) stands before y[0], so the first
        // prediction is one slope too high (error 0.5, SSE 0.25); with alpha = 1 every later one is exact.
        let line = (0..<30).map { 5 + 0.5 * Double($0) }
        let holt = try #require(HoltWinters.fitted(line, season: nil))
        #expect(abs(holt.sumOfSquaredErrors(line) - 0.25) < 1e-9)
        #expect(holt.forecast(holt.run(line), origin: 29, horizon: 3).map { ($0 * 1e6).rounded() / 1e6 } == [20, 20.5, 21])
        // A trend plus a fixed season of 4: the fit settles on it and forecasts the next two seasons.
        let pattern: [Double] = [3, -1, 4, -6]
        let seasonal = (0..<48).map { 100 + 2 * Double($0) + pattern[$0 % 4] }
        let hw = try #require(HoltWinters.fitted(seasonal, season: 4))
        let naiveSSE = (1..<48).map { pow(seasonal[$0] - seasonal[$0 - 1], 2) }.reduce(0, +)
        #expect(hw.sumOfSquaredErrors(seasonal) < 0.05 * naiveSSE)
        let next = hw.forecast(hw.run(seasonal), origin: 47, horizon: 8)
        for (k, value) in next.enumerated() {
            #expect(abs(value - (100 + 2 * Double(48 + k) + pattern[(48 + k) % 4])) < 1e-3)
        }
        // A noisy series: the fit is no worse than the best grid point and the parameters stay in [0, 1].
        let rng = RandomSource(seed: 7)
        let noise = rng.normals(count: seasonal.count)
        let noisy = zip(seasonal, noise).map { $0 + 3 * $1 }
        let fit = try #require(HoltWinters.fitted(noisy, season: 4))
        for p in [fit.alpha, fit.beta, fit.gamma] { #expect(p >= 0 && p <= 1) }
        var gridBest = Double.infinity
        for a in [0.1, 0.5, 0.9] { for b in [0.01, 0.1] { for g in [0.01, 0.3] {
            gridBest = min(gridBest, HoltWinters(alpha: a, beta: b, gamma: g, season: 4, initialLevel: fit.initialLevel,
                                                 initialTrend: fit.initialTrend, initialSeasonals: fit.initialSeasonals)
                .sumOfSquaredErrors(noisy))
        } } }
        #expect(fit.sumOfSquaredErrors(noisy) <= gridBest)
        #expect(HoltWinters.fitted([1, 2, 3], season: 4) == nil)
    }
}
