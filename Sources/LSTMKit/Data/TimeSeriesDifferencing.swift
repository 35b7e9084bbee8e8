/// Differencing along time (axis 0) and its inverse, to remove trends (lag 1) and seasonality (lag = the
/// period) before a forecaster sees a series, and to turn predicted differences back into values.
///
///     d[t] = x[t + lag] - x[t]                          difference(lag:)        [N, F] -> [N - lag, F]
///     x[t] = d[t - lag] + x[t - lag], x[0..<lag] given  inverseDifference       [M, F] -> [M, F]
///
/// The airline model's "d = 1, D = 1, period 12" is two differences in a row; undo them in reverse order, each
/// with the `lag` values that preceded its own input:
///
///     let x = Tensor<Double>(airPassengers)                   // [144]
///     let d1 = x.difference()                                  // [143]   x[t+1] - x[t]
///     let d2 = d1.seasonalDifference(period: 12)               // [131]   d1[t+12] - d1[t]
///     let back1 = d2.inverseSeasonalDifference(period: 12, initial: d1.slice(axis: 0, 0..<12))  // d1[12...]
///     let back0 = Tensor.concat([d1.slice(axis: 0, 0..<12), back1]).inverseDifference(initial: x.slice(axis: 0, 0..<1))
///     // back0 == x[1...]; prepend x[0] for the whole series.
///
/// To turn a forecast of differences (steps after the end of the known series) into values, pass the last
/// `lag` known values as `initial`: `forecastDiffs.inverseDifference(lag: 12, initial: x.slice(axis: 0, (n - 12)..<n))`.
extension Tensor {
    /// `d[t] = x[t + lag] - x[t]` along axis 0: `[N, ...]` -> `[N - lag, ...]` (empty when lag >= N).
    /// Differentiable (a difference of two slices). `lag` must be >= 1.
    public func difference(lag: Int = 1) -> Tensor {
        if lag < 1 { failure("difference: lag \(lag) must be >= 1") }
        if rank == 0 { failure("difference: needs a series along axis 0, got a scalar") }
        let n = shape[0]
        if lag >= n {
            var empty = shape
            empty[0] = 0
            return Tensor.zeros(empty)
        }
        return slice(axis: 0, lag..<n) - slice(axis: 0, 0..<(n - lag))
    }

    /// Seasonal differencing with period m: `d[t] = x[t + m] - x[t]` (the same as `difference(lag: m)`).
    public func seasonalDifference(period: Int) -> Tensor { difference(lag: period) }

    /// Inverts ``difference(lag:)``: given differences `d` `[M, ...]` and the `lag` values `initial`
    /// `[lag, ...]` that come just before the first reconstructed one, returns the `M` values
    /// `x[t] = d[t] + (t < lag ? initial[t] : x[t - lag])`. Not differentiable (a running sum).
    ///
    ///     let x = Tensor<Double>([1, 4, 9, 16, 25])
    ///     let d = x.difference()                                          // [3, 5, 7, 9]
    ///     d.inverseDifference(initial: Tensor([1]))                       // [4, 9, 16, 25]
    public func inverseDifference(lag: Int = 1, initial: Tensor) -> Tensor {
        if lag < 1 { failure("inverseDifference: lag \(lag) must be >= 1") }
        if rank == 0 { failure("inverseDifference: needs a series along axis 0, got a scalar") }
        var expected = shape
        expected[0] = lag
        if initial.shape != expected {
            failure("inverseDifference: initial values have shape \(initial.shape), expected \(expected) "
                    + "(the \(lag) values before the first difference, for differences of shape \(shape))")
        }
        let m = shape[0], row = count / Swift.max(m, 1)
        var out = scalars
        for t in 0..<m {
            for j in 0..<row {
                let previous = t < lag ? initial.scalars[t * row + j] : out[(t - lag) * row + j]
                out[t * row + j] = scalars[t * row + j] + previous
            }
        }
        return Tensor(shape: shape, scalars: out)
    }

    /// Inverts ``seasonalDifference(period:)`` given the `period` values before the first reconstructed one.
    public func inverseSeasonalDifference(period: Int, initial: Tensor) -> Tensor {
        inverseDifference(lag: period, initial: initial)
    }
}

extension Array where Element == Double {
    /// `d[t] = x[t + lag] - x[t]` for a plain series (empty when lag >= count).
    public func difference(lag: Int = 1) -> [Double] {
        Tensor<Double>(self).difference(lag: lag).scalars
    }

    /// The seasonal difference with period m (`difference(lag: m)`).
    public func seasonalDifference(period: Int) -> [Double] { difference(lag: period) }

    /// Inverts ``difference(lag:)`` given the `lag` values before the first reconstructed one:
    /// `initial + d.inverseDifference(lag:initial:) == x` when `initial` is `x.prefix(lag)`.
    public func inverseDifference(lag: Int = 1, initial: [Double]) -> [Double] {
        if initial.count != lag {
            failure("inverseDifference: \(initial.count) initial values, expected lag = \(lag)")
        }
        return Tensor<Double>(self).inverseDifference(lag: lag, initial: Tensor<Double>(initial)).scalars
    }

    /// Inverts ``seasonalDifference(period:)`` given the `period` values before the first reconstructed one.
    public func inverseSeasonalDifference(period: Int, initial: [Double]) -> [Double] {
        inverseDifference(lag: period, initial: initial)
    }
}
