import LSTMKit
import Foundation

/// One forecast value: made at `origin` for `time = origin + step`, with the actual value and the two
/// baselines' forecasts of the same point (all in original units).
public struct ForecastPoint: Sendable, Equatable {
    public var origin: Int
    public var step: Int
    public var time: Int
    public var actual: Double
    public var model: Double
    public var naive: Double
    /// nil when no season is given.
    public var seasonalNaive: Double?

    public init(origin: Int, step: Int, time: Int, actual: Double, model: Double, naive: Double,
                seasonalNaive: Double?) {
        self.origin = origin
        self.step = step
        self.time = time
        self.actual = actual
        self.model = model
        self.naive = naive
        self.seasonalNaive = seasonalNaive
    }
}

/// RMSE, MAE and MAPE of one method over all forecast points (original units; MAPE as a fraction, skipping
/// zero actual values; NaN when every actual value is 0).
public struct ForecastScores: Sendable, Equatable, Codable {
    public var rmse: Double
    public var mae: Double
    public var mape: Double

    public init(rmse: Double, mae: Double, mape: Double) {
        self.rmse = rmse
        self.mae = mae
        self.mape = mape
    }

    /// The scores of `predictions` against `actual`.
    public init(predictions: [Double], actual: [Double]) {
        rmse = rootMeanSquaredError(predictions: predictions, targets: actual)
        mae = meanAbsoluteError(predictions: predictions, targets: actual)
        mape = actual.contains { $0 != 0 } ? meanAbsolutePercentageError(predictions: predictions, targets: actual) : .nan
    }
}

/// The model against the naive and seasonal-naive baselines on exactly the same forecast points.
///
///     method              RMSE         MAE        MAPE
///     LSTM              16.512      13.104       2.82%
///     naive             57.391      46.628      10.06%
///     seasonal naive    47.874      45.917      10.08%
///     LSTM beats naive: yes (RMSE 16.512 < 57.391)
///     LSTM beats seasonal naive: yes (RMSE 16.512 < 47.874)
///
/// "Beats" compares RMSE (the loss the network is trained on); the table shows MAE and MAPE too.
public struct ForecastEvaluation: Sendable {
    public let points: [ForecastPoint]
    public let horizon: Int
    public let season: Int?
    public let model: ForecastScores
    public let naive: ForecastScores
    /// nil without a season.
    public let seasonalNaive: ForecastScores?

    public init(points: [ForecastPoint], horizon: Int, season: Int?) {
        if points.isEmpty { failure("ForecastEvaluation: no forecast points") }
        self.points = points
        self.horizon = horizon
        self.season = season
        let actual = points.map(\.actual)
        model = ForecastScores(predictions: points.map(\.model), actual: actual)
        naive = ForecastScores(predictions: points.map(\.naive), actual: actual)
        let seasonal = points.compactMap(\.seasonalNaive)
        seasonalNaive = seasonal.count == points.count ? ForecastScores(predictions: seasonal, actual: actual) : nil
    }

    /// The number of forecast origins.
    public var originCount: Int { Set(points.map(\.origin)).count }

    /// Whether the model's RMSE is below the baseline's.
    public func beats(_ baseline: ForecastScores) -> Bool { model.rmse < baseline.rmse }

    /// The model's RMSE at each step ahead (1 ... H).
    public var rmseByStep: [Double] {
        (1...horizon).map { k in
            let p = points.filter { $0.step == k }
            return rootMeanSquaredError(predictions: p.map(\.model), targets: p.map(\.actual))
        }
    }

    /// The table and the verdict lines, as in the type's documentation.
    public func table(modelName: String = "LSTM") -> String {
        func row(_ name: String, _ s: ForecastScores) -> String {
            name.padding(toLength: 14, withPad: " ", startingAt: 0) + cell(s.rmse) + cell(s.mae)
                + (s.mape.isNaN ? "n/a" : String(format: "%.2f%%", s.mape * 100)).leftPadded(12)
        }
        func cell(_ x: Double) -> String { String(format: "%.3f", x).leftPadded(12) }
        func verdict(_ name: String, _ s: ForecastScores) -> String {
            let yes = beats(s)
            return "\(modelName) beats \(name): \(yes ? "yes" : "no") (RMSE " + String(format: "%.3f", model.rmse)
                + (yes ? " < " : " >= ") + String(format: "%.3f", s.rmse) + ")"
        }
        var lines = ["method".padding(toLength: 14, withPad: " ", startingAt: 0) + "RMSE".leftPadded(12)
                        + "MAE".leftPadded(12) + "MAPE".leftPadded(12),
                     row(modelName, model), row("naive", naive)]
        if let seasonalNaive { lines.append(row("seasonal naive", seasonalNaive)) }
        lines.append(verdict("naive", naive))
        if let seasonalNaive { lines.append(verdict("seasonal naive", seasonalNaive)) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
