import Foundation

/// A linear axis of a chart: the data range widened to "nice" tick values (1, 2 or 5 times a power of ten)
/// and the mapping from data values to pixels.
public struct ChartAxis: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var ticks: [Double]

    /// About `count` ticks covering `values` (the finite ones; [0, 1] when there are none).
    public init(covering values: [Double], count: Int = 5, includeZero: Bool = false) {
        var finite = values.filter(\.isFinite)
        if includeZero { finite.append(0) }
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if lo == hi {   // a constant (a learning rate without schedule): 10% either side, or +-0.5 around 0
            let pad = lo == 0 ? 0.5 : abs(lo) * 0.1
            (lo, hi) = (lo - pad, hi + pad)
        }
        let step = ChartAxis.niceStep((hi - lo) / Double(max(count, 1)))
        let first = (lo / step).rounded(.down) * step, last = (hi / step).rounded(.up) * step
        let n = Int(((last - first) / step).rounded())
        lower = first
        upper = last
        ticks = (0...n).map { first + Double($0) * step }
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-9) { return m * power }
        return 10 * power
    }

    /// The pixel of `value` on a span from `start` (at `lower`) to `end` (at `upper`).
    public func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// A tick label: as few decimals as the tick spacing needs, exponent form for very large or small values.
    public func label(_ value: Double) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let magnitude = max(abs(lower), abs(upper))
        if magnitude >= 1e5 || (magnitude < 1e-3 && magnitude > 0) { return String(format: "%.1e", value) }
        let decimals = max(0, min(6, -Int(log10(step).rounded(.down))))
        let text = String(format: "%.\(decimals)f", abs(value) < step * 1e-9 ? 0 : value)
        return text
    }
}

/// How charts print numbers in tooltips: 4 significant digits.
func chartNumber(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
    return String(format: "%.4g", value)
}
