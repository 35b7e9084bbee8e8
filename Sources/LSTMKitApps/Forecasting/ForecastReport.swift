import Foundation
import LSTMKit

/// The held-out evaluation of a forecaster, as stored in reports and JSON: the model's scores, every
/// baseline's on exactly the same points, the verdicts and the warnings.
public struct ForecastScoresReport: Codable, Equatable, Sendable {
    /// The test tail's steps and the points scored (origins x horizon).
    public var span: String
    public var origins: Int
    public var points: Int
    public var model: ForecastScores
    /// Baseline name (naive, seasonalNaive, seasonalMean, drift, holtWinters) -> scores, for those computed.
    public var baselines: [String: ForecastScores]
    public var bestBaseline: String
    public var beatsNaive: Bool
    public var beatsSeasonalNaive: Bool?
    public var beatsBestBaseline: Bool
    /// The model's RMSE at each step ahead.
    public var rmseByStep: [Double]
    public var warnings: [String]
    /// The printed table.
    public var table: String

    init(_ e: ForecastEvaluation, span: String, modelName: String = "LSTM") {
        self.span = span
        origins = e.originCount
        points = e.points.count
        model = e.model
        baselines = Dictionary(uniqueKeysWithValues: e.baselines.map { ($0.baseline.key, $0.scores) })
        bestBaseline = e.bestBaseline.baseline.key
        beatsNaive = e.beats(e.naive)
        beatsSeasonalNaive = e.seasonalNaive.map(e.beats)
        beatsBestBaseline = e.beatsBestBaseline
        rmseByStep = e.rmseByStep
        warnings = e.warnings.map(\.message)
        table = e.table(modelName: modelName, warnings: false)
    }

    var lines: [String] {
        ["held-out test tail: \(span); \(origins) origins, \(points) forecast points, original units", table]
            + warnings.map { "warning: " + $0 }
    }
}

/// What `lstm train forecast` reports: the data, training, and the test-tail scores of the best checkpoint
/// (lowest validation loss) and of the last one against the baselines.
public struct ForecastTrainingReport: TaskTrainingReport {
    public var task = ForecastTask.name
    public var data: String
    public var target: String
    public var description: [String]
    public var parameterCount: Int
    public var training: TrainingOutcome
    public var best: ForecastScoresReport
    public var last: ForecastScoresReport
    public var forecasts: String?

    public var lines: [String] {
        var lines = ["trained \(training.epochs) epochs (\(training.steps) steps) in \(fixed(training.seconds, 1)) s" +
                     (training.stoppedEarly ? ", stopped early" : "") + "; best step \(training.bestStep ?? 0) " +
                     "(\(training.monitor) \(fixed(training.bestValue ?? .nan, 4)), scaled units); recurrent kernel: " +
                     "\(training.implementation)"]
        lines += best.lines
        lines.append("last checkpoint: RMSE \(fixed(last.model.rmse, 3)), MAE \(fixed(last.model.mae, 3))" +
                     (last.beatsBestBaseline ? " (beats the best baseline)" : " (does not beat the best baseline)"))
        lines.append("checkpoints: \(training.best), \(training.last)" + (forecasts.map { "; forecasts: \($0)" } ?? ""))
        return lines
    }
}

/// What `lstm evaluate` reports for a forecast checkpoint.
public struct ForecastEvaluationReport: TaskReport {
    public var task = ForecastTask.name
    public var checkpoint: String
    public var data: String
    public var description: [String]
    public var test: ForecastScoresReport
    public var forecasts: String?
    public var lines: [String] { ["checkpoint: \(checkpoint)"] + description + test.lines }
}

/// What `lstm predict` reports for a forecast checkpoint: the next `horizon` steps after the end of the data.
public struct FutureForecast: TaskReport {
    public var checkpoint: String
    public var data: String
    public var target: String
    /// The last observed step.
    public var lastObserved: String
    public var steps: [String]
    public var values: [Double]
    public var lines: [String] {
        ["\(target) after \(lastObserved) (the end of \(data)):"]
            + zip(steps, values).map { "\($0)  \(String(format: "%.6g", $1))" }
    }
}

extension ForecastBaseline {
    /// The name in JSON and CSV output: the case name (`seasonalNaive`, `holtWinters`).
    public var key: String { String(describing: self) }
}

extension ForecastEvaluation {
    /// Writes one row per forecast point (`date,origin,step,actual,model,<baselines>`; `index` instead of
    /// `date` without a date column) to a temporary file renamed into place.
    func writeCSV(labels: [String], hasDates: Bool, to path: String) throws {
        func number(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "" }
        func field(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        let names = baselines.map(\.baseline)
        var text = ([hasDates ? "date" : "index", "origin", "step", "actual", "model"] + names.map(\.key))
            .joined(separator: ",") + "\n"
        for p in points {
            text += ([field(labels[p.time]), field(labels[p.origin]), String(p.step), number(p.actual), number(p.model)]
                     + names.map { number(p.baselines[$0]) }).joined(separator: ",") + "\n"
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw ConfigError("forecasts", "cannot write \(path) (\(error.localizedDescription))")
        }
    }
}
