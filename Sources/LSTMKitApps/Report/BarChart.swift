import Foundation
import Plot

/// A bar chart as inline SVG: one bar per category (per-class F1), labelled axes with ticks, a tooltip with
/// each bar's value.
public struct BarChart {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var categories: [String]
    public var values: [Double]
    /// The upper end of the value axis at least (1 for scores in [0, 1]).
    public var atLeast: Double
    public var width = 760.0
    public var height = 300.0

    public init(title: String, xLabel: String, yLabel: String, categories: [String], values: [Double], atLeast: Double = 0) {
        (self.title, self.xLabel, self.yLabel, self.categories, self.values, self.atLeast) =
            (title, xLabel, yLabel, categories, values, atLeast)
    }

    public var node: Node<HTML.BodyContext> {
        // Labels turn 45 degrees when they would not fit side by side (about 7 px per character).
        let rotate = Double(categories.map(\.count).max() ?? 0) * 7 > (width - 88) / Double(max(categories.count, 1)) * 0.9
        let frame = ChartFrame(width: width, height: height + (rotate ? 40 : 0), left: 72, right: 16, top: 20,
                               bottom: rotate ? 88 : 48)
        let yAxis = ChartAxis(covering: values + [atLeast], includeZero: true)
        var nodes = frame.axes(x: nil, y: yAxis, xLabel: xLabel, yLabel: yLabel)
        let slot = (frame.width - frame.left - frame.right) / Double(max(categories.count, 1))
        var bars: [Node<HTML.BodyContext>] = []
        for (i, (name, value)) in zip(categories, values).enumerated() {
            let x = frame.left + Double(i) * slot
            let top = frame.y(yAxis, value.isFinite ? value : 0), base = frame.y(yAxis, 0)
            bars.append(svg("rect", [cls("bar"), at("x", svgNumber(x + slot * 0.15)), at("y", svgNumber(top)),
                                     at("width", svgNumber(slot * 0.7)), at("height", svgNumber(max(base - top, 0))),
                                     at("data-tip", "\(name): \(yLabel) \(chartNumber(value))")]))
            let lx = svgNumber(x + slot / 2), ly = svgNumber(base + 16)
            nodes.append(svg("text", [cls(rotate ? "tick x rotated" : "tick x"), at("x", lx), at("y", ly),
                                      at("transform", rotate ? "rotate(-45 \(lx) \(ly))" : ""), .text(name)]))
        }
        nodes.append(svg("g", [cls("series"), at("data-series", "0")] + bars))
        return frame.svgElement(title: title, nodes)
    }
}
