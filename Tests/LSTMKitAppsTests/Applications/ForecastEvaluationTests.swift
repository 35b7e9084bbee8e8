import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct ForecastEvaluationTests {
    static func point(_ t: Int, actual: Double, model: Double, _ baselines: [ForecastBaseline: Double]) -> ForecastPoint {
        ForecastPoint(origin: t, step: 1, time: t + 1, actual: actual, model: model, baselines: baselines)
    }

    @Test func bestBaselineAndVerdicts() {
        let points = [Self.point(0, actual: 10, model: 11, [.naive: 14, .seasonalNaive: 12, .seasonalMean: 10.5, .drift: 13, .holtWinters: 9]),
                      Self.point(1, actual: 20, model: 19, [.naive: 16, .seasonalNaive: 22, .seasonalMean: 20.5, .drift: 17, .holtWinters: 21])]
        let e = ForecastEvaluation(points: points, horizon: 1, season: 4)
        #expect(e.baselines.map(\.baseline) == ForecastBaseline.allCases)
        #expect(e.bestBaseline.baseline == .seasonalMean && e.bestBaseline.scores.rmse == 0.5)
        #expect(e.beats(e.naive) && !e.beatsBestBaseline && e.warnings.isEmpty)
        let table = e.table()
        #expect(table.contains("seasonal mean            0.500       0.500"))
        #expect(table.contains("LSTM beats naive: yes (RMSE 1.000 < 4.000)"))
        #expect(table.hasSuffix("LSTM beats the best baseline (seasonal mean): no (RMSE 1.000 >= 0.500)"))
    }

    @Test func noSeasonIsSaidNotDropped() {
        let e = ForecastEvaluation(points: [Self.point(0, actual: 1, model: 1, [.naive: 2, .drift: 3, .holtWinters: 2])],
                                   horizon: 1, season: nil)
        #expect(e.seasonalNaive == nil && e.scores(.seasonalMean) == nil && e.warnings == [.noSeason])
        let table = e.table()
        #expect(table.contains("Holt (no season)") && !table.contains("seasonal naive  "))
        #expect(table.hasSuffix("warning: " + ForecastWarning.noSeason.message))
        #expect(!e.table(warnings: false).contains("warning:"))
    }

    @Test func muchWorseThanNaive() {
        let e = ForecastEvaluation(points: [Self.point(0, actual: 100, model: 118, [.naive: 99])], horizon: 1, season: 1)
        #expect(e.warnings == [.muchWorseThanNaive(ratio: 18)])
        #expect(e.warnings[0].message == "the model's RMSE is 18.0x the naive forecast's: on a trending or random-walk "
                + "series, difference the target (lag 1) or take its log")
        let close = ForecastEvaluation(points: [Self.point(0, actual: 100, model: 101.4, [.naive: 99])], horizon: 1, season: 1)
        #expect(close.warnings.isEmpty)
    }

    @Test func trainingRange() {
        #expect(ForecastWarning.range(of: [0, 10.9], training: [0, 10]) == nil)       // 9% beyond: within the margin
        let above = ForecastWarning.range(of: [5, 30], training: [0, 10])
        #expect(above == .outsideTrainingRange(trainingMin: 0, trainingMax: 10, lowest: 5, highest: 30, beyond: 2,
                                               transformed: false))
        #expect(above?.message.hasPrefix("the evaluated values leave the training range [0, 10]: up to 30 (200% of the "
                + "range's width beyond it)") == true)
        let below = ForecastWarning.range(of: [-5, 3], training: [0, 10])
        #expect(below?.message.contains("down to -5 (50% of") == true)
        #expect(ForecastWarning.range(of: [5, 5], training: [5, 5]) == nil)
        #expect(ForecastWarning.range(of: [6], training: [5, 5]) != nil)
        let transformed = ForecastWarning.range(of: [0.5], training: [-0.1, 0.1], transformed: true)
        #expect(transformed?.message.hasPrefix("the evaluated targets (after the log/differencing transform) leave") == true)
    }

    @Test func legacyPointInitializer() {
        let p = ForecastPoint(origin: 0, step: 1, time: 1, actual: 3, model: 2, naive: 1, seasonalNaive: nil)
        #expect(p.baselines == [.naive: 1] && p.naive == 1 && p.seasonalNaive == nil)
    }
}
