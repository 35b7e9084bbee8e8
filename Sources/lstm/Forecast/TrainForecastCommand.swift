import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm train forecast`: an LSTM forecaster for one column of any CSV, scored on a held-out tail against
/// the naive and seasonal-naive baselines.
struct TrainForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Train an LSTM to forecast a CSV column; compare it with naive and seasonal-naive forecasts.",
        discussion: """
            The series is split in time order: train, validation (early stopping, best checkpoint), and a \
            held-out test tail. Log and differencing are applied before, and the scaler is fitted on the \
            training part only; all are inverted before RMSE, MAE and MAPE are computed in original units on \
            every forecast origin of the test tail, next to the naive (last value) and seasonal-naive (value \
            one season earlier) forecasts of exactly the same points.

            Presets for the committed datasets (explicit options override them):
              lstm train forecast --preset airpassengers
              lstm train forecast --preset co2
              lstm train forecast --preset sunspots
              lstm train forecast --preset msft
            Any CSV:
              lstm train forecast --data sales.csv --target units --date month \\
                --season 12 --window 24 --horizon 6 --log --seasonal-difference \\
                --forecasts forecasts.csv
            """
    )

    @Option(help: "Settings for a committed dataset: \(ForecastPreset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: String?

    @Option(help: "The CSV file (with a header row).")
    var data: String?

    @Option(help: "The column to forecast.")
    var target: String?

    @Option(help: "Extra input columns, comma-separated (read up to the forecast origin, never forecast).")
    var features: String?

    @Option(help: "The date column (rows must be in increasing date order).")
    var date: String?

    @Option(help: "Steps the network reads (default: 2 seasons, or 24 without --season).")
    var window: Int?

    @Option(help: "Steps forecast at once (default 1).")
    var horizon: Int?

    @Option(help: "Season length, for the seasonal-naive baseline and --seasonal-difference.")
    var season: Int?

    @Flag(inversion: .prefixedNo, help: "Forecast log(target) (multiplicative seasonality; values must be > 0).")
    var log: Bool?

    @Flag(inversion: .prefixedNo, help: "Forecast the first difference (removes a trend).")
    var difference: Bool?

    @Flag(name: .customLong("seasonal-difference"), inversion: .prefixedNo,
          help: "Forecast the difference to one season earlier (needs --season).")
    var seasonalDifference: Bool?

    @Option(help: "Steps in the held-out test tail (default: 15% of the rows, at least --horizon).")
    var testSize: Int?

    @Option(help: "Steps in the validation part before the test tail (default: the test size; 0 for none).")
    var validationSize: Int?

    @Option(help: "Missing cells: error, forward-fill, interpolate or drop (default error).")
    var missing: String?

    @Option(help: "LSTM hidden size (default 32).")
    var hiddenSize: Int?

    @Option(help: "LSTM layers (default 1).")
    var layers: Int?

    @Option(help: "Dropout between LSTM layers (default 0).")
    var dropout: Double?

    @Option(help: "Maximum epochs (default 200; early stopping on the validation loss).")
    var epochs: Int?

    @Option(help: "Windows per batch (default 32).")
    var batchSize: Int?

    @Option(help: "Adam learning rate (default 0.003).")
    var learningRate: Double?

    @Option(help: "Stop after this many epochs without a better validation loss (default 25).")
    var patience: Int?

    @Option(help: "Checkpoint directory (default runs/forecast-<preset or file name>).")
    var output: String?

    @Option(help: "Write the test-tail forecasts to this CSV (date, origin, step, actual, model, naive, seasonal_naive).")
    var forecasts: String?

    @OptionGroup var common: CommonOptions

    /// The preset (if any) with the explicit options applied, and checked.
    func settings() throws -> (ForecastSettings, ForecastPreset?) {
        var preset: ForecastPreset? = nil
        if let name = self.preset {
            guard let p = ForecastPreset(rawValue: name.lowercased()) else {
                throw CLIError("--preset \(name) is unknown; presets: \(ForecastPreset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            preset = p
        }
        var s = preset?.settings ?? ForecastSettings()
        if let data { s.data = data }
        if let target { s.target = target }
        if let features {
            s.features = features.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let date { s.date = date }
        if let window { s.window = window }
        if let horizon { s.horizon = horizon }
        if let season { s.season = season }
        if let log { s.log = log }
        if let difference { s.difference = difference }
        if let seasonalDifference { s.seasonalDifference = seasonalDifference }
        if let testSize { s.testSize = testSize }
        if let validationSize { s.validationSize = validationSize }
        if let missing {
            guard let rule = ForecastMissingValues(rawValue: missing) else {
                throw CLIError("--missing \(missing) is unknown; use one of: " +
                               ForecastMissingValues.allCases.map(\.rawValue).joined(separator: ", "))
            }
            s.missing = rule
        }
        if let hiddenSize { s.hiddenSize = hiddenSize }
        if let layers { s.layers = layers }
        if let dropout { s.dropout = dropout }
        if let epochs { s.epochs = epochs }
        if let batchSize { s.batchSize = batchSize }
        if let learningRate { s.learningRate = learningRate }
        if let patience { s.patience = patience }

        func atLeast(_ value: Int?, _ minimum: Int, _ option: String) throws {
            if let value, value < minimum { throw CLIError("\(option) must be at least \(minimum) (got \(value))") }
        }
        try atLeast(s.horizon, 1, "--horizon")
        try atLeast(s.window, 1, "--window")
        try atLeast(s.season, 1, "--season")
        try atLeast(s.testSize, 1, "--test-size")
        try atLeast(s.validationSize, 0, "--validation-size")
        try atLeast(s.hiddenSize, 1, "--hidden-size")
        try atLeast(s.layers, 1, "--layers")
        try atLeast(s.epochs, 1, "--epochs")
        try atLeast(s.batchSize, 1, "--batch-size")
        try atLeast(s.patience, 1, "--patience")
        if !(s.learningRate > 0) { throw CLIError("--learning-rate must be positive (got \(s.learningRate))") }
        if !(s.dropout >= 0 && s.dropout < 1) { throw CLIError("--dropout must be in [0, 1) (got \(s.dropout))") }
        if s.seasonalDifference && s.season == nil {
            throw CLIError("--seasonal-difference needs --season S (the season length in steps)")
        }
        if let test = s.testSize, test < s.horizon {
            throw CLIError("--test-size \(test) is shorter than --horizon \(s.horizon): the test tail needs at least " +
                           "\(s.horizon) steps to score one forecast")
        }
        if let validation = s.validationSize, validation > 0 && validation < s.horizon {
            throw CLIError("--validation-size \(validation) is shorter than --horizon \(s.horizon); use at least " +
                           "\(s.horizon), or 0 for no validation part")
        }
        return (s, preset)
    }

    func run() throws {
        let console = Console(json: common.json)
        let (s, preset) = try settings()
        guard let path = s.data else {
            throw CLIError("--data FILE.csv is required (or --preset " +
                           ForecastPreset.allCases.map(\.rawValue).joined(separator: "|") + ")")
        }
        guard let target = s.target else {
            let columns = ForecastIO.columns(of: path)
            throw CLIError("--target COLUMN is required" +
                           (columns.isEmpty ? "" : "; columns of \(path): " + columns.map { "\"\($0)\"" }.joined(separator: ", ")))
        }
        if let forecasts { try ForecastIO.checkForecastsPath(forecasts) }
        let lags: [Int] = (s.difference ? [1] : []) + (s.seasonalDifference ? [s.season!] : [])
        var config = ForecastConfig(
            target: target, features: s.features.filter { $0 != target }.uniqued(), dateColumn: s.date,
            window: s.window ?? s.season.map { 2 * $0 } ?? 24, horizon: s.horizon, season: s.season,
            transform: ForecastTransform(log: s.log, lags: lags), missingValues: s.missing, testSize: 0,
            validationSize: 0, hiddenSize: s.hiddenSize, layerCount: s.layers, dropout: s.dropout)
        let series = try ForecastIO.readSeries(path: path, config: config, fromPreset: data == nil)
        let defaultTest = max(s.horizon, Int((0.15 * Double(series.count)).rounded()))
        config.testSize = s.testSize ?? defaultTest
        config.validationSize = s.validationSize ?? config.testSize
        let prepared: ForecastData
        do { prepared = try ForecastData(series: series, config: config) } catch let error as ForecastDataError {
            throw CLIError(error.message)
        }

        // All input is valid: from here on files are written.
        let name = preset?.outputName ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let directory = try prepareOutputDirectory(output ?? "runs/forecast-\(name)")
        for line in ForecastIO.describe(prepared, series: series, path: path) { console.say(line) }

        let model = Forecaster<Float>(config: config, rng: RandomSource(seed: common.seed))
        let optimizer = Adam<Float>(parameters: model.parameters(), learningRate: s.learningRate)
        let layerText = "\(config.layerCount) layer" + (config.layerCount > 1 ? "s" : "")
        let modelText = "model: LSTM(\(config.inputSize) -> \(config.hiddenSize), \(layerText)) + "
            + "Linear(\(config.hiddenSize) -> \(config.horizon)), \(model.parameterCount) parameters"
        console.say(modelText + "; Adam lr \(s.learningRate), batch \(s.batchSize), up to \(s.epochs) epochs, "
                    + "patience \(s.patience), seed \(common.seed)")
        let trainOrigins = prepared.origins(.train), validationOrigins = prepared.origins(.validation)
        let shuffle = RandomSource(seed: common.seed &+ 1)
        let checkpointer = ForecastCheckpointer(directory: directory) { url, state in
            try ForecastIO.save(model, to: url, optimizer: optimizer, data: prepared, path: path, step: state.step,
                                epoch: state.epoch, history: state.history)
        }
        let early = EarlyStopping(monitor: validationOrigins.isEmpty ? .trainLoss : .validationLoss,
                                  patience: s.patience, restoreBestWeights: true)
        let trainer = Trainer(model: model, optimizer: optimizer, clipNorm: 1,
                          callbacks: [ProgressBar(), checkpointer, early])
        let batchSize = s.batchSize
        func trainBatches(_ epoch: Int) -> [WindowBatch<Float>] {
            let order: [Int] = shuffle.permutation(trainOrigins.count).map { trainOrigins[$0] }
            var batches: [WindowBatch<Float>] = []
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let end = min(start + batchSize, order.count)
                batches.append(prepared.batch(origins: Array(order[start..<end])))
            }
            return batches
        }
        let validation: (() -> [WindowBatch<Float>])? = validationOrigins.isEmpty ? nil : {
            [prepared.batch(origins: validationOrigins)]
        }
        func loss(_ model: Forecaster<Float>, _ batch: WindowBatch<Float>) -> Tensor<Float> {
            mseLoss(model(batch.inputs), batch.targets)
        }
        let started = Date()
        try describingErrors("training") {
            try trainer.fit(epochs: s.epochs, train: trainBatches, validation: validation, loss: loss)
        }
        let seconds = Date().timeIntervalSince(started)
        let bestEpoch = (checkpointer.bestEpoch ?? 0) + 1
        console.say("trained \(trainer.epoch) epochs in \(fixed(seconds, 1)) s; best epoch \(bestEpoch) " +
                    "(\(validationOrigins.isEmpty ? "training" : "validation") loss \(fixed(checkpointer.best, 4)), scaled units)")

        let evaluation = prepared.evaluate(model)
        if let forecasts { try ForecastIO.writeForecasts(evaluation, series: series, to: forecasts) }
        if console.json {
            var object = ForecastIO.json(evaluation, data: prepared)
            object["data"] = path
            object["epochs"] = trainer.epoch
            object["best_epoch"] = bestEpoch
            object["seconds"] = seconds
            object["checkpoint"] = directory.appendingPathComponent("best.safetensors").path
            try console.emit(object)
        } else {
            for line in ForecastIO.report(evaluation, data: prepared, series: series) { console.say(line) }
            console.say("checkpoints: \(directory.path)/best.safetensors, last.safetensors" +
                        (forecasts.map { "; forecasts: \($0)" } ?? ""))
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, without repeats.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
