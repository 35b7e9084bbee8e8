import LSTMKit
/// Classical forecasts to hold a model against, each computed from what is known at the forecast origin t
/// (the values y[0 ... t], and for the seasonal mean the training part), for k = 1 ... H:
///
///     naive:           y_hat[t + k] = y[t]                                    (the last value; a random walk)
///     seasonal naive:  y_hat[t + k] = y[t + k - S * ceil(k / S)]              (the value one season earlier)
///     seasonal mean:   y_hat[t + k] = mean of y[i], i < trainEnd, i = t + k (mod S)   (climatology)
///     drift:           y_hat[t + k] = y[t] + k * (y[t] - y[0]) / t            (a random walk with drift)
///
/// and Holt-Winters exponential smoothing (``HoltWinters``). For k <= S the seasonal-naive forecast is simply
/// `y[t + k - S]`. Season positions are absolute: i and t + k are in the same position when i = t + k (mod S).
///
///     let y: [Double] = [1, 2, 3, 4, 5, 6]
///     ForecastBaselines.naive(y, origin: 3, horizon: 2)                       // [4, 4]
///     ForecastBaselines.seasonalNaive(y, origin: 3, horizon: 3, season: 2)    // [3, 4, 3]
///     ForecastBaselines.drift(y, origin: 3, horizon: 2)                       // [5, 6]
///     let means = ForecastBaselines.seasonalMeans(y, trainEnd: 4, season: 2)  // [2, 3]: positions 0 and 1
///     ForecastBaselines.seasonalMean(means, origin: 3, horizon: 2)            // [2, 3]
public enum ForecastBaselines {
    /// The last known value `y[origin]`, repeated `horizon` times.
    public static func naive(_ y: [Double], origin: Int, horizon: Int) -> [Double] {
        check(y, origin, horizon, "naive")
        return [Double](repeating: y[origin], count: horizon)
    }

    /// `y[origin + k - season * ceil(k / season)]` for k = 1 ... horizon. Needs `origin + 1 >= season`.
    public static func seasonalNaive(_ y: [Double], origin: Int, horizon: Int, season: Int) -> [Double] {
        check(y, origin, horizon, "seasonalNaive")
        if season < 1 { failure("ForecastBaselines.seasonalNaive: season \(season) must be >= 1") }
        if origin + 1 < season {
            failure("ForecastBaselines.seasonalNaive: origin \(origin) has fewer than one season (\(season)) of history")
        }
        return (1...horizon).map { k in
            let seasonsBack = (k + season - 1) / season          // ceil(k / S)
            return y[origin + k - season * seasonsBack]
        }
    }

    /// `y[origin] + k * (y[origin] - y[0]) / origin` for k = 1 ... horizon: the line through the first value
    /// and the value at the origin, extended (naive at origin 0).
    public static func drift(_ y: [Double], origin: Int, horizon: Int) -> [Double] {
        check(y, origin, horizon, "drift")
        let slope = origin == 0 ? 0 : (y[origin] - y[0]) / Double(origin)
        return (1...horizon).map { y[origin] + Double($0) * slope }
    }

    /// The mean of `y[0 ..< trainEnd]` at each season position p = i mod S, `[S]`. Needs `trainEnd >= season`.
    public static func seasonalMeans(_ y: [Double], trainEnd: Int, season: Int) -> [Double] {
        if season < 1 || trainEnd < season || trainEnd > y.count {
            failure("ForecastBaselines.seasonalMeans: season \(season) must be >= 1 and the training part " +
                    "(\(trainEnd) values of \(y.count)) at least one season long")
        }
        var sums = [Double](repeating: 0, count: season), counts = [Double](repeating: 0, count: season)
        for i in 0..<trainEnd {
            sums[i % season] += y[i]
            counts[i % season] += 1
        }
        return zip(sums, counts).map { $0 / $1 }
    }

    /// The seasonal means (``seasonalMeans(_:trainEnd:season:)``) at the positions of origin + 1 ... origin + horizon.
    public static func seasonalMean(_ means: [Double], origin: Int, horizon: Int) -> [Double] {
        if horizon < 1 || origin < 0 || means.isEmpty {
            failure("ForecastBaselines.seasonalMean: origin \(origin), horizon \(horizon), \(means.count) means")
        }
        return (1...horizon).map { means[(origin + $0) % means.count] }
    }

    private static func check(_ y: [Double], _ origin: Int, _ horizon: Int, _ op: String) {
        if horizon < 1 { failure("ForecastBaselines.\(op): horizon \(horizon) must be >= 1") }
        if origin < 0 || origin >= y.count {
            failure("ForecastBaselines.\(op): origin \(origin) is outside the series of \(y.count) values")
        }
    }
}
