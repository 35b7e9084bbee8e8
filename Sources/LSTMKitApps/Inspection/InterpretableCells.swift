import Foundation

/// The search for interpretable cells: the Pearson correlation of every unit's c (and h) over the steps of a
/// trace with every `CharacterFeature`, and the units that correlate most.
///
///     r(x, y) = sum_t (x[t] - mean x)(y[t] - mean y) / sqrt(sum_t (x[t] - mean x)^2 * sum_t (y[t] - mean y)^2)
///
/// A feature or unit that never changes over the text has no correlation (nil), never NaN.
public struct InterpretableCell: Sendable, Equatable, Codable {
    public var feature: String
    public var layer: Int
    public var unit: Int
    /// "c" (cell state) or "h" (hidden state).
    public var state: String
    /// Pearson's r over the text's characters.
    public var correlation: Double

    /// "layer 1 c[17]".
    public var cellName: String { "layer \(layer) \(state)[\(unit)]" }
}

public enum InterpretableCells {
    /// Pearson's r of two equally long series; nil when either is constant or shorter than 2.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "pearson: \(x.count) and \(y.count) values")
        let n = Double(x.count)
        guard x.count >= 2 else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 1e-12 * n, syy > 1e-12 * n else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// For every feature that varies over the trace's text, the `top` units of all layers (c and h) with the
    /// largest |r|, largest first; ties broken by layer, state, unit.
    public static func search(_ trace: CharModelTrace, features: [CharacterFeature] = CharacterFeature.all,
                              top: Int = 3) -> [(feature: CharacterFeature, cells: [InterpretableCell])] {
        var series: [(layer: Int, state: String, unit: Int, values: [Double])] = []
        for (l, layer) in trace.layers.enumerated() {
            for (name, matrix) in [("c", layer.c), ("h", layer.h)] {
                guard let matrix, let width = matrix.first?.count else { continue }
                for j in 0..<width { series.append((l, name, j, matrix.map { $0[j] })) }
            }
        }
        return features.compactMap { feature in
            let f = feature.values(trace.characters)
            guard pearson(f, f) != nil else { return nil }
            let cells = series.compactMap { s in
                pearson(s.values, f).map {
                    InterpretableCell(feature: feature.name, layer: s.layer, unit: s.unit, state: s.state, correlation: $0)
                }
            }
            let sorted = cells.sorted { a, b in
                abs(a.correlation) != abs(b.correlation) ? abs(a.correlation) > abs(b.correlation)
                    : (a.layer, a.state, a.unit) < (b.layer, b.state, b.unit)
            }
            return (feature, Array(sorted.prefix(top)))
        }
    }
}
