import Foundation
import LSTMKit

/// What `lstm report` draws, saved by every `lstm train <task>` as `RUN_DIR/history.json` (durably: a
/// temporary file renamed) at each evaluation and when training ends: the task and its config, the machine,
/// the start and end time, the per-step loss, gradient norm and learning rate (at most `maxSteps` points,
/// evenly subsampled), every evaluation, and the task's extras (samples, the forecast against the truth, the
/// confusion matrix). Reports read this file; they never re-run training.
public struct RunHistory: Codable, Equatable, Sendable {
    public static let fileName = "history.json"
    /// The most per-step points kept.
    public static let maxSteps = 2000

    public var task: String
    public var config: JSONValue
    public var machine: MachineInfo
    /// ISO 8601 times.
    public var started: String
    public var ended: String
    /// Whether training has ended (false while it runs).
    public var finished: Bool
    /// "validation loss", "validation accuracy", ...
    public var monitor: String
    /// Optimizer steps done (`steps` may hold fewer: it is subsampled).
    public var stepCount: Int
    public var steps: [TrainingHistory.Step]
    public var evaluations: [TrainingHistory.Evaluation]
    public var skippedSteps: Int
    public var extras: RunExtras

    public init(task: String, config: JSONValue, machine: MachineInfo = .current, started: Date = Date(),
                monitor: String) {
        self.task = task
        self.config = config
        self.machine = machine
        self.started = RunHistory.time(started)
        ended = self.started
        finished = false
        self.monitor = monitor
        stepCount = 0
        steps = []
        evaluations = []
        skippedSteps = 0
        extras = RunExtras()
    }

    /// Takes the trainer's history: every evaluation and the steps, subsampled to at most `maxSteps`.
    public mutating func update(from history: TrainingHistory, step: Int, finished: Bool, now: Date = Date()) {
        stepCount = step
        steps = RunHistory.subsample(history.steps, to: RunHistory.maxSteps)
        evaluations = history.evaluations
        skippedSteps = history.skippedSteps
        ended = RunHistory.time(now)
        self.finished = finished
    }

    /// `limit` elements evenly spread over `values` (index round(i (n - 1) / (limit - 1))), the first and the
    /// last included; all of them when there are no more than `limit`.
    public static func subsample<T>(_ values: [T], to limit: Int) -> [T] {
        guard values.count > limit, limit > 1 else { return values }
        let scale = Double(values.count - 1) / Double(limit - 1)
        return (0..<limit).map { values[Int((Double($0) * scale).rounded())] }
    }

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    // MARK: - File

    /// Writes `directory/history.json` durably and atomically (`DurableFile`).
    public func write(in directory: URL) throws {
        let url = directory.appendingPathComponent(RunHistory.fileName)
        let data: Data
        do { data = try RunHistory.encoder.encode(self) } catch {
            throw TaskError("cannot write \(url.path) (\(error.localizedDescription))")
        }
        do throws(DurableFile.Failure) { try DurableFile.write(data, to: url) } catch {
            throw TaskError("cannot write \(url.path) (\(error.reason))")
        }
    }

    /// Reads `directory/history.json`; a run directory without one (trained before reports existed) is a
    /// one-line error saying to train again.
    public static func read(in directory: URL) throws -> RunHistory {
        let url = directory.appendingPathComponent(fileName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TaskError("\(directory.path) is not a run directory (give the --output directory of `lstm train`)")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TaskError("\(url.path) does not exist: this run was trained before training recorded its history; " +
                            "train it again to get a report")
        }
        do { return try decoder.decode(RunHistory.self, from: data) } catch {
            throw TaskError("\(url.path) is not a run history (\(describe(error)))")
        }
    }

    /// Adds a task's extras to the history training wrote in `directory` (the per-task hook, called once the
    /// final evaluation is known).
    public static func attach(_ extras: RunExtras, in directory: URL) throws {
        var history = try read(in: directory)
        history.extras.merge(extras)
        try history.write(in: directory)
    }

