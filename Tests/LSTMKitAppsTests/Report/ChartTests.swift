import Foundation
import Testing
@testable import LSTMKitApps

/// The report's chart arithmetic and SVG: nice ticks, pixel mapping, gaps for non-finite values, bars.
@Suite struct ChartTests {
    @Test func axisTicksAreNiceAndCoverTheData() {
        let a = ChartAxis(covering: [0.13, 3.9])
        #expect(a.ticks == [0, 1, 2, 3, 4] && a.lower == 0 && a.upper == 4)
        #expect(a.label(2) == "2" && a.position(2, from: 0, to: 100) == 50)
        let small = ChartAxis(covering: [0.0012, 0.0031])
        #expect(small.ticks.count >= 3 && small.lower <= 0.0012 && small.upper >= 0.0031)
        #expect(small.label(small.ticks[1]).contains("e-03") || small.label(small.ticks[1]).hasPrefix("0.00"))
        // A constant (a learning rate without schedule) gets 10% either side; no data gives [0, 1].
        let constant = ChartAxis(covering: [0.003, 0.003])
        #expect(constant.lower < 0.003 && constant.upper > 0.003 && constant.upper < 0.004)
        #expect(ChartAxis(covering: [.nan]).lower == 0 && ChartAxis(covering: []).upper == 1)
        #expect(ChartAxis(covering: [3, 7], includeZero: true).lower == 0)
        #expect(ChartAxis.niceStep(0.7) == 1 && ChartAxis.niceStep(1.5) == 2 && ChartAxis.niceStep(30) == 50)
    }

    @Test func lineChartBreaksAtNonFiniteValuesAndLabelsItsAxes() {
        let chart = LineChart(title: "T", xLabel: "step", yLabel: "loss",
                              series: [.init(name: "a", x: [1, 2, 3, 4], y: [1, .nan, 2, 3]),
                                       .init(name: "empty", x: [], y: [])])
        let svg = chart.node.render()
        #expect(chart.series.count == 1)
        let d = svg.components(separatedBy: " d=\"")[1].components(separatedBy: "\"")[0]
        #expect(d.filter { $0 == "M" }.count == 2 && d.filter { $0 == "L" }.count == 1, "\(d)")
        #expect(svg.components(separatedBy: "<circle class=\"point\"").count == 4)
        #expect(svg.contains("data-tip=\"a: step 3, loss 2\"") && svg.contains(">step</text>") && svg.contains(">loss</text>"))
        #expect(svg.hasPrefix("<svg class=\"chart\"") && svg.contains("<title>T</title>"))
    }

    @Test func logarithmicAxisTicksAtPowersOfTen() {
        let a = ChartAxis(logarithmicCovering: [3e-7, 0, -1, .nan, 2.5])
        #expect(a.logarithmic && a.ticks.map(a.label) == ["1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0", "1e1"])
        #expect(Swift.abs(a.position(1e-3, from: 0, to: 80) - 40) < 1e-9 && Swift.abs(a.position(10, from: 0, to: 80) - 80) < 1e-9)
        #expect(a.contains(1e-9) && !a.contains(0) && !a.contains(-1) && !a.contains(.infinity))
        // 20 decades: a tick every third decade (at most 9 ticks), the top rounded up to a tick.
        let wide = ChartAxis(logarithmicCovering: [1e-20, 1])
        #expect(wide.ticks.map(wide.label) == ["1e-20", "1e-17", "1e-14", "1e-11", "1e-8", "1e-5", "1e-2", "1e1"])
        // One value or none: one decade.
        #expect(ChartAxis(logarithmicCovering: [0.5]).ticks.map { ChartAxis(logarithmicCovering: [0.5]).label($0) } == ["1e-1", "1e0"])
        #expect(ChartAxis(logarithmicCovering: []).ticks.count == 2 && ChartAxis(covering: [1, 2]).logarithmic == false)
    }

    @Test func logarithmicLineChartBreaksAtValuesWithoutALogarithm() {
        var chart = LineChart(title: "g", xLabel: "t", yLabel: "norm", series: [
            .init(name: "RNN", x: [1, 2, 3], y: [1e-6, 1e-3, 1]),
            .init(name: "LSTM", x: [1, 2, 3], y: [0.1, 0, 1], dashed: true, color: "blue"),
        ])
        chart.logarithmicY = true
        let svg = chart.node.render()
        let paths = svg.components(separatedBy: "<path class=\"line\" d=\"").dropFirst().map { $0.components(separatedBy: "\"")[0] }
        // The LSTM's 0 has no logarithm: its line breaks there (two moves, no line segment) and it has 2 points.
        #expect(paths.count == 2 && paths[1].filter { $0 == "M" }.count == 2 && !paths[1].contains("L"), "\(paths)")
        #expect(svg.components(separatedBy: "<circle class=\"point\"").count - 1 == 5)
        #expect(svg.contains(">1e-6</text>") && svg.contains(">1e0</text>") && svg.contains("stroke=\"blue\""))
        #expect(svg.contains("data-tip=\"RNN: t 2, norm 0.001\"") && svg.contains("stroke-dasharray=\"5,3\""))
        // 1e-3 lies half way between 1e-6 and 1e0 on the axis.
        #expect(svg.contains("cy=\"\(svgNumber((chart.height - 48 + 34) / 2))\""))
    }

    @Test func barChartHasOneBarPerCategory() {
        let svg = BarChart(title: "F1", xLabel: "class", yLabel: "F1", categories: ["a", "b<c", "say \"hi\" & go"],
                           values: [0.5, 1, 0], atLeast: 1).node.render()
        #expect(svg.components(separatedBy: "<rect class=\"bar\"").count == 4)
        #expect(svg.contains(">b&lt;c</text>") && svg.contains("data-tip=\"a: F1 0.5\""))
        // Attribute values are escaped: a quote in a class name does not end the tooltip attribute.
        #expect(svg.contains("data-tip=\"say &quot;hi&quot; &amp; go: F1 0\"") && svg.contains("data-tip=\"b&lt;c: F1 1\""))
    }
}
