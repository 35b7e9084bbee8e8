import Foundation
import LSTMKit
import LSTMKitApps

/// Reading the CSV, describing the split, saving checkpoints and writing the forecasts: the pieces shared by
/// `lstm train forecast` and `lstm evaluate` on a forecast checkpoint.
enum ForecastIO {
    /// Reads the config's columns from `path`, with one-line errors naming the option at fault.
    static func readSeries(path: String, config: ForecastConfig, fromPreset: Bool) throws -> TimeSeries {
        if fromPreset && !FileManager.default.fileExists(atPath: path) {
            throw CLIError("\(path) not found: run from the repository root or pass --data FILE.csv")
        }
        let table = try describingErrors("reading --data") { try CSVTable(contentsOf: URL(fileURLWithPath: path)) }
        guard table.count > 0 else { throw CLIError("--data \(path) has a header but no data rows") }
        let available = table.header.map { "\"\($0)\"" }.joined(separator: ", ")
        let checks = [("--target", config.target)] + config.features.map { ("--features", $0) }
            + (config.dateColumn.map { [("--date", $0)] } ?? [])
        for (option, name) in checks where !table.header.contains(name) {
            throw CLIError("\(option) \"\(name)\" is not a column of \(path); available columns: \(available)")
        }
        do {
            return try TimeSeries(table: table, columns: config.inputColumns, dateColumn: config.dateColumn,
                                  missing: config.missingValues.rule)
        } catch let error as CSVError {
            // The library's hints name its API; say which option to use instead.
            var text = error.description
            if let hint = text.range(of: " (the rule is .error") ?? text.range(of: "; pass dateOrder") {
                text = String(text[..<hint.lowerBound])
            }
            switch error.kind {
            case .missingValue where config.missingValues == .error:
                text += "; pass --missing interpolate, forward-fill or drop to fill it"
            case .dateOrder: text += "; sort the rows by date, or omit --date"
            default: break
            }
            throw CLIError("reading --data: " + text)
        }
    }

    /// The column names of a CSV file, for a "--target is required" message (empty when unreadable).
    static func columns(of path: String) -> [String] {
        (try? CSVTable(contentsOf: URL(fileURLWithPath: path)))?.header ?? []
    }

    /// A label per step: the date column (decimal years of monthly data such as R's 1949.08333 shown as
    /// 1949-02), or the 0-based row index without a date column.
    static func labels(_ series: TimeSeries) -> [String] {
        guard let dates = series.dates else { return (0..<series.count).map(String.init) }
        let values = dates.compactMap { Double($0) }
        guard values.count == dates.count, values.contains(where: { $0 != $0.rounded(.down) }) else { return dates }
        var months: [String] = []
        for v in values {
            let year = (v + 1e-6).rounded(.down), m = (v - year) * 12
            guard abs(m - m.rounded()) < 1e-3 else { return dates }
            months.append(String(format: "%04d-%02d", Int(year), Int(m.rounded()) + 1))
        }
        return months
    }

    /// "96 steps (1949-01 ... 1956-12)".
    static func span(_ labels: [String], _ range: Range<Int>) -> String {
        range.isEmpty ? "0 steps" : "\(range.count) steps (\(labels[range.lowerBound]) ... \(labels[range.upperBound - 1]))"
    }

    /// The lines describing the data, the split and the transform.
    static func describe(_ data: ForecastData, series: TimeSeries, path: String) -> [String] {
        let c = data.config, labels = labels(series)
        var transform: [String] = []
        if c.transform.log { transform.append("log") }
        for lag in c.transform.lags {
            transform.append(lag == 1 ? "first difference" : "seasonal difference (lag \(lag))")
        }
        let inputs = c.inputColumns.joined(separator: ", ")
        return [
            "data: \(path), target \(c.target) (inputs: \(inputs)), \(span(labels, 0..<data.count))",
            "split: train \(span(labels, 0..<data.trainEnd)), validation \(span(labels, data.trainEnd..<data.validationEnd)), "
                + "test \(span(labels, data.validationEnd..<data.count))",
            "transform: \(transform.isEmpty ? "none" : transform.joined(separator: ", ")), then standard scaling "
                + "fitted on the training part; inverted before every metric",
            "windows: \(c.window) steps in, \(c.horizon) out; forecast origins: train \(data.origins(.train).count), "
                + "validation \(data.origins(.validation).count), test \(data.origins(.test).count)",
        ]
    }

