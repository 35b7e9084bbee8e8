import Foundation
import LSTMKit

/// Forecasting one column of a CSV with a recurrent network: `lstm train forecast`, `lstm predict` (the steps
/// after the end of the data) and `lstm evaluate`. The series is split in time order (train, validation,
/// held-out test tail); log and differencing are applied before and the scaler is fitted on the training part
/// only; all are inverted before RMSE, MAE and MAPE are computed in original units, on every forecast origin of
/// the test tail, next to naive, seasonal naive, seasonal mean, drift and Holt-Winters on exactly the same points.
public enum ForecastTask: ApplicationTask {
    public static let name = "forecast"
    public static let higherIsBetter = false
    static let scalerAttachment = "scaler"

    public static func train(_ config: ForecastTaskConfig, resume: Bool, observer: TaskObserver) throws -> ForecastTrainingReport {
        try config.validate()
        let path = absolutePath(config.data ?? "")
        if let forecasts = config.forecasts { try checkWritable(forecasts) }
        let series = try ForecastSeries.read(config, path: path, observer: observer)
        let pipeline = config.forecastConfig(count: series.count)
        let data = try prepare(series, pipeline, scaler: nil)
        let t = config.training
        let weights = RandomSource(seed: t.seed(.weights))
        let model = Forecaster<Float>(config: pipeline, implementation: t.kernel.implementation, rng: weights)
        var saved = config
        saved.data = path
        (saved.testSize, saved.validationSize, saved.window) = (pipeline.testSize, pipeline.validationSize, pipeline.window)
        let trainOrigins = data.origins(.train), validationOrigins = data.origins(.validation)
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: model,
            monitor: validationOrigins.isEmpty ? .trainLoss : .validationLoss, randomSources: ["weights": weights],
            attachments: [scalerAttachment: data.scaler], observer: observer) { model.recurrent.lastImplementation.rawValue }
        let description = ForecastSeries.describe(data, series: series, path: path)
        description.forEach(observer.say)
        observer.say("model: \(TextgenTask.describe(pipeline.recurrent)) + Linear(\(pipeline.recurrent.outputSize) -> " +
                     "\(pipeline.horizon)), \(model.parameterCount) parameters")
        observer.say("training: \(t.summary); recurrent kernel: \(model.recurrent.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let shuffleSeed = t.seed(.shuffle)
        let outcome = try run.fit(train: { epoch in
            let order = epochRandomSource(seed: shuffleSeed, epoch: epoch).permutation(trainOrigins.count)
            return stride(from: 0, to: order.count, by: t.batchSize).map { start in
                data.batch(origins: order[start..<min(start + t.batchSize, order.count)].map { trainOrigins[$0] })
            }
        }, validate: validationOrigins.isEmpty ? nil : { m in
            let batch = data.batch(origins: validationOrigins)
            return .init(loss: Double(mseLoss(m(batch.inputs), batch.targets).item))
        }, loss: { m, batch in mseLoss(m(batch.inputs), batch.targets) })

        let labels = ForecastSeries.labels(series)
        let span = ForecastSeries.span(labels, data.validationEnd..<data.count)
        let last = data.evaluate(model)
        let best = data.evaluate(try load(URL(fileURLWithPath: outcome.best)).network)
        try RunHistory.attach(RunExtras(forecast: ForecastTrace(best, target: pipeline.target)), in: directory)
        if let forecasts = config.forecasts {
            try best.writeCSV(labels: labels, hasDates: series.dates != nil, to: forecasts)
        }
        return ForecastTrainingReport(data: path, target: pipeline.target, description: description,
                                      parameterCount: model.parameterCount, training: outcome,
                                      best: ForecastScoresReport(best, span: span, modelName: pipeline.recurrent.cell.rawValue.uppercased()),
                                      last: ForecastScoresReport(last, span: span, modelName: pipeline.recurrent.cell.rawValue.uppercased()), forecasts: config.forecasts)
    }