    static func describe(_ error: Error) -> String {
        if case let DecodingError.keyNotFound(key, _) = error { return "no field '\(key.stringValue)'" }
        if case let DecodingError.dataCorrupted(context) = error { return context.debugDescription }
        if case let DecodingError.typeMismatch(_, context) = error {
            return "wrong type at " + context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        return "\(error)"
    }

    static let nonFinite = (positive: "Infinity", negative: "-Infinity", nan: "NaN")
    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return e
    }
    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return d
    }
}

/// A text generated by the model being trained (at an evaluation) or by the best checkpoint (at the end).
public struct RunSample: Codable, Equatable, Sendable {
    /// The step of the weights that wrote it.
    public var step: Int
    /// "during training", "best checkpoint" or "validation translations".
    public var source: String
    public var text: String

    public static let best = "best checkpoint", training = "during training"
    /// Greedy translations of the first validation sentences by the model being trained, with the references.
    public static let validationTranslations = "validation translations"

    public init(step: Int, source: String, text: String) { (self.step, self.source, self.text) = (step, source, text) }
}

/// What some tasks add to their history: generated samples, the forecast of the held-out tail against the
/// truth and the baselines, the confusion matrix with per-class scores, an anomaly detector's ROC curve, a
/// translator's attention maps, a next-frame predictor's frames.
public struct RunExtras: Codable, Equatable, Sendable {
    public var samples: [RunSample]?
    public var forecast: ForecastTrace?
    public var classification: ClassificationReport?
    /// The test F1 of each chunk type of a tagger (BIO/BIOES schemes: PER, LOC, ...), by type.
    public var chunkF1: [String: Double]?
    public var anomaly: AnomalyTrace?
    /// The best checkpoint's attention on the first validation sentences (translate).
    public var attention: [AttentionMap]?
    /// Pictures of predicted frames against the truth (nextframe).
    public var frames: [FrameImage]?

    public init(samples: [RunSample]? = nil, forecast: ForecastTrace? = nil, classification: ClassificationReport? = nil,
                chunkF1: [String: Double]? = nil, anomaly: AnomalyTrace? = nil, attention: [AttentionMap]? = nil,
                frames: [FrameImage]? = nil) {
        (self.samples, self.forecast, self.classification, self.chunkF1) = (samples, forecast, classification, chunkF1)
        (self.anomaly, self.attention, self.frames) = (anomaly, attention, frames)
    }

    mutating func merge(_ other: RunExtras) {
        if let more = other.samples { samples = (samples ?? []) + more }   // samples accumulate
        forecast = other.forecast ?? forecast
        classification = other.classification ?? classification
        chunkF1 = other.chunkF1 ?? chunkF1
        anomaly = other.anomaly ?? anomaly
        attention = other.attention ?? attention
        frames = other.frames ?? frames
    }
}

/// The one-step-ahead forecasts of the held-out test tail (the best checkpoint) with the truth and the naive
/// and seasonal-naive baselines at the same points, in original units.
public struct ForecastTrace: Codable, Equatable, Sendable {
    public var target: String
    /// The horizon step drawn (1: one step ahead).
    public var step: Int
    /// Time indices into the series.
    public var time: [Int]
    public var actual: [Double]
    public var model: [Double]
    public var naive: [Double]
    public var seasonalNaive: [Double]?

    /// The points of `evaluation` at horizon step `step`.
    public init(_ evaluation: ForecastEvaluation, target: String, step: Int = 1) {
        let points = evaluation.points.filter { $0.step == step }.sorted { $0.time < $1.time }
        self.target = target
        self.step = step
        time = points.map(\.time)
        actual = points.map(\.actual)
        model = points.map(\.model)
        naive = points.map(\.naive)
        let seasonal = points.compactMap(\.seasonalNaive)
        seasonalNaive = seasonal.count == points.count && !seasonal.isEmpty ? seasonal : nil
    }
}
