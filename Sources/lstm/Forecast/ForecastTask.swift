import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm evaluate` on a checkpoint of `lstm train forecast`: rebuilds the model and the data pipeline from the
/// stored config and scaler (nothing is refitted), forecasts the held-out test tail again and prints the same
/// table as training.
enum ForecastTask: EvaluableTask {
    static let name = "forecast"

    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        try evaluate(checkpoint: checkpoint, info: info, data: data, console: console, forecasts: nil)
    }

    /// As `evaluate`, also writing the test-tail forecasts as CSV to `forecasts` (atomically) when given.
    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console,
                         forecasts: String?) throws {
        let config = try describingErrors("reading the checkpoint's config") { try info.config(as: ForecastConfig.self) }
        let scaler = try describingErrors("reading the checkpoint's scaler") {
            try info.attachment("scaler", as: StandardScaler.self)
        }
        guard let path = data ?? info.userEntries["data"] else {
            throw CLIError("\(checkpoint.path) does not record its data file; pass --data FILE.csv")
        }
        let model = Forecaster<Float>(config: config, rng: RandomSource(seed: 0))
        try describingErrors("loading the checkpoint") {
            try Checkpoint.load(into: model, from: checkpoint, options: .init(expectedConfig: config))
        }
        let series = try ForecastIO.readSeries(path: path, config: config, fromPreset: false)
        let prepared = try describingErrors("preparing the data") {
            try ForecastData(series: series, config: config, scaler: scaler)
        }
        let evaluation = prepared.evaluate(model)
        if let forecasts {
            try ForecastIO.writeForecasts(evaluation, series: series, to: forecasts)
        }
        if console.json {
            var object = ForecastIO.json(evaluation, data: prepared)
            object["checkpoint"] = checkpoint.path
            object["data"] = path
            try console.emit(object)
        } else {
            console.say("checkpoint: \(checkpoint.path) (epoch \(info.epoch.map(String.init) ?? "?"))")
            for line in ForecastIO.describe(prepared, series: series, path: path) { console.say(line) }
            for line in ForecastIO.report(evaluation, data: prepared, series: series) { console.say(line) }
        }
    }
}
