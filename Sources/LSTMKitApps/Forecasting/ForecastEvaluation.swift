import LSTMKit
import Foundation

/// One forecast value: made at `origin` for `time = origin + step`, with the actual value and every baseline's
/// forecast of the same point (all in original units).
public struct ForecastPoint: Sendable, Equatable {
    public var origin: Int
    public var step: Int
    public var time: Int
    public var actual: Double
    public var model: Double
    /// The baselines' forecasts; a baseline that was not computed (no season, too little history) is absent.
    public var baselines: [ForecastBaseline: Double]

    /// The naive forecast (always computed).
    public var naive: Double { baselines[.naive] ?? .nan }
    /// nil when no season is given.
    public var seasonalNaive: Double? { baselines[.seasonalNaive] }

    public init(origin: Int, step: Int, time: Int, actual: Double, model: Double,
                baselines: [ForecastBaseline: Double]) {
        self.origin = origin
        self.step = step
        self.time = time
        self.actual = actual
        self.model = model
        self.baselines = baselines
    }

    /// A point with the naive and (optionally) seasonal-naive forecasts only.
    public init(origin: Int, step: Int, time: Int, actual: Double, model: Double, naive: Double,
                seasonalNaive: Double?) {
        var baselines: [ForecastBaseline: Double] = [.naive: naive]
        baselines[.seasonalNaive] = seasonalNaive
        self.init(origin: origin, step: step, time: time, actual: actual, model: model, baselines: baselines)
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

/// The model against the classical baselines (``ForecastBaseline``) on exactly the same forecast points,
/// with the best of them and the warnings the numbers call for.
///
///     method              RMSE         MAE        MAPE
///     LSTM              16.512      13.104       2.82%
///     naive             57.391      46.628      10.06%
///     seasonal naive    47.874      45.917      10.08%
///     seasonal mean    118.227     104.001      21.89%
///     drift             55.043      44.210       9.61%
///     Holt-Winters      21.106      17.533       3.80%
///     LSTM beats naive: yes (RMSE 16.512 < 57.391)
///     LSTM beats seasonal naive: yes (RMSE 16.512 < 47.874)
///     LSTM beats the best baseline (Holt-Winters): yes (RMSE 16.512 < 21.106)
///     warning: the evaluated values leave the training range [104, 559]: up to 622 (14% of the range's width ...
///
/// "Beats" compares RMSE (the loss the network is trained on); the table shows MAE and MAPE too. A baseline
/// that was not computed is absent from `baselines`, and a warning says why (``ForecastWarning/noSeason``).
public struct ForecastEvaluation: Sendable {
    public let points: [ForecastPoint]
    public let horizon: Int
    public let season: Int?
    public let model: ForecastScores
    /// The scores of every baseline present in all points, in ``ForecastBaseline`` order.
    public let baselines: [(baseline: ForecastBaseline, scores: ForecastScores)]
    /// What the caller found (range, unavailable baselines) and what the scores show (much worse than naive,
    /// no season), in that order.
    public let warnings: [ForecastWarning]

    /// - Parameters:
    ///   - points: the forecast points, each with the model's and the baselines' forecasts (at least one).
    ///   - horizon: H, the steps forecast from each origin.
    ///   - season: S, or nil when the series has no season.
    ///   - warnings: warnings found by the caller (``ForecastData`` adds the training-range check and
    ///     the baselines it could not compute); ``ForecastWarning/noSeason`` and
    ///     ``ForecastWarning/muchWorseThanNaive(ratio:)`` are added here when they apply.
    public init(points: [ForecastPoint], horizon: Int, season: Int?, warnings: [ForecastWarning] = []) {
        if points.isEmpty { failure("ForecastEvaluation: no forecast points") }
        self.points = points
        self.horizon = horizon
        self.season = season
        let actual = points.map(\.actual)
        model = ForecastScores(predictions: points.map(\.model), actual: actual)
        baselines = ForecastBaseline.allCases.compactMap { b in
            let values = points.compactMap { $0.baselines[b] }
            return values.count == points.count ? (b, ForecastScores(predictions: values, actual: actual)) : nil
        }
        var all = warnings
        if season == nil && !all.contains(.noSeason) { all.append(.noSeason) }
        if let naive = baselines.first(where: { $0.baseline == .naive })?.scores, naive.rmse > 0,
           model.rmse > ForecastWarning.muchWorseThanNaiveRatio * naive.rmse {
            all.append(.muchWorseThanNaive(ratio: model.rmse / naive.rmse))
        }
        self.warnings = all
    }

    /// The scores of `baseline`, or nil when it was not computed.
    public func scores(_ baseline: ForecastBaseline) -> ForecastScores? {
        baselines.first { $0.baseline == baseline }?.scores
    }

    /// The naive forecast's scores.
    public var naive: ForecastScores {
        guard let s = scores(.naive) else { failure("ForecastEvaluation: the points have no naive forecast") }
        return s
    }

    /// nil without a season.
    public var seasonalNaive: ForecastScores? { scores(.seasonalNaive) }

    /// The baseline with the lowest RMSE (the first in ``ForecastBaseline`` order on a tie).
    public var bestBaseline: (baseline: ForecastBaseline, scores: ForecastScores) {
        baselines.min { $0.scores.rmse < $1.scores.rmse }!
    }

    /// The number of forecast origins.
    public var originCount: Int { Set(points.map(\.origin)).count }

    /// Whether the model's RMSE is below the baseline's.
    public func beats(_ baseline: ForecastScores) -> Bool { model.rmse < baseline.rmse }

    /// Whether the model's RMSE is below every baseline's.
    public var beatsBestBaseline: Bool { beats(bestBaseline.scores) }

    /// The model's RMSE at each step ahead (1 ... H).
    public var rmseByStep: [Double] {
        (1...horizon).map { k in
            let p = points.filter { $0.step == k }
            return rootMeanSquaredError(predictions: p.map(\.model), targets: p.map(\.actual))
        }
    }

    /// The table, the verdict lines (against naive, seasonal naive when present, and the best baseline) and,
    /// with `warnings`, one "warning: ..." line per warning; as in the type's documentation.
    public func table(modelName: String = "LSTM", warnings showWarnings: Bool = true) -> String {
        func row(_ name: String, _ s: ForecastScores) -> String {
            name.padding(toLength: 18, withPad: " ", startingAt: 0) + cell(s.rmse) + cell(s.mae)
                + (s.mape.isNaN ? "n/a" : String(format: "%.2f%%", s.mape * 100)).leftPadded(12)
        }
        func cell(_ x: Double) -> String { String(format: "%.3f", x).leftPadded(12) }
        func verdict(_ name: String, _ s: ForecastScores) -> String {
            let yes = beats(s)
            return "\(modelName) beats \(name): \(yes ? "yes" : "no") (RMSE " + String(format: "%.3f", model.rmse)
                + (yes ? " < " : " >= ") + String(format: "%.3f", s.rmse) + ")"
        }
        var lines = ["method".padding(toLength: 18, withPad: " ", startingAt: 0) + "RMSE".leftPadded(12)
                        + "MAE".leftPadded(12) + "MAPE".leftPadded(12), row(modelName, model)]
        for (b, s) in baselines { lines.append(row(b.name(season: season), s)) }
        lines.append(verdict("naive", naive))
        if let seasonalNaive { lines.append(verdict("seasonal naive", seasonalNaive)) }
        let best = bestBaseline
        lines.append(verdict("the best baseline (\(best.baseline.name(season: season)))", best.scores))
        if showWarnings { lines += warnings.map { "warning: " + $0.message } }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
