import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct ForecastDataTests {
    /// A trend times a season of 4, 48 steps.
    static let series: TimeSeries = {
        let season: [Double] = [0, 1, 3, 1]
        let values: [Double] = (0..<48).map { (t: Int) -> Double in 50 + Double(t) + 10 * season[t % 4] }
        return TimeSeries(values, name: "y")
    }()

    static func config(log: Bool = false, lags: [Int] = [], horizon: Int = 3, window: Int = 8) -> ForecastConfig {
        ForecastConfig(target: "y", window: window, horizon: horizon, season: 4,
                       transform: ForecastTransform(log: log, lags: lags), testSize: 8, validationSize: 8)
    }

    @Test func splitAndOrigins() throws {
        let data = try ForecastData(series: Self.series, config: Self.config(lags: [1]))
        #expect(data.trainEnd == 32 && data.validationEnd == 40)
        #expect(data.origins(.train) == Array(8...28))          // first window needs 1 warm-up step + 8
        #expect(data.origins(.validation) == Array(31...36))    // targets 32 ... 39
        #expect(data.origins(.test) == Array(39...44))          // targets 40 ... 47
        let batch = data.batch(origins: [8, 9])
        #expect(batch.inputs.shape == [8, 2, 1] && batch.targets.shape == [2, 3])
        // The scaler saw the training part only: u[1 ..< 32] has mean 0 after scaling.
        let u = ForecastTransform(lags: [1]).apply(try Self.series.column("y"))
        let scaled = data.scaler.transform(Tensor<Double>(Array(u[1..<32])), feature: 0).scalars
        #expect(abs(scaled.reduce(0, +)) < 1e-9)
    }

    @Test func perfectTransformedForecastsScoreZeroInOriginalUnits() throws {
        let data = try ForecastData(series: Self.series, config: Self.config(log: true, lags: [1, 4]))
        let origins = data.origins(.test)
        let evaluation = data.evaluate(forecasts: data.invert(scaled: data.scaledTargets(origins: origins), origins: origins),
                                       origins: origins)
        #expect(evaluation.points.count == origins.count * 3)
        #expect(evaluation.model.rmse < 1e-4 && evaluation.model.mae < 1e-4)   // Float windows, Double metrics
        #expect(evaluation.beats(evaluation.naive) && evaluation.beats(evaluation.seasonalNaive!))
    }

    @Test func metricsAndBaselinesOnTheSamePoints() throws {
        let data = try ForecastData(series: Self.series, config: Self.config())
        let y = try Self.series.column("y")
        let origins = data.origins(.test)                      // 39 ... 44, targets up to 47
        let forecasts = origins.map { t in (1...3).map { y[t + $0] + 2 } }   // off by 2 everywhere
        let e = data.evaluate(forecasts: forecasts, origins: origins)
        #expect(abs(e.model.rmse - 2) < 1e-12 && abs(e.model.mae - 2) < 1e-12)
        let naiveErrors = origins.flatMap { t in (1...3).map { y[t + $0] - y[t] } }
        #expect(abs(e.naive.mae - naiveErrors.map(abs).reduce(0, +) / 18) < 1e-12)
        // Seasonal naive on a trend of +1 per step with season 4: always 4 too low.
        #expect(abs(e.seasonalNaive!.rmse - 4) < 1e-12)
        let p = e.points[0]
        #expect(p.origin == 39 && p.step == 1 && p.time == 40 && p.actual == y[40] && p.model == y[40] + 2)
        #expect(p.naive == y[39] && p.seasonalNaive == y[36])
        #expect(p.baselines[.drift] == y[39] + (y[39] - y[0]) / 39)
        // Time 40 is season position 0; the training part (0 ..< 32) has 50 + t there for t = 0, 4, ..., 28.
        #expect(p.baselines[.seasonalMean] == 64)
        // Trend + season exactly: Holt-Winters fitted on the training part forecasts it almost exactly.
        #expect(abs(p.baselines[.holtWinters]! - y[40]) < 0.01)
        #expect(e.table().contains("LSTM beats seasonal naive: yes (RMSE 2.000 < 4.000)"))
        #expect(e.bestBaseline.baseline == .holtWinters && !e.beatsBestBaseline)
        #expect(e.table().contains("LSTM beats the best baseline (Holt-Winters): no (RMSE 2.000 >= "))
        // The test tail (values up to y[46] = 126) leaves the training range [y[0], y[30]] = [50, 110] by 16 / 60
        // of its width.
        #expect(e.warnings.count == 1)
        if case .outsideTrainingRange(let low, let high, _, let highest, let beyond, let transformed)? = e.warnings.first {
            #expect(low == 50 && high == 110 && highest == 126 && abs(beyond - 16.0 / 60) < 1e-12 && !transformed)
        } else {
            Issue.record("expected a training-range warning, got \(e.warnings)")
        }
    }

    @Test func tooShortSeriesAndLogOfZeroAreErrors() throws {
        #expect(throws: ForecastDataError.self) {
            _ = try ForecastData(series: Self.series, config: Self.config(window: 40))
        }
        var config = Self.config()
        config.testSize = 2
        #expect(throws: ForecastDataError.self) { _ = try ForecastData(series: Self.series, config: config) }
        let zero = TimeSeries([1, 2, 0] + (0..<45).map { Double($0) + 1 }, name: "y")
        do {
            _ = try ForecastData(series: zero, config: Self.config(log: true))
            Issue.record("expected an error")
        } catch let error as ForecastDataError {
            #expect(error.message.contains("line 3") && error.message.contains("log needs values > 0"))
        }
    }

    @Test func aModelTrainsAndEvaluates() throws {
        let data = try ForecastData(series: Self.series, config: Self.config(lags: [4]))
        let model = Forecaster<Float>(config: data.config, rng: RandomSource(seed: 0))
        let batch = data.batch(origins: data.origins(.train))
        #expect(model(batch.inputs).shape == [batch.indices.count, 3])
        let e = data.evaluate(model)
        #expect(e.points.count == 18 && e.model.rmse.isFinite)
    }
}
