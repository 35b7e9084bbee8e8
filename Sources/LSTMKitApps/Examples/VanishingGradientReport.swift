import Foundation

extension VanishingGradientDemo {
    /// The series colours of the models (RNN red, GRU green, LSTM blue).
    static let colors: [AddingProblem.Model: String] = [.rnn: "#d62728", .gru: "#2ca02c", .lstm: "#1f77b4"]

    /// The chart of norm(t), t = 1...T, of every model, at initialization or after training.
    public static func gradientChart(_ results: [ModelResult], trained: Bool) -> LogLineChart {
        LogLineChart(
            title: "|dLoss/dx[t]| " + (trained ? "after training" : "at initialization") + " (log scale)",
            xLabel: "step t (the loss is computed after the last step)", yLabel: "gradient norm",
            series: results.map {
                .init(name: $0.model.rawValue.uppercased(), values: trained ? $0.finalGradientNorms : $0.initialGradientNorms,
                      color: colors[$0.model] ?? "black", dashed: !trained)
            })
    }

    /// The self-contained HTML page of `lstm demo vanishing-gradient --report`: the two charts and a table.
    public static func reportHTML(_ results: [ModelResult], length: Int, settings: String) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Vanishing gradients: RNN, GRU, LSTM</title>
            <style>body { font-family: sans-serif; margin: 1.5em; max-width: 60em; }
            table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }</style>
            </head><body>
            <h1>How much gradient reaches step t</h1>
            <p>The adding problem, T = \(length) (\(escapeXML(settings))). The loss is computed after the last
            step; the curves are the norm of dLoss/dx[t], the gradient that backpropagation through time carries back
            to the input at step t, on 32 held-out sequences. A line that falls steeply towards t = 1 is a vanishing
            gradient: the early inputs cannot teach the network anything.</p>

            """
        html += gradientChart(results, trained: false).svg() + gradientChart(results, trained: true).svg()
        html += "<table><tr><th>model</th><th>|dL/dx[1]| / |dL/dx[T]| at init</th><th>after training</th>" +
            "<th>test MSE</th></tr>\n"
        for r in results {
            func ratio(_ v: [Double]) -> String { v.last.map { $0 > 0 ? String(format: "%.1e", v[0] / $0) : "-" } ?? "-" }
            html += "<tr><td>\(r.model.rawValue.uppercased())</td><td>\(ratio(r.initialGradientNorms))</td>" +
                "<td>\(ratio(r.finalGradientNorms))</td><td>\(String(format: "%.4f", r.testMSE))</td></tr>\n"
        }
        return html + "</table></body></html>\n"
    }
}
