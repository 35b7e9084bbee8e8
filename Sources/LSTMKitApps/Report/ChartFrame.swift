import Foundation
import Plot

/// The plot area of a chart and what every chart draws the same way: axes, ticks, titles, legend entries.
struct ChartFrame {
    var width, height, left, right, top, bottom: Double

    func x(_ axis: ChartAxis, _ value: Double) -> Double { axis.position(value, from: left, to: width - right) }
    func y(_ axis: ChartAxis, _ value: Double) -> Double { axis.position(value, from: height - bottom, to: top) }

    /// Axis lines, grid lines, tick labels and the two axis titles (`x` nil: the x axis draws no ticks).
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
/// An attribute whose value is escaped (Plot writes attribute values as given: a class name with a quote in a
/// tooltip would end the attribute and break the chart).
func at(_ name: String, _ value: String) -> Node<HTML.BodyContext> { .attribute(named: name, value: escapeXML(value)) }
func svgNumber(_ value: Double) -> String { String(format: "%.1f", value) }
