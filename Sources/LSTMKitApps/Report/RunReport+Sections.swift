import Foundation
import Plot

extension RunReport {
    var curves: Section {
        let steps = history.steps, evaluations = history.evaluations
        let stepX = steps.map { Double($0.step) }, evaluationX = evaluations.map { Double($0.step) }
        var loss = [LineChart.Series(name: "train (per step)", x: stepX, y: steps.map(\.loss)),
                    LineChart.Series(name: "train (mean)", x: evaluationX, y: evaluations.map(\.trainLoss))]
        let validation = evaluations.filter { $0.validationLoss != nil }
        loss.append(LineChart.Series(name: "validation", x: validation.map { Double($0.step) },
                                     y: validation.map { $0.validationLoss! }, dashed: true))
        var charts = [
            LineChart(title: "Loss", xLabel: "step", yLabel: "loss", series: loss),
            LineChart(title: "Learning rate", xLabel: "step", yLabel: "learning rate",
                      series: [.init(name: "learning rate", x: stepX, y: steps.map(\.learningRate))]),
        ]
        charts[1].height = 200
        let norms = steps.filter { $0.gradientNorm != nil }
        if !norms.isEmpty {
            var chart = LineChart(title: "Gradient norm", xLabel: "step", yLabel: "gradient norm",
                                  series: [.init(name: "global norm before clipping", x: norms.map { Double($0.step) },
                                                 y: norms.map { $0.gradientNorm! })])
            chart.height = 200
            charts.append(chart)
        }
        let kept = history.stepCount > steps.count ? " (\(steps.count) of the \(history.stepCount) steps, evenly spread)" : ""
        return Section(title: "Training curves",
                       notes: ["The batch loss of each step\(kept), the mean training loss and the validation loss at " +
                               "each evaluation; below, the learning rate and the gradient norm of each step. Click a " +
                               "legend entry to hide or show its line; hover a point for its values."],
                       charts: charts.map(\.title), nodes: charts.map(\.node))
    }

    var metricSections: [Section] {
        let names = Set(history.evaluations.flatMap(\.metrics.keys)).sorted()
        guard !names.isEmpty else { return [] }
        let charts = names.map { name in
            let points = history.evaluations.filter { $0.metrics[name] != nil }
            var chart = LineChart(title: "validation \(name)", xLabel: "step", yLabel: name,
                                  series: [.init(name: "validation \(name)", x: points.map { Double($0.step) },
                                                 y: points.map { $0.metrics[name]! })])
            chart.height = 240
            return chart
        }
        return [Section(title: "Validation metrics", notes: ["Each metric at each evaluation."],
                        charts: charts.map(\.title), nodes: charts.map(\.node))]
    }

    func forecastSection(_ f: ForecastTrace) -> Section {
        let x = f.time.map(Double.init)
        var series = [LineChart.Series(name: "actual", x: x, y: f.actual),
                      LineChart.Series(name: "model", x: x, y: f.model),
                      LineChart.Series(name: "naive", x: x, y: f.naive, dashed: true)]
        if let s = f.seasonalNaive { series.append(.init(name: "seasonal naive", x: x, y: s, dashed: true)) }
        let chart = LineChart(title: "Forecast against the truth", xLabel: "time step", yLabel: f.target, series: series)
        return Section(title: "Forecast of the held-out test tail",
                       notes: ["The \(f.step)-step-ahead forecasts of the best checkpoint on the test tail, with the " +
                               "naive (last value) and seasonal-naive (one season earlier) baselines at the same points, " +
                               "in original units."],
                       charts: [chart.title], nodes: [chart.node])
    }

    func classificationSection(_ c: ClassificationReport) -> Section {
        let names = c.classes.map(\.name)
        var rows: [Node<HTML.BodyContext>] = [tag("tr", [tag("th", [.text("true \\ predicted")])] +
                                                         names.map { tag("th", [.text($0)]) })]
        for (t, row) in c.confusionMatrix.enumerated() {
            let total = max(row.reduce(0, +), 1)
            var cells: [Node<HTML.BodyContext>] = [tag("th", [.text(t < names.count ? names[t] : String(t))])]
            for n in row {
                let share = Double(n) / Double(total)
                cells.append(tag("td", [
                    at("style", "background: rgba(31,119,180,\(String(format: "%.2f", share)));" + (share > 0.55 ? " color: #fff" : "")),
                    at("title", "\(n) of \(total) (\(String(format: "%.1f", 100 * share))% of the row)"), .text(String(n)),
                ]))
            }
            rows.append(tag("tr", cells))
        }
        let bars = BarChart(title: "Per-class F1", xLabel: "class", yLabel: "F1", categories: names,
                            values: c.classes.map(\.f1), atLeast: 1)
        let scores = tag("table", [tag("tr", ["class", "precision", "recall", "F1", "support"].map { tag("th", [.text($0)]) })] +
                         c.classes.map { s in tag("tr", [s.name, fixed4(s.precision), fixed4(s.recall), fixed4(s.f1), String(s.support)]
                                                    .map { tag("td", [.text($0)]) }) })
        return Section(title: "Classification of the test set",
                       notes: ["The best checkpoint on the held-out test set: accuracy \(String(format: "%.2f", 100 * c.accuracy))% " +
                               "of \(c.examples) examples, macro F1 \(fixed4(c.macroF1)). Confusion matrix: rows are " +
                               "the true classes, columns the predicted ones; the shading is the share of the row."],
                       charts: [bars.title], nodes: [tag("table", [cls("confusion")] + rows), bars.node, scores])
    }

    func anomalySection(_ a: AnomalyTrace) -> Section {
        var roc = LineChart(title: "ROC curve", xLabel: "false positive rate", yLabel: "true positive rate", series: [
            .init(name: "model (AUROC \(fixed4(a.auroc)))", x: a.falsePositiveRate, y: a.truePositiveRate),
            .init(name: "chance", x: [0, 1], y: [0, 1], dashed: true),
            .init(name: "the threshold", x: [a.thresholdFalsePositiveRate], y: [a.thresholdTruePositiveRate]),
        ])
        roc.height = 360
        let bars = BarChart(title: "Flagged at the threshold", xLabel: "class (test windows)",
                            yLabel: "share flagged", categories: zip(a.classes, a.normal).map { $1 ? "\($0) (normal)" : $0 },
                            values: a.flagged, atLeast: 1)
        return Section(title: "Anomaly detection on the test set",
                       notes: ["The best checkpoint's reconstruction error as the anomaly score on the test part: the ROC " +
                               "curve (anomalous windows are the positives) with the point of the threshold " +
                               "(\(chartNumber(a.threshold)), a quantile of the validation part's normal scores), and the " +
                               "share of each class's windows at or above it."],
                       charts: [roc.title, bars.title], nodes: [roc.node, bars.node])
    }

    func tableSection(_ title: String, _ rows: [(String, String)]) -> Section {
        Section(title: title, nodes: [tag("table", rows.map { tag("tr", [tag("th", [.text($0.0)]), tag("td", [.text($0.1)])]) })])
    }
}

func tag(_ name: String, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> { .element(named: name, nodes: nodes) }
private func fixed4(_ x: Double) -> String { String(format: "%.4f", x) }
