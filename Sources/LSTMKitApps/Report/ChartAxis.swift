import Foundation

/// An axis of a chart and the mapping from data values to pixels. Linear: the data range widened to "nice"
/// tick values (1, 2 or 5 times a power of ten). Logarithmic (``init(logarithmicCovering:maxTicks:)``): whole
/// decades, ticks at powers of ten labelled 1e-3, 1e-2, ..., for values spanning many orders of magnitude.
public struct ChartAxis: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var ticks: [Double]
    /// Whether positions are linear in log10(value) (then lower, upper and the ticks are powers of ten).
    public var logarithmic = false

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

    /// A logarithmic axis from the power of ten at or below the smallest positive finite value to the one at
    /// or above the largest (at least one decade; 1...10 when there are none), with a tick at every decade, or
    /// every second, third, ... decade so that there are at most `maxTicks`. Values <= 0 have no position.
    public init(logarithmicCovering values: [Double], maxTicks: Int = 9) {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        let lo = log10(positive.min() ?? 1).rounded(.down)
        let hi = max(log10(positive.max() ?? 10).rounded(.up), lo + 1)
        let stride = max(1, Int(((hi - lo) / Double(max(maxTicks - 1, 1))).rounded(.up)))
        let top = lo + Double(Int(hi - lo + Double(stride) - 1) / stride * stride)   // hi rounded up to a tick
        lower = pow(10, lo)
        upper = pow(10, top)
        ticks = Swift.stride(from: Int(lo), through: Int(top), by: stride).map { pow(10, Double($0)) }
        logarithmic = true
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-9) { return m * power }
        return 10 * power
    }

    /// The pixel of `value` on a span from `start` (at `lower`) to `end` (at `upper`).
    public func position(_ value: Double, from start: Double, to end: Double) -> Double {
        if logarithmic { return start + log10(value / lower) / log10(upper / lower) * (end - start) }
        return start + (value - lower) / (upper - lower) * (end - start)
    }

    /// Whether `value` has a position (finite; and positive on a logarithmic axis).
    public func contains(_ value: Double) -> Bool { value.isFinite && (!logarithmic || value > 0) }

    /// A tick label (on a logarithmic axis 1e-3, 1e0, 1e2): as few decimals as the tick spacing needs, exponent form for very large or small values.
    public func label(_ value: Double) -> String {
        if logarithmic { return "1e\(Int(log10(value).rounded()))" }
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
