/// What to do with a missing cell (by default "", "NA", "NaN" or "?", and any text that parses as NaN) when a
/// ``TimeSeries`` is read. The rule applies to every value column; dates are never filled.
///
/// With the column `[1, -, -, 4, -]` (`-` missing) in time order:
///
///     .error              throws CSVError(.missingValue) naming the line and column of the first gap
///     .forwardFill        [1, 1, 1, 4, 4]        x[t] = x[t-1]; a gap in the first row throws (nothing before it)
///     .linearInterpolate  [1, 2, 3, 4, 4]        x[t] = x[a] + (x[b] - x[a]) * (t - a) / (b - a) between known
///                                                rows a < t < b (by row position, like pandas' default);
///                                                gaps before the first / after the last known value take that
///                                                value; a column with no value at all throws
///     .drop               rows 1, 2, 4 removed   any row with a gap in any selected column is removed
///     .constant(0)        [1, 0, 0, 4, 0]
///
/// Filling happens after the rows are put in date order (see ``DateOrder``).
public enum MissingValueRule: Sendable, Equatable {
    /// A missing value is an error naming where it is.
    case error
    /// Repeat the last known value (a missing first value is an error).
    case forwardFill
    /// Interpolate linearly between the known neighbours; extend the first/last known value to the ends.
    case linearInterpolate
    /// Remove every row with a missing value.
    case drop
    /// Put this value in every gap.
    case constant(Double)
}

extension MissingValueRule {
    /// Forward fill; returns the position of a leading gap that cannot be filled, or the filled column.
    static func forwardFilled(_ x: [Double?]) -> Result<[Double], LeadingGap> {
        var out = [Double]()
        out.reserveCapacity(x.count)
        var last: Double? = nil
        for (t, v) in x.enumerated() {
            if let v { last = v }
            guard let fill = last else { return .failure(LeadingGap(position: t)) }
            out.append(fill)
        }
        return .success(out)
    }

    struct LeadingGap: Error { let position: Int }

    /// Linear interpolation by position with constant extension at the ends; nil when nothing is known.
    static func interpolated(_ x: [Double?]) -> [Double]? {
        let known = x.indices.filter { x[$0] != nil }
        guard let first = known.first, let lastKnown = known.last else { return nil }
        var out = [Double](repeating: x[first]!, count: x.count)
        var previous = first
        for t in first..<x.count {
            if let v = x[t] {
                out[t] = v
                if t - previous > 1 {
                    let a = x[previous]!, span = Double(t - previous)
                    for k in (previous + 1)..<t { out[k] = a + (v - a) * Double(k - previous) / span }
                }
                previous = t
            } else if t > lastKnown {
                out[t] = x[lastKnown]!
            }
        }
        return out
    }
}