    /// The lines of the held-out evaluation.
    static func report(_ evaluation: ForecastEvaluation, data: ForecastData, series: TimeSeries) -> [String] {
        let labels = labels(series)
        return ["held-out test tail: \(span(labels, data.validationEnd..<data.count)); \(evaluation.originCount) "
                    + "origins x \(evaluation.horizon) steps = \(evaluation.points.count) forecast points, original units",
                evaluation.table()]
    }

    /// The JSON fields of an evaluation.
    static func json(_ evaluation: ForecastEvaluation, data: ForecastData) -> [String: Any] {
        func scores(_ s: ForecastScores) -> [String: Any] {
            ["rmse": s.rmse, "mae": s.mae, "mape": s.mape.isNaN ? NSNull() : s.mape as Any]
        }
        var object: [String: Any] = [
            "task": "forecast", "target": data.config.target, "window": data.config.window,
            "horizon": data.config.horizon, "steps": data.count,
            "split": ["train": data.trainEnd, "validation": data.validationEnd - data.trainEnd,
                      "test": data.count - data.validationEnd],
            "origins": evaluation.originCount, "points": evaluation.points.count,
            "model": scores(evaluation.model), "naive": scores(evaluation.naive),
            "beats_naive": evaluation.beats(evaluation.naive), "rmse_by_step": evaluation.rmseByStep,
        ]
        if let s = evaluation.seasonalNaive {
            object["seasonal_naive"] = scores(s)
            object["beats_seasonal_naive"] = evaluation.beats(s)
        }
        return object
    }

    /// Checks before training that the forecasts file can be written later (its folder exists, it is not a
    /// directory), so a bad path fails before anything is trained or written.
    static func checkForecastsPath(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError("--forecasts \(path) is a directory; give a file name such as forecasts.csv")
        }
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("--forecasts \(path): the folder \(folder) does not exist")
        }
    }

    /// Writes one row per forecast point (`date,origin,step,actual,model,naive,seasonal_naive`; `index`
    /// instead of `date` without a date column) to a temporary file renamed into place.
    static func writeForecasts(_ evaluation: ForecastEvaluation, series: TimeSeries, to path: String) throws {
        let labels = labels(series)
        func number(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "" }
        func field(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var text = (series.dates == nil ? "index" : "date") + ",origin,step,actual,model,naive,seasonal_naive\n"
        for p in evaluation.points {
            text += [field(labels[p.time]), field(labels[p.origin]), String(p.step), number(p.actual), number(p.model),
                     number(p.naive), number(p.seasonalNaive)].joined(separator: ",") + "\n"
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError("cannot write --forecasts \(path) (\(error.localizedDescription))")
        }
    }

    /// Saves a checkpoint holding the weights, the config, the scaler and the task metadata.
    static func save(_ model: Forecaster<Float>, to url: URL, optimizer: (any Optimizer<Float>)?, data: ForecastData,
                     path: String, step: Int, epoch: Int, history: TrainingHistory) throws {
        let c = data.config
        try describingErrors("saving the checkpoint") {
            try Checkpoint.save(model, to: url, optimizer: optimizer, config: c, step: step, epoch: epoch,
                                attachments: ["scaler": data.scaler, "history": history],
                                userMetadata: [TaskCheckpoint.taskKey: ForecastTask.name, "data": path,
                                               "target": c.target, "window": String(c.window),
                                               "horizon": String(c.horizon)])
        }
    }
}

/// Saves `best.safetensors` whenever the validation loss (the training loss without validation) improves,
/// and `last.safetensors` when training ends (put it before `EarlyStopping`, which restores the best weights).
final class ForecastCheckpointer: TrainingCallback {
    let save: (URL, TrainerState) throws -> Void
    let directory: URL
    private(set) var best = Double.infinity
    private(set) var bestEpoch: Int?

    init(directory: URL, save: @escaping (URL, TrainerState) throws -> Void) {
        self.directory = directory
        self.save = save
    }

    func evaluationDidEnd(_ trainer: TrainerState, _ epoch: TrainingHistory.Evaluation) throws -> Bool {
        let loss = epoch.validationLoss ?? epoch.trainLoss
        if loss.isFinite && loss < best {
            best = loss
            bestEpoch = epoch.epoch - 1
            try save(directory.appendingPathComponent("best.safetensors"), trainer)
        }
        return false
    }

    func trainingDidEnd(_ trainer: TrainerState) throws {
        try save(directory.appendingPathComponent("last.safetensors"), trainer)
    }
}
