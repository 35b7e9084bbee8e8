import LSTMKit
import Foundation

/// The invertible map from a target series y to the series u the forecaster learns, and back.
///
///     z[t] = log(y[t])                       when `log` (every y must be > 0), else z = y
///     level[0] = z
///     level[i + 1][t] = level[i][t] - level[i][t - lags[i]]      one difference per lag, in order
///     u = level[lags.count]
///
/// Every level stays on the time axis of y: `level[i][t]` is NaN for `t < lags[0] + ... + lags[i - 1]`, so the
/// first `warmUp` values of u are NaN and time index t means the same step in y and in u. Lag 1 removes a
/// trend (the first difference), lag S removes a season of length S (the seasonal difference); the airline
/// model's "d = 1, D = 1, period 12" is `lags: [1, 12]`.
///
/// A forecast of u at `origin + 1 ... origin + H` becomes a forecast of y by undoing the differences in
/// reverse order, each with the lower level's known values (times <= origin) or its own earlier
/// reconstructed values, then `exp` when `log`:
///
///     level[i][t + k] = level[i + 1][t + k] + level[i][t + k - lags[i]]
///
///     let transform = ForecastTransform(log: true, lags: [1, 12])
///     let u = transform.apply(y)                                       // NaN for t < 13
///     let back = transform.invert(Array(u[100...111]), origin: 99, history: y)   // == y[100...111]
public struct ForecastTransform: Codable, Equatable, Sendable {
    /// Take the logarithm first (for multiplicative seasonality and growth).
    public var log: Bool
    /// The differencing lags, applied in order (each >= 1).
    public var lags: [Int]

    public init(log: Bool = false, lags: [Int] = []) {
        for lag in lags where lag < 1 { failure("ForecastTransform: lag \(lag) must be >= 1 (lags \(lags))") }
        self.log = log
        self.lags = lags
    }

    /// The number of leading steps of u that are undefined (NaN): the sum of the lags.
    public var warmUp: Int { lags.reduce(0, +) }

    /// All levels of y, from z (`levels[0]`) to u (`levels[lags.count]`), each as long as y.
    public func levels(_ y: [Double]) -> [[Double]] {
        var current = log ? y.map { Foundation.log($0) } : y
        var result = [current]
        for lag in lags {
            var next = [Double](repeating: .nan, count: current.count)
            if lag < current.count {
                for t in lag..<current.count { next[t] = current[t] - current[t - lag] }
            }
            result.append(next)
            current = next
        }
        return result
    }

    /// The transformed series u (NaN for the first `warmUp` steps).
    public func apply(_ y: [Double]) -> [Double] { levels(y).last! }

    /// Turns a forecast of u at `origin + 1 ... origin + H` into a forecast of y at the same steps, reading
    /// only `history[0...origin]` (values after the origin are never used, so nothing leaks).
    public func invert(_ predicted: [Double], origin: Int, history: [Double]) -> [Double] {
        if origin < 0 || origin >= history.count {
            failure("ForecastTransform.invert: origin \(origin) is outside the history of \(history.count) values")
        }
        return invert(predicted, origin: origin, levels: levels(Array(history[0...origin])))
    }

    /// `invert` with the levels of the history precomputed (only indices <= origin are read).
    func invert(_ predicted: [Double], origin: Int, levels: [[Double]]) -> [Double] {
        if origin + 1 < warmUp {
            failure("ForecastTransform.invert: origin \(origin) is before the first defined value (warm-up \(warmUp))")
        }
        let h = predicted.count
        var current = predicted
        for i in stride(from: lags.count - 1, through: 0, by: -1) {
            let lag = lags[i], below = levels[i]
            var rebuilt = [Double](repeating: 0, count: h)
            for k in 0..<h {
                let s = origin + 1 + k - lag
                rebuilt[k] = current[k] + (s <= origin ? below[s] : rebuilt[s - origin - 1])
            }
            current = rebuilt
        }
        return log ? current.map { Foundation.exp($0) } : current
    }
}
