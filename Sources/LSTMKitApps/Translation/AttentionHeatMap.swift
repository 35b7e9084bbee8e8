import Foundation

/// Pictures of a translation's attention weights: rows are the target tokens, columns the source tokens,
/// darker = more weight. As text (shade characters, for a terminal) and as SVG.
public enum AttentionHeatMap {
    /// The shades of the text map, lightest first, and the weight each one starts at.
    public static let shades: [(character: Character, from: Double)] =
        [(" ", 0), ("░", 0.1), ("▒", 0.3), ("▓", 0.5), ("█", 0.7)]

    /// The shade character of a weight in [0, 1].
    public static func shade(_ weight: Double) -> Character {
        shades.last { weight >= $0.from }?.character ?? " "
    }

    /// The text map: a header of source tokens, then one line per target token; each cell is the shade of
    /// its weight, as wide as its column's source token, so the header names the column above it.
    ///
    ///            ein  mann fährt fahrrad .  <eos>
    ///     a      ███  ░
    ///     man         ████
    public static func text(_ t: Translation) -> [String] {
        let rows = t.rowTokens
        let labelWidth = (rows.map(\.count).max() ?? 0) + 1
        let widths = t.sourceTokens.map { max($0.count, 1) }
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        var lines = [pad("", labelWidth) + t.sourceTokens.joined(separator: " ")]
        for (r, label) in rows.enumerated() {
            let cells = zip(t.attention[r], widths).map { w, width in String(repeating: shade(w), count: width) }
            let line = pad(label, labelWidth) + cells.joined(separator: " ")
            lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
        }
        lines.append("(shades: " + shades.dropFirst().map { "\($0.character) >= \($0.from)" }.joined(separator: ", ") + ")")
        return lines
    }

    /// An SVG image of the map (a `HeatMap`): a grid of squares whose darkness is the weight, source tokens
    /// above (rotated), target tokens on the left, each cell with its weight as a tooltip, a legend below.
    public static func svg(_ t: Translation, cell: Int = 28) -> String {
        map(t, cell: cell).svg()
    }

    /// The heat map of a translation's attention: rows the target tokens, columns the source tokens.
    public static func map(_ t: Translation, cell: Int = 28) -> HeatMap {
        AttentionMap(t).heatMap(cell: cell)
    }
}

extension AttentionMap {
    /// The attention of translation `t` (what the report of `lstm train translate` records).
    public init(_ t: Translation) {
        self.init(title: "\(t.source) -> \(t.text)", rows: t.rowTokens, columns: t.sourceTokens, weights: t.attention)
    }
}
