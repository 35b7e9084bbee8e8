import Foundation

/// A heat map as SVG: a grid of `values` (rows x columns) drawn as coloured squares, row labels on the left,
/// column labels above (rotated), a colour legend below, and every square's value as a tooltip.
///
/// Used for attention weights (target tokens x source tokens, `AttentionHeatMap`) and for the gates and
/// states of a recurrent layer (units x time steps, `lstm inspect`). Labels may be empty: a long axis
/// labels only every k-th row or column.
///
///     let map = HeatMap(values: [[0.1, 0.9], [0.7, 0.2]], rowLabels: ["a", "b"], columnLabels: ["x", "y"],
///                       scale: .shades(0, 1))
///     try Data(map.svg().utf8).write(to: url)
public struct HeatMap: Sendable {
    /// The numbers, one array per row, all rows as long.
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var scale: ColorScale
    /// The title (shown as the SVG's <title>, and above the map when not empty).
    public var title: String
    /// Side of one square in pixels (width, height).
    public var cellWidth: Int, cellHeight: Int
    /// The tooltip of square (row, column) with its value; by default "row / column: value".
    public var tooltip: (@Sendable (Int, Int, Double) -> String)?

    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], scale: ColorScale,
                title: String = "", cellWidth: Int = 28, cellHeight: Int = 28,
                tooltip: (@Sendable (Int, Int, Double) -> String)? = nil) {
        precondition(values.count == rowLabels.count && values.allSatisfy { $0.count == columnLabels.count },
                     "HeatMap: \(values.count) rows of \(values.map(\.count)) values for \(rowLabels.count) row " +
                     "and \(columnLabels.count) column labels")
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.scale = scale
        self.title = title
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.tooltip = tooltip
    }

    /// The SVG image. Squares are `<rect x=...>` with class "cell"; the legend's squares have class "legend".
    public func svg() -> String {
        let fontSize = 13, charWidth = 8
        let titleHeight = title.isEmpty ? 0 : 22
        let left = 12 + charWidth * max(rowLabels.map(\.count).max() ?? 1, 1)
        let top = titleHeight + 12 + 7 * max(columnLabels.map(\.count).max() ?? 1, 1)
        let gridWidth = cellWidth * columnLabels.count, gridHeight = cellHeight * rowLabels.count
        let legendTop = top + gridHeight + 14, legendHeight = 44
        let width = max(left + gridWidth + 10, left + 11 * 22 + 80), height = legendTop + legendHeight
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="\(fontSize)">
            <title>\(escapeXML(title))</title>
            <rect width="\(width)" height="\(height)" fill="white"/>

            """
        if !title.isEmpty { svg += "<text x=\"4\" y=\"16\" font-weight=\"bold\">\(escapeXML(title))</text>\n" }
        for (c, label) in columnLabels.enumerated() where !label.isEmpty {
            let x = left + c * cellWidth + cellWidth / 2 + 4
            svg += "<text x=\"\(x)\" y=\"\(top - 6)\" transform=\"rotate(-60 \(x) \(top - 6))\">\(escapeXML(label))</text>\n"
        }
        for (r, label) in rowLabels.enumerated() {
            let y = top + r * cellHeight
            if !label.isEmpty {
                svg += "<text x=\"\(left - 6)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"end\">\(escapeXML(label))</text>\n"
            }
            for (c, value) in values[r].enumerated() {
                let tip = tooltip?(r, c, value) ?? "\(rowLabels[r]) / \(columnLabels[c]): \(String(format: "%.3f", value))"
                svg += "<rect x=\"\(left + c * cellWidth)\" y=\"\(y)\" width=\"\(cellWidth)\" height=\"\(cellHeight)\" " +
                    "class=\"cell\" fill=\"\(scale.color(value))\"" + (cellWidth >= 10 ? " stroke=\"#ddd\"" : "") +
                    "><title>\(escapeXML(tip))</title></rect>\n"
            }
        }
        svg += legend(left: left, top: legendTop)
        return svg + "</svg>\n"
    }

    /// 11 squares from the scale's low to its high end, labelled at both ends and in the middle.
    func legend(left: Int, top: Int) -> String {
        let (low, high) = scale.range
        var svg = ""
        for k in 0...10 {
            let v = low + (high - low) * Double(k) / 10
            svg += "<rect class=\"legend\" x=\"\(left + 22 * k)\" y=\"\(top)\" width=\"22\" height=\"14\" " +
                "fill=\"\(scale.color(v))\" stroke=\"#999\"><title>\(format(v))</title></rect>\n"
        }
        for (k, anchor) in [(0, "start"), (5, "middle"), (10, "end")] {
            let v = low + (high - low) * Double(k) / 10
            let x = left + 22 * k + (k == 0 ? 0 : k == 10 ? 22 : 11)
            svg += "<text x=\"\(x)\" y=\"\(top + 30)\" text-anchor=\"\(anchor)\">\(format(v))</text>\n"
        }
        return svg
    }

    func format(_ v: Double) -> String { String(format: abs(v) >= 100 ? "%.0f" : "%.2f", v) }
}

/// How a number becomes a colour.
public enum ColorScale: Sendable, Equatable {
    /// White at `low`, black at `high` (clamped): weights and gates in [0, 1].
    case shades(Double, Double)
    /// Blue at -limit, white at 0, red at +limit (clamped): signed activations such as h and c (the red/blue
    /// scale of Karpathy, Johnson and Fei-Fei 2015).
    case diverging(limit: Double)

    /// The range the legend shows.
    public var range: (low: Double, high: Double) {
        switch self {
        case let .shades(low, high): (low, high)
        case let .diverging(limit): (-limit, limit)
        }
    }

    /// The colour of `value` as "rgb(r,g,b)".
    public func color(_ value: Double) -> String {
        let (r, g, b) = rgb(value)
        return "rgb(\(r),\(g),\(b))"
    }

    /// The colour of `value` as 0...255 components.
    public func rgb(_ value: Double) -> (Int, Int, Int) {
        let v = value.isFinite ? value : 0
        switch self {
        case let .shades(low, high):
            let t = high > low ? min(max((v - low) / (high - low), 0), 1) : 0
            let level = Int((255 * (1 - t)).rounded())
            return (level, level, level)
        case let .diverging(limit):
            let t = limit > 0 ? min(max(v / limit, -1), 1) : 0
            let end: (Double, Double, Double) = t >= 0 ? (178, 24, 43) : (33, 102, 172)   // red, blue
            func mix(_ e: Double) -> Int { Int((255 + (e - 255) * Swift.abs(t)).rounded()) }
            return (mix(end.0), mix(end.1), mix(end.2))
        }
    }
}

/// Text with the XML special characters escaped (for SVG and HTML text and attribute values).
public func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
