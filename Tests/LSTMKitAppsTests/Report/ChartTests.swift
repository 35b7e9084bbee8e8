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

    @Test func barChartHasOneBarPerCategory() {
        let svg = BarChart(title: "F1", xLabel: "class", yLabel: "F1", categories: ["a", "b<c"], values: [0.5, 1],
                           atLeast: 1).node.render()
        #expect(svg.components(separatedBy: "<rect class=\"bar\"").count == 3)
        #expect(svg.contains(">b&lt;c</text>") && svg.contains("data-tip=\"a: F1 0.5\""))
    }
}
