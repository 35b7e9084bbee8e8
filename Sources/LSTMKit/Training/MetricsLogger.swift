import Foundation

/// Appends one line per step and per evaluation to a CSV file and/or a JSON-lines file.
///
/// CSV columns: `kind,epoch,step,loss,validationLoss,gradientNorm,learningRate,seconds` and then one column
/// per name of `metricNames` (the validation metrics; `kind` is `step` or `evaluation`; empty cells where a
/// value does not apply, so every row has the header's columns). JSON lines: one object per line with the same keys (metrics
/// under `metrics`). Files are created when training begins; a resumed run keeps the lines up to the step it
/// resumes from (dropping those a killed run wrote after its last checkpoint) and appends.
public final class MetricsLogger: TrainingCallback {
    public let csvURL: URL?
    public let jsonLinesURL: URL?
    /// Log every n-th step (evaluations are always logged).
    public let everySteps: Int
    /// The validation metrics that get a CSV column (the JSON lines carry every metric).
    public let metricNames: [String]
    private var csv: FileHandle?
    private var jsonl: FileHandle?

    public init(csv: URL? = nil, jsonLines: URL? = nil, everySteps: Int = 1, metricNames: [String] = []) {
        if csv == nil && jsonLines == nil { failure("MetricsLogger: give a csv and/or a jsonLines file") }
        if everySteps < 1 { failure("MetricsLogger: everySteps must be at least 1, got \(everySteps)") }
        self.csvURL = csv
        self.jsonLinesURL = jsonLines
        self.everySteps = everySteps
        self.metricNames = metricNames
    }

    deinit {
        try? csv?.close()
        try? jsonl?.close()
    }

    static let columns = ["kind", "epoch", "step", "loss", "validationLoss", "gradientNorm", "learningRate", "seconds"]

    public func trainingWillBegin(_ trainer: TrainerState) throws {
        if let csvURL {
            csv = try Self.open(csvURL, header: (Self.columns + metricNames).joined(separator: ","),
                                keepingUpTo: trainer.step) { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return fields.count > 2 ? Int(fields[2]) : nil
            }
        }
        if let jsonLinesURL {
            jsonl = try Self.open(jsonLinesURL, header: nil, keepingUpTo: trainer.step) { line in
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return object?["step"] as? Int
            }
        }
    }

    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {
        guard step.step % everySteps == 0 else { return }
        try writeCSV(["step", "\(step.epoch)", "\(step.step)", "\(step.loss)", "",
                      step.gradientNorm.map { "\($0)" } ?? "", "\(step.learningRate)", ""], metrics: [:])
        var object: [String: Any] = ["kind": "step", "epoch": step.epoch, "step": step.step, "loss": step.loss,
                                     "learningRate": step.learningRate]
        if let g = step.gradientNorm { object["gradientNorm"] = g }
        try appendJSON(object)
    }

    public func evaluationDidEnd(_ trainer: TrainerState, _ e: TrainingHistory.Evaluation) throws -> Bool {
        try writeCSV(["evaluation", "\(e.epoch)", "\(e.step)", "\(e.trainLoss)", e.validationLoss.map { "\($0)" } ?? "",
                      "", "\(e.learningRate)", "\(e.seconds)"], metrics: e.metrics)
        var object: [String: Any] = ["kind": "evaluation", "epoch": e.epoch, "step": e.step, "loss": e.trainLoss,
                                     "learningRate": e.learningRate, "seconds": e.seconds, "metrics": e.metrics]
        if let v = e.validationLoss { object["validationLoss"] = v }
        try appendJSON(object)
        return false
    }

    public func trainingDidEnd(_ trainer: TrainerState) throws {
        try csv?.synchronize()
        try jsonl?.synchronize()
    }

    private func writeCSV(_ fields: [String], metrics: [String: Double]) throws {
        guard let csv else { return }
        let extra = metricNames.map { name in metrics[name].map { "\($0)" } ?? "" }
        try csv.write(contentsOf: Data(((fields + extra).joined(separator: ",") + "\n").utf8))
    }

    private func appendJSON(_ object: [String: Any]) throws {
        guard let jsonl else { return }
        // Non-finite numbers are not valid JSON: write them as strings.
        func clean(_ v: Any) -> Any {
            if let d = v as? Double, !d.isFinite { return "\(d)" }
            if let m = v as? [String: Double] { return m.mapValues { clean($0) } }
            return v
        }
        var data = try JSONSerialization.data(withJSONObject: object.mapValues(clean), options: [.sortedKeys])
        data.append(0x0A)
        try jsonl.write(contentsOf: data)
    }

    /// Opens `url` for appending: a new file gets `header`; an existing one of a resumed run keeps its header
    /// and the lines whose step (`step(line)`) is at most `keepingUpTo`.
    private static func open(_ url: URL, header: String?, keepingUpTo resumedStep: Int,
                             step: (String) -> Int?) throws -> FileHandle {
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var text = header.map { $0 + "\n" } ?? ""
        if resumedStep > 0, let old = try? String(contentsOf: url, encoding: .utf8) {
            let lines = old.split(separator: "\n").map(String.init)
            text = lines.enumerated().filter { i, line in (header != nil && i == 0) || (step(line) ?? .max) <= resumedStep }
                .map { $0.element + "\n" }.joined()
        }
        try DurableFile.write(Data(text.utf8), to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        return handle
    }
}
