import Foundation
import Plot

extension VanishingGradientDemo {
    /// The series colours of the models (RNN red, GRU green, LSTM blue).
    static let colors: [AddingProblem.Model: String] = [.rnn: "#d62728", .gru: "#2ca02c", .lstm: "#1f77b4"]

    /// The chart of norm(t), t = 1...T, of every model, at initialization (dashed) or after training, on a
    /// logarithmic y axis (the report's ``LineChart``).
    public static func gradientChart(_ results: [ModelResult], trained: Bool) -> LineChart {
        var chart = LineChart(
            title: "|dLoss/dx[t]| " + (trained ? "after training" : "at initialization") + " (log scale)",
            xLabel: "step t", yLabel: "gradient norm",
            series: results.map {
                let norms = trained ? $0.finalGradientNorms : $0.initialGradientNorms
                return .init(name: $0.model.rawValue.uppercased(), x: norms.indices.map { Double($0 + 1) }, y: norms,
                             dashed: !trained, color: colors[$0.model])
            })
        chart.logarithmicY = true
        return chart
    }

    /// The self-contained HTML page of `lstm demo vanishing-gradient --report`: the two charts and a table, with
    /// the report's style sheet and script (tooltips, legend toggles).
    public static func reportHTML(_ results: [ModelResult], length: Int, settings: String) -> String {
        func ratio(_ v: [Double]) -> String { v.last.map { $0 > 0 ? String(format: "%.1e", v[0] / $0) : "-" } ?? "-" }
        let header = ["model", "|dL/dx[1]| / |dL/dx[T]| at init", "after training", "test MSE"]
        let table = tag("table", [tag("tr", header.map { tag("th", [.text($0)]) })] + results.map { r in
            tag("tr", [r.model.rawValue.uppercased(), ratio(r.initialGradientNorms), ratio(r.finalGradientNorms),
                       String(format: "%.4f", r.testMSE)].map { tag("td", [.text($0)]) })
        })
        let intro = "The adding problem, T = \(length) (\(settings)). The loss is computed after the last step; the " +
            "curves are the norm of dLoss/dx[t], the gradient that backpropagation through time carries back to the " +
            "input at step t, on 32 held-out sequences. A line that falls steeply towards t = 1 is a vanishing " +
            "gradient: the early inputs cannot teach the network anything."
        return HTML(
            .head(.encoding(.utf8), ReportAssets.title("Vanishing gradients: RNN, GRU, LSTM"), .style(ReportAssets.css)),
            .body(
                .h1(.text("How much gradient reaches step t")),
                .p(.class("note"), .text(intro)),
                .group([false, true].flatMap { trained -> [Node<HTML.BodyContext>] in
                    let chart = gradientChart(results, trained: trained)
                    return [.h2(.text(chart.title)), chart.node]
                } + [table]),
                .div(.id("tooltip")),
                .script(.raw(ReportAssets.script))
            )
        ).render() + "\n"
    }
}
