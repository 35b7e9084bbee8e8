import Foundation
import Plot

/// A line chart as inline SVG: labelled axes with ticks, one line per series with point markers whose
/// tooltips give the values, and a legend whose entries show or hide their series (the report's script). The y
/// axis is linear, or logarithmic (`logarithmicY`: ticks at powers of ten, for gradient norms spanning many
/// decades); a value that has no position (not finite; <= 0 on the log axis) breaks its line.
public struct LineChart {
    public struct Series {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var dashed: Bool
        /// An SVG colour ("#d62728"); nil: the chart's palette by series index.
        public var color: String?

        public init(name: String, x: [Double], y: [Double], dashed: Bool = false, color: String? = nil) {
            (self.name, self.x, self.y, self.dashed, self.color) = (name, x, y, dashed, color)
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width = 760.0
    public var height = 300.0
    /// At most this many markers per series (evenly spread): enough to hover, few enough to keep files small.
    public var maxMarkers = 250
    /// A logarithmic y axis (``ChartAxis/init(logarithmicCovering:maxTicks:)``) instead of a linear one.
    public var logarithmicY = false

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        (self.title, self.xLabel, self.yLabel, self.series) = (title, xLabel, yLabel, series.filter { !$0.x.isEmpty })
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"]
    let margin = (left: 72.0, right: 16.0, top: 34.0, bottom: 48.0)

    public var node: Node<HTML.BodyContext> {
        let xAxis = ChartAxis(covering: series.flatMap(\.x))
        let yAxis = logarithmicY ? ChartAxis(logarithmicCovering: series.flatMap(\.y)) : ChartAxis(covering: series.flatMap(\.y))
        let frame = ChartFrame(width: width, height: height, left: margin.left, right: margin.right,
                               top: margin.top, bottom: margin.bottom)
        var nodes: [Node<HTML.BodyContext>] = frame.axes(x: xAxis, y: yAxis, xLabel: xLabel, yLabel: yLabel)
        for (index, s) in series.enumerated() {
            let color = s.color ?? LineChart.colors[index % LineChart.colors.count]
            let points = zip(s.x, s.y).map { (x: frame.x(xAxis, $0), y: frame.y(yAxis, $1), value: ($0, $1)) }
            var d = "", pen = false
            for p in points {
                guard p.value.0.isFinite, yAxis.contains(p.value.1) else { pen = false; continue }
                d += (pen ? "L" : "M") + svgNumber(p.x) + "," + svgNumber(p.y)
                pen = true
            }
            var marks: [Node<HTML.BodyContext>] = [svg("path", [
                .attribute(named: "class", value: "line"), .attribute(named: "d", value: d),
                .attribute(named: "stroke", value: color),
                .attribute(named: "stroke-dasharray", value: s.dashed ? "5,3" : nil),
            ])]
            for p in RunHistory.subsample(points, to: maxMarkers) where p.value.0.isFinite && yAxis.contains(p.value.1) {
                marks.append(svg("circle", [
                    .attribute(named: "class", value: "point"), .attribute(named: "cx", value: svgNumber(p.x)),
                    .attribute(named: "cy", value: svgNumber(p.y)), .attribute(named: "r", value: "2.5"),
                    .attribute(named: "fill", value: color),
                    at("data-tip", "\(s.name): \(xLabel) \(chartNumber(p.value.0)), \(yLabel) \(chartNumber(p.value.1))"),
                ]))
            }
            nodes.append(svg("g", [.attribute(named: "class", value: "series"),
                                   .attribute(named: "data-series", value: String(index))] + marks))
            nodes.append(frame.legendEntry(index: index, name: s.name, color: color, dashed: s.dashed))
        }
        return frame.svgElement(title: title, nodes)
    }
}
