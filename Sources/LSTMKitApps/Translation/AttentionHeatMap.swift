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

    /// An SVG image of the map: a grid of squares whose darkness is the weight, source tokens above (rotated),
    /// target tokens on the left, each cell with its weight as a tooltip.
    public static func svg(_ t: Translation, cell: Int = 28) -> String {
        let rows = t.rowTokens, columns = t.sourceTokens
        let left = 12 + 8 * (rows.map(\.count).max() ?? 1), top = 12 + 7 * (columns.map(\.count).max() ?? 1)
        let width = left + cell * columns.count + 10, height = top + cell * rows.count + 10
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="13">
            <title>\(escape(t.source)) -> \(escape(t.text))</title>
            <rect width="\(width)" height="\(height)" fill="white"/>

            """
        for (c, token) in columns.enumerated() {
            let x = left + c * cell + cell / 2 + 4
            svg += "<text x=\"\(x)\" y=\"\(top - 6)\" transform=\"rotate(-60 \(x) \(top - 6))\">\(escape(token))</text>\n"
        }
        for (r, token) in rows.enumerated() {
            let y = top + r * cell
            svg += "<text x=\"\(left - 6)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(escape(token))</text>\n"
            for (c, weight) in t.attention[r].enumerated() {
                let level = Int((255 * (1 - min(max(weight, 0), 1))).rounded())
                svg += "<rect x=\"\(left + c * cell)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" " +
                    "fill=\"rgb(\(level),\(level),\(level))\" stroke=\"#ddd\"><title>\(escape(rows[r])) / " +
                    "\(escape(columns[c])): \(String(format: "%.3f", weight))</title></rect>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// Text with the XML special characters escaped.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
