import Foundation

/// Appends one line per step and per epoch to a CSV file and/or a JSON-lines file.
///
/// CSV columns: `kind,epoch,step,loss,validation_loss,gradient_norm,learning_rate,seconds` (`kind` is
/// `step` or `epoch`; empty cells where a value does not apply). JSON lines: one object per line with the
/// same fields plus the epoch's metrics. Files are created (with the CSV header) when training begins; a
/// resumed run appends.
public final class MetricsLogger: TrainingCallback {
    public let csvURL: URL?
    public let jsonLinesURL: URL?
    /// Log every n-th step (epochs are always logged).
    public let everySteps: Int
    private var csv: FileHandle?
    private var jsonl: FileHandle?

    public init(csv: URL? = nil, jsonLines: URL? = nil, everySteps: Int = 1) {
        if csv == nil && jsonLines == nil { failure("MetricsLogger: give a csv and/or a jsonLines file") }
        if everySteps < 1 { failure("MetricsLogger: everySteps must be at least 1, got \(everySteps)") }
        self.csvURL = csv
        self.jsonLinesURL = jsonLines
        self.everySteps = everySteps
    }

    deinit {
        try? csv?.close()
        try? jsonl?.close()
    }

    static let header = "kind,epoch,step,loss,validation_loss,gradient_norm,learning_rate,seconds\n"

    public func trainingWillBegin(_ trainer: TrainerState) throws {
        if let csvURL { csv = try Self.open(csvURL, header: Self.header) }
        if let jsonLinesURL { jsonl = try Self.open(jsonLinesURL, header: nil) }
    }

    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {
        guard step.step % everySteps == 0 else { return }
        try append(csv, "step,\(step.epoch),\(step.step),\(step.loss),,\(step.gradientNorm.map { "\($0)" } ?? ""),\(step.learningRate),\n")
        var object: [String: Any] = ["kind": "step", "epoch": step.epoch, "step": step.step, "loss": step.loss,
                                     "learning_rate": step.learningRate]
        if let g = step.gradientNorm { object["gradient_norm"] = g }
        try appendJSON(object)
    }

    public func epochDidEnd(_ trainer: TrainerState, _ epoch: TrainingHistory.Epoch) throws -> Bool {
        try append(csv, "epoch,\(epoch.epoch),\(epoch.step),\(epoch.trainLoss),\(epoch.validationLoss.map { "\($0)" } ?? ""),,,\(epoch.seconds)\n")
        var object: [String: Any] = ["kind": "epoch", "epoch": epoch.epoch, "step": epoch.step,
                                     "loss": epoch.trainLoss, "seconds": epoch.seconds, "metrics": epoch.metrics]
        if let v = epoch.validationLoss { object["validation_loss"] = v }
        try appendJSON(object)
        return false
    }

    public func trainingDidEnd(_ trainer: TrainerState) throws {
        try csv?.synchronize()
        try jsonl?.synchronize()
    }

    private func append(_ handle: FileHandle?, _ line: String) throws {
        try handle?.write(contentsOf: Data(line.utf8))
    }

    private func appendJSON(_ object: [String: Any]) throws {
        guard let jsonl else { return }
        // Non-finite numbers are not valid JSON: write them as strings.
        let cleaned = object.mapValues { v -> Any in
            if let d = v as? Double, !d.isFinite { return "\(d)" }
            return v
        }
        var data = try JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys])
        data.append(0x0A)
        try jsonl.write(contentsOf: data)
    }

    private static func open(_ url: URL, header: String?) throws -> FileHandle {
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: url.path) {
            guard fm.createFile(atPath: url.path, contents: header.map { Data($0.utf8) }) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        return handle
    }
}