    static func prepare(_ series: TimeSeries, _ config: ForecastConfig, scaler: StandardScaler?) throws -> ForecastData {
        do { return try ForecastData(series: series, config: config, scaler: scaler) } catch let error as ForecastDataError {
            throw TaskError(error.message)
        }
    }

    /// Checks before training that a file can be written later (its folder exists, it is not a folder).
    static func checkWritable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ConfigError("forecasts", "\(path) is a directory; give a file name such as forecasts.csv")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError("forecasts", "\(path): the folder \(folder) does not exist")
        }
    }

    public static func load(_ url: URL) throws -> ForecastModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: ForecastTaskConfig.self)
        let scaler = try TaskCheckpoint.scaler(info, scalerAttachment, featureCount: 1 + config.features.count)
        guard config.window != nil, config.testSize != nil else {
            throw TaskError("checkpoint \(info.path): its config is damaged (no window or test size)")
        }
        var pipeline = config.forecastConfig(count: 0)
        pipeline.testSize = config.testSize!
        let network = Forecaster<Float>(config: pipeline, rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return ForecastModel(config: config, pipeline: pipeline, network: network, scaler: scaler, path: info.path)
    }

    /// Re-reads the data, rebuilds the pipeline from the stored config and scaler (nothing refitted) and scores
    /// the test tail again (`ForecastModel.evaluate(data:forecasts:observer:)` also writes the forecasts CSV).
    public static func evaluate(_ model: ForecastModel, data: String?, observer: TaskObserver) throws -> ForecastEvaluationReport {
        try model.evaluate(data: data, forecasts: nil, observer: observer)
    }
}

/// A forecaster loaded from a `lstm train forecast` checkpoint: evaluation on the test tail and forecasts of
/// the steps after the end of the data.
public struct ForecastModel {
    public let config: ForecastTaskConfig
    /// The pipeline (window, horizon, transform, split) the model was trained with.
    public let pipeline: ForecastConfig
    public let network: Forecaster<Float>
    public let scaler: StandardScaler
    public let path: String

    /// The test-tail evaluation on the recorded data (or `data`), writing the forecasts CSV when asked.
    public func evaluate(data: String?, forecasts: String?, observer: TaskObserver) throws -> ForecastEvaluationReport {
        let (series, prepared, path) = try read(data, observer: observer)
        if let forecasts { try ForecastTask.checkWritable(forecasts) }
        let evaluation = prepared.evaluate(network)
        let labels = ForecastSeries.labels(series)
        if let forecasts { try evaluation.writeCSV(labels: labels, hasDates: series.dates != nil, to: forecasts) }
        return ForecastEvaluationReport(
            checkpoint: self.path, data: path, description: ForecastSeries.describe(prepared, series: series, path: path),
            test: ForecastScoresReport(evaluation, span: ForecastSeries.span(labels, prepared.validationEnd..<prepared.count),
                                       modelName: pipeline.recurrent.cell.rawValue.uppercased()),
            forecasts: forecasts)
    }

    /// The `horizon` steps after the last step of the recorded data (or `data`): the window of the last W
    /// observed steps through the network, inverted to original units.
    public func forecastFuture(data: String? = nil, observer: TaskObserver = .silent) throws -> FutureForecast {
        let (series, prepared, path) = try read(data, observer: observer)
        let values = prepared.forecastAfterEnd(network, series: series)
        let labels = ForecastSeries.labels(series)
        return FutureForecast(checkpoint: self.path, data: path, target: pipeline.target, lastObserved: labels.last ?? "",
                              steps: ForecastSeries.futureLabels(labels, count: values.count), values: values)
    }

    func read(_ data: String?, observer: TaskObserver) throws -> (TimeSeries, ForecastData, String) {
        let path = data.map(absolutePath) ?? config.data ?? ""
        let series = try ForecastSeries.read(config, path: path, observer: observer)
        return (series, try ForecastTask.prepare(series, pipeline, scaler: scaler), path)
    }
}
