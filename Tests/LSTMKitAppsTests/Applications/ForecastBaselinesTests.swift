import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

/// Each baseline against values computed by hand on tiny series.
@Suite struct ForecastBaselinesTests {
    let y: [Double] = [1, 2, 3, 4, 5, 6]

    @Test func naiveAndSeasonalNaive() {
        #expect(ForecastBaselines.naive(y, origin: 3, horizon: 2) == [4, 4])
        #expect(ForecastBaselines.seasonalNaive(y, origin: 3, horizon: 3, season: 2) == [3, 4, 3])
        #expect(ForecastBaselines.seasonalNaive(y, origin: 5, horizon: 4, season: 3) == [4, 5, 6, 4])
    }

    @Test func drift() {
        #expect(ForecastBaselines.drift(y, origin: 3, horizon: 2) == [5, 6])        // slope (4 - 1) / 3
        #expect(ForecastBaselines.drift([10, 4, 7], origin: 2, horizon: 2) == [5.5, 4])   // slope (7 - 10) / 2
        #expect(ForecastBaselines.drift([3, 9], origin: 0, horizon: 2) == [3, 3])   // naive at origin 0
    }

    @Test func seasonalMeanIsClimatology() {
        let means = ForecastBaselines.seasonalMeans([1, 10, 3, 20, 5, 30, 100], trainEnd: 6, season: 2)
        #expect(means == [3, 20])                                  // positions 0: 1, 3, 5; 1: 10, 20, 30
        #expect(ForecastBaselines.seasonalMean(means, origin: 5, horizon: 3) == [3, 20, 3])  // times 6, 7, 8
        #expect(ForecastBaselines.seasonalMeans(y, trainEnd: 4, season: 3) == [2.5, 2, 3])
    }

    @Test func allBaselinesAtTheSameOrigins() {
        let series = (0..<24).map { Double($0 % 4) * 10 + Double($0) }
        let result = ForecastBaseline.forecasts(series, trainEnd: 16, origins: [17, 18], horizon: 3, season: 4)
        #expect(Set(result.forecasts.keys) == Set(ForecastBaseline.allCases) && result.warnings.isEmpty)
        for (baseline, values) in result.forecasts { #expect(values.count == 2 && values.allSatisfy { $0.count == 3 }, "\(baseline)") }
        #expect(result.forecasts[.naive]![1] == ForecastBaselines.naive(series, origin: 18, horizon: 3))
        // Times 18, 19, 20 are positions 2, 3, 0: the training values there are 10 * p + t, t = p, p + 4, ..., p + 12.
        #expect(result.forecasts[.seasonalMean]![0] == [28, 39, 6])

        let none = ForecastBaseline.forecasts(series, trainEnd: 16, origins: [17], horizon: 2, season: nil)
        #expect(Set(none.forecasts.keys) == [.naive, .drift, .holtWinters] && none.warnings == [.noSeason])
        #expect(none.warnings[0].message == "no season given: seasonal baselines (seasonal naive, seasonal mean) not " +
                "computed and Holt-Winters ran without a season; pass a season")

        let short = ForecastBaseline.forecasts(series, trainEnd: 6, origins: [2, 7], horizon: 1, season: 4)
        #expect(short.forecasts[.seasonalNaive] == nil && short.forecasts[.holtWinters] == nil)
        #expect(short.forecasts[.seasonalMean] != nil)
        #expect(short.warnings.map(\.message) == [
            "the seasonal naive baseline was not computed: an origin has less than one season (4 steps) of history",
            "the Holt-Winters baseline was not computed: its initial state needs two seasons (8 steps) of training data, there are 6",
        ])
    }
}
