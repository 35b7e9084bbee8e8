import LSTMKit
/// The two forecasts every model must beat, computed from the values known at the forecast origin t.
///
///     naive:           y_hat[t + k] = y[t]                                    (the last value; a random walk)
///     seasonal naive:  y_hat[t + k] = y[t + k - S * ceil(k / S)]              (the value one season earlier)
///
/// for k = 1 ... H. For k <= S the seasonal-naive forecast is simply `y[t + k - S]`.
///
///     let y: [Double] = [1, 2, 3, 4, 5, 6]
///     ForecastBaselines.naive(y, origin: 3, horizon: 2)                       // [4, 4]
///     ForecastBaselines.seasonalNaive(y, origin: 3, horizon: 3, season: 2)    // [3, 4, 3]
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

    private static func check(_ y: [Double], _ origin: Int, _ horizon: Int, _ op: String) {
        if horizon < 1 { failure("ForecastBaselines.\(op): horizon \(horizon) must be >= 1") }
        if origin < 0 || origin >= y.count {
            failure("ForecastBaselines.\(op): origin \(origin) is outside the series of \(y.count) values")
        }
    }
}
