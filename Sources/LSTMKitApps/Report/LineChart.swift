import Foundation
import Plot

/// A line chart as inline SVG: labelled axes with ticks, one line per series with point markers whose
/// tooltips give the values, and a legend whose entries show or hide their series (the report's script).
public struct LineChart {
    public struct Series {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var dashed: Bool

        public init(name: String, x: [Double], y: [Double], dashed: Bool = false) {
            (self.name, self.x, self.y, self.dashed) = (name, x, y, dashed)
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

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        (self.title, self.xLabel, self.yLabel, self.series) = (title, xLabel, yLabel, series.filter { !$0.x.isEmpty })
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"]
    let margin = (left: 72.0, right: 16.0, top: 34.0, bottom: 48.0)

    public var node: Node<HTML.BodyContext> {
        let xAxis = ChartAxis(covering: series.flatMap(\.x))
        let yAxis = ChartAxis(covering: series.flatMap(\.y))
        let frame = ChartFrame(width: width, height: height, left: margin.left, right: margin.right,
                               top: margin.top, bottom: margin.bottom)
        var nodes: [Node<HTML.BodyContext>] = frame.axes(x: xAxis, y: yAxis, xLabel: xLabel, yLabel: yLabel)
        for (index, s) in series.enumerated() {
            let color = LineChart.colors[index % LineChart.colors.count]
            let points = zip(s.x, s.y).map { (x: frame.x(xAxis, $0), y: frame.y(yAxis, $1), value: ($0, $1)) }
            var d = "", pen = false
            for p in points {
                guard p.value.1.isFinite, p.value.0.isFinite else { pen = false; continue }
                d += (pen ? "L" : "M") + svgNumber(p.x) + "," + svgNumber(p.y)
                pen = true
            }
            var marks: [Node<HTML.BodyContext>] = [svg("path", [
                .attribute(named: "class", value: "line"), .attribute(named: "d", value: d),
                .attribute(named: "stroke", value: color),
                .attribute(named: "stroke-dasharray", value: s.dashed ? "5,3" : nil),
            ])]
            for p in RunHistory.subsample(points, to: maxMarkers) where p.value.1.isFinite && p.value.0.isFinite {
                marks.append(svg("circle", [
                    .attribute(named: "class", value: "point"), .attribute(named: "cx", value: svgNumber(p.x)),
                    .attribute(named: "cy", value: svgNumber(p.y)), .attribute(named: "r", value: "2.5"),
                    .attribute(named: "fill", value: color),
                    .attribute(named: "data-tip", value: "\(s.name): \(xLabel) \(chartNumber(p.value.0)), " +
                                                         "\(yLabel) \(chartNumber(p.value.1))"),
                ]))
            }
            nodes.append(svg("g", [.attribute(named: "class", value: "series"),
                                   .attribute(named: "data-series", value: String(index))] + marks))
            nodes.append(frame.legendEntry(index: index, name: s.name, color: color, dashed: s.dashed))
        }
        return frame.svgElement(title: title, nodes)
    }
}

/// The plot area of a chart and what every chart draws the same way: axes, ticks, titles, legend entries.
struct ChartFrame {
    var width, height, left, right, top, bottom: Double

    func x(_ axis: ChartAxis, _ value: Double) -> Double { axis.position(value, from: left, to: width - right) }
    func y(_ axis: ChartAxis, _ value: Double) -> Double { axis.position(value, from: height - bottom, to: top) }

    /// Axis lines, grid lines, tick labels and the two axis titles (`xTicks` nil: the x axis draws no ticks).
    func axes(x xAxis: ChartAxis?, y yAxis: ChartAxis, xLabel: String, yLabel: String) -> [Node<HTML.BodyContext>] {
        var nodes: [Node<HTML.BodyContext>] = []
        let x0 = left, x1 = width - right, y0 = height - bottom, y1 = top
        for t in yAxis.ticks {
            let py = svgNumber(y(yAxis, t))
            nodes.append(svg("line", [cls("grid"), at("x1", svgNumber(x0)), at("x2", svgNumber(x1)), at("y1", py), at("y2", py)]))
            nodes.append(svg("text", [cls("tick y"), at("x", svgNumber(x0 - 6)), at("y", py), .text(yAxis.label(t))]))
        }
        if let xAxis {
            for t in xAxis.ticks {
                let px = svgNumber(x(xAxis, t))
                nodes.append(svg("line", [cls("tickmark"), at("x1", px), at("x2", px), at("y1", svgNumber(y0)),
                                          at("y2", svgNumber(y0 + 5))]))
                nodes.append(svg("text", [cls("tick x"), at("x", px), at("y", svgNumber(y0 + 18)), .text(xAxis.label(t))]))
            }
        }
        nodes.append(svg("line", [cls("axis"), at("x1", svgNumber(x0)), at("x2", svgNumber(x1)), at("y1", svgNumber(y0)), at("y2", svgNumber(y0))]))
        nodes.append(svg("line", [cls("axis"), at("x1", svgNumber(x0)), at("x2", svgNumber(x0)), at("y1", svgNumber(y0)), at("y2", svgNumber(y1))]))
        nodes.append(svg("text", [cls("axis-title x"), at("x", svgNumber((x0 + x1) / 2)), at("y", svgNumber(height - 6)),
                                  .text(xLabel)]))
        let cy = svgNumber((y0 + y1) / 2)
        nodes.append(svg("text", [cls("axis-title y"), at("x", "16"), at("y", cy),
                                  at("transform", "rotate(-90 16 \(cy))"), .text(yLabel)]))
        return nodes
    }

    /// A legend entry along the top edge; clicking it shows or hides series `index`.
    func legendEntry(index: Int, name: String, color: String, dashed: Bool) -> Node<HTML.BodyContext> {
        let x = left + Double(index) * 150
        return svg("g", [cls("legend"), at("data-series", String(index)), at("transform", "translate(\(svgNumber(x)),10)"),
                         svg("line", [at("x1", "0"), at("x2", "18"), at("y1", "6"), at("y2", "6"), at("stroke", color),
                                      at("stroke-width", "3"), .attribute(named: "stroke-dasharray", value: dashed ? "5,3" : nil)]),
                         svg("text", [at("x", "24"), at("y", "10"), .text(name)])])
    }

    func svgElement(title: String, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        svg("svg", [cls("chart"), at("xmlns", "http://www.w3.org/2000/svg"),
                    at("viewBox", "0 0 \(svgNumber(width)) \(svgNumber(height))"), at("width", svgNumber(width)),
                    at("height", svgNumber(height)), at("role", "img"), at("aria-label", title),
                    svg("title", [.text(title)])] + nodes)
    }
}

func svg(_ name: String, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> { .element(named: name, nodes: nodes) }
func cls(_ value: String) -> Node<HTML.BodyContext> { .attribute(named: "class", value: value) }
func at(_ name: String, _ value: String) -> Node<HTML.BodyContext> { .attribute(named: name, value: value) }
func svgNumber(_ value: Double) -> String { String(format: "%.1f", value) }
