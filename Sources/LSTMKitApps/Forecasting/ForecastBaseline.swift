import LSTMKit

/// The classical forecasts an evaluation computes next to the model (see ``ForecastBaselines`` and
/// ``HoltWinters``), in the order they are reported.
public enum ForecastBaseline: String, CaseIterable, Codable, Sendable, Comparable {
    case naive = "naive"
    case seasonalNaive = "seasonal naive"
    case seasonalMean = "seasonal mean"
    case drift = "drift"
    /// Holt-Winters with a season; Holt's linear trend without one.
    case holtWinters = "Holt-Winters"

    /// Whether the baseline exists only with a season.
    public var needsSeason: Bool { self == .seasonalNaive || self == .seasonalMean }

    /// The row name: `rawValue`, except "Holt (no season)" for Holt-Winters without a season.
    public func name(season: Int?) -> String {
        self == .holtWinters && season == nil ? "Holt (no season)" : rawValue
    }

    public static func < (a: ForecastBaseline, b: ForecastBaseline) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Every baseline's forecasts at `origins` (`[origins.count][horizon]` each), with the reasons for the ones
    /// that could not be computed.
    ///
    /// - Parameters:
    ///   - y: the whole series in original units (only values up to each origin are read, except that the
    ///     seasonal mean and the Holt-Winters parameters come from `y[0 ..< trainEnd]`).
    ///   - trainEnd: the end of the training part.
    ///   - origins: the forecast origins t: the last observed step of each forecast.
    ///   - horizon: H, the steps forecast from each origin.
    ///   - season: S, or nil (then the seasonal baselines are absent: a ``ForecastWarning/noSeason`` says so).
    public static func forecasts(_ y: [Double], trainEnd: Int, origins: [Int], horizon: Int, season: Int?)
        -> (forecasts: [ForecastBaseline: [[Double]]], warnings: [ForecastWarning]) {
        if trainEnd < 1 || trainEnd > y.count { failure("ForecastBaseline.forecasts: trainEnd \(trainEnd) outside 1...\(y.count)") }
        var result: [ForecastBaseline: [[Double]]] = [:]
        var warnings: [ForecastWarning] = []
        result[.naive] = origins.map { ForecastBaselines.naive(y, origin: $0, horizon: horizon) }
        result[.drift] = origins.map { ForecastBaselines.drift(y, origin: $0, horizon: horizon) }
        if let s = season {
            if origins.allSatisfy({ $0 + 1 >= s }) {
                result[.seasonalNaive] = origins.map { ForecastBaselines.seasonalNaive(y, origin: $0, horizon: horizon, season: s) }
            } else {
                warnings.append(.baselineUnavailable(.seasonalNaive, reason: "an origin has less than one season (\(s) steps) of history"))
            }
            if trainEnd >= s {
                let means = ForecastBaselines.seasonalMeans(y, trainEnd: trainEnd, season: s)
                result[.seasonalMean] = origins.map { ForecastBaselines.seasonalMean(means, origin: $0, horizon: horizon) }
            } else {
                warnings.append(.baselineUnavailable(.seasonalMean, reason: "the training part (\(trainEnd) steps) is shorter than one season (\(s))"))
            }
        } else {
            warnings.append(.noSeason)
        }
        if let model = HoltWinters.fitted(Array(y[0..<trainEnd]), season: season) {
            let run = model.run(y)
            result[.holtWinters] = origins.map { model.forecast(run, origin: $0, horizon: horizon) }
        } else {
            let needed = season.map { "two seasons (\(2 * $0) steps)" } ?? "two steps"
            warnings.append(.baselineUnavailable(.holtWinters, reason: "its initial state needs \(needed) of training data, there are \(trainEnd)"))
        }
        return (result, warnings)
    }
}
