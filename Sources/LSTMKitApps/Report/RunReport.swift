import Foundation
import Plot

/// The HTML report of a training run (`lstm report RUN_DIR`, `--report`): one self-contained page drawn from
/// `history.json` with inline SVG charts (``LineChart``, ``BarChart``) and a little plain JavaScript. It shows,
/// as the task has them: the loss curves with the learning rate and gradient norm, the validation metrics, the
/// forecast of the held-out tail against the truth and the baselines, the confusion matrix with per-class F1,
/// the samples, the configuration, and the machine and time.
public struct RunReport {
    public var history: RunHistory
    /// The run directory, as shown in the title.
    public var directory: String

    public init(history: RunHistory, directory: String) {
        (self.history, self.directory) = (history, directory)
    }

    /// Reads `runDirectory/history.json` and writes the page to `output` (default `runDirectory/report.html`).
    @discardableResult
    public static func write(runDirectory: String, output: String? = nil) throws -> URL {
        let directory = URL(fileURLWithPath: runDirectory).standardizedFileURL
        let history = try RunHistory.read(in: directory)
        let url = output.map { URL(fileURLWithPath: $0) } ?? directory.appendingPathComponent("report.html")
        do { try Data(RunReport(history: history, directory: directory.path).html.utf8).write(to: url, options: .atomic) } catch {
            throw TaskError("cannot write the report \(url.path) (\(error.localizedDescription))")
        }
        return url
    }

    /// The charts this report draws (titles), in page order.
    public var charts: [String] { sections.flatMap(\.charts) }

    public var html: String {
        let title = "lstm train \(history.task): \(URL(fileURLWithPath: directory).lastPathComponent)"
        return HTML(
            .head(.encoding(.utf8), ReportAssets.title(title), .style(ReportAssets.css)),
            .body(
                .h1(.text(title)),
                .p(.class("note"), .text(summary)),
                .group(sections.map { section in
                    Node<HTML.BodyContext>.group([.h2(.text(section.title))] +
                                                 section.notes.map { .p(.class("note"), .text($0)) } + section.nodes)
                }),
                .div(.id("tooltip")),
                .script(.raw(ReportAssets.script))
            )
        ).render()
    }

    var summary: String {
        let status = history.finished ? "training ended" : "in progress (as of the last evaluation)"
        return "\(directory): \(history.stepCount) steps, \(history.evaluations.count) evaluations, monitored: \(history.monitor); " +
            "started \(history.started), last written \(history.ended); \(status)"
    }

    struct Section {
        var title: String
        var notes: [String] = []
        var charts: [String] = []
        var nodes: [Node<HTML.BodyContext>] = []
    }

    var sections: [Section] {
        var result = [curves]
        result += metricSections
        if let forecast = history.extras.forecast { result.append(forecastSection(forecast)) }
        if let c = history.extras.classification { result.append(classificationSection(c)) }
        if let f1 = history.extras.chunkF1 {
            let names = f1.keys.sorted()
            let bars = BarChart(title: "F1 by chunk type", xLabel: "chunk type", yLabel: "F1", categories: names,
                                values: names.map { f1[$0]! }, atLeast: 1)
            result.append(Section(title: "Tagging of the test set",
                                  notes: ["The chunk F1 of each type (conlleval) of the best checkpoint on the test set."],
                                  charts: [bars.title], nodes: [bars.node]))
        }
        if let a = history.extras.anomaly { result.append(anomalySection(a)) }
        if let maps = history.extras.attention, !maps.isEmpty {
            result.append(Section(title: "Attention of the best checkpoint",
                                  notes: ["The greedy translations of the first validation sentences by the best " +
                                          "checkpoint: rows are the generated tokens, columns the source tokens, darker " +
                                          "is more weight (each row sums to 1). Hover a square for its weight."],
                                  nodes: maps.map { .div(.class("map"), .raw($0.heatMap().svg())) }))
        }
        if let frames = history.extras.frames, !frames.isEmpty {
            result.append(Section(title: "Predicted frames",
                                  notes: ["The best checkpoint on the first test sequences, one picture each: the true " +
                                          "frames (top row), the model's predictions of the frames after the input " +
                                          "frames (middle; blank under the input), and the copy-last-frame baseline " +
                                          "(bottom)."],
                                  nodes: frames.map { f in
                                      .element(named: "figure", nodes: [
                                          .selfClosedElement(named: "img", attributes: [
                                              Attribute<HTML.BodyContext>.attribute(named: "class", value: "frames"),
                                              .attribute(named: "src", value: "data:image/png;base64," + f.png),
                                              .attribute(named: "alt", value: escapeXML(f.title))]),
                                          .element(named: "figcaption", text: f.title)])
                                  }))
        }
        if let samples = history.extras.samples, !samples.isEmpty {
            result.append(Section(title: "Samples",
                                  notes: [Self.samplesNote(samples)],
                                  nodes: samples.flatMap { s -> [Node<HTML.BodyContext>] in
                                      [.h3(.text("step \(s.step), \(s.source)")), .pre(.class("sample"), .text(s.text))]
                                  }))
        }
        result.append(tableSection("Configuration", history.config.flattened().map { ($0.path, $0.value) }))
        let m = history.machine
        result.append(tableSection("Machine and time", [
            ("CPU", m.cpu), ("vector instructions", m.flags.isEmpty ? "none detected" : m.flags.joined(separator: ", ")),
            ("cores", String(m.cores)), ("OS", m.os), ("started", history.started), ("last written", history.ended),
            ("training seconds", history.evaluations.last.map { chartNumber($0.seconds) } ?? "none"),
            ("steps", String(history.stepCount)), ("skipped steps (not finite)", String(history.skippedSteps)),
        ]))
        return result
    }

    /// Says where the samples come from, as the run has them (textgen and wordlm: every evaluation and the
    /// best checkpoint; translate: the validation translations at every evaluation).
    static func samplesNote(_ samples: [RunSample]) -> String {
        if samples.allSatisfy({ $0.source == RunSample.validationTranslations }) {
            return "The greedy translations of the first validation sentences by the model being trained, at each " +
                   "evaluation, with their references."
        }
        let during = samples.contains { $0.source == RunSample.training }
        let best = samples.contains { $0.source == RunSample.best }
        switch (during, best) {
        case (true, true): return "Generated at each evaluation by the model being trained (the run's seed each time) " +
                                  "and by the best checkpoint at the end."
        case (true, false): return "Generated at each evaluation by the model being trained (the run's seed each time)."
        default: return "Generated by the best checkpoint at the end of training."
        }
    }
}
