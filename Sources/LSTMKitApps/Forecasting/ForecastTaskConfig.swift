import Foundation
import LSTMKit

/// Everything `lstm train forecast` trains with: the CSV (or `.csv.gz`, optionally one series of a
/// long-format file), the target and feature columns, window, horizon and season, the transform, the split,
/// the model, the training settings and the output. Stored in every checkpoint the task writes.
public struct ForecastTaskConfig: TaskConfig {
    /// A committed dataset whose settings this config started from (for names and reports).
    public var preset: ForecastPreset?
    public var data: String?
    /// The column to forecast.
    public var target: String?
    /// Extra input columns (read up to the forecast origin, never forecast).
    public var features: [String] = []
    /// The date column (rows are sorted by it; labels in reports).
    public var date: String?
    /// Long-format files: the column telling the series apart, and the series to forecast.
    public var series: String?
    public var seriesID: String?
    /// W, the steps the network reads (nil: 2 seasons, or 24 without a season).
    public var window: Int?
    /// H, the steps forecast at once.
    public var horizon = 1
    /// S, the season length (seasonal baselines, seasonal differencing).
    public var season: Int?
    public var logTransform = false
    public var difference = false
    public var seasonalDifference = false
    /// Steps in the held-out test tail (nil: 15% of the series, at least the horizon).
    public var testSize: Int?
    /// Steps in the validation part before it (nil: the test size; 0: none).
    public var validationSize: Int?
    public var missing = ForecastMissingValues.error
    public var model = RecurrentEncoderConfig(inputSize: 1, hiddenSize: 32)
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 3e-3, batchSize: 32, epochs: 200)
        t.clipNorm = 1
        t.patience = 25
        return t
    }()
    public var output = "runs/forecast"
    /// Also write the test-tail forecasts (date, origin, step, actual, model and every baseline) to this CSV.
    public var forecasts: String?

    public init() {}

    public func validate() throws {
        if data == nil { throw ConfigError("data", "FILE.csv is required (or a --preset)") }
        if target == nil { throw ConfigError("target", "COLUMN is required") }
        if seriesID != nil && series == nil { throw ConfigError("seriesId", "needs --series COLUMN (the id column)") }
        try Check.atLeast(window, 1, "window")
        if let window { try Check.atMost(window, 100_000, "window") }
        try Check.atLeast(horizon, 1, "horizon")
        try Check.atMost(horizon, 10_000, "horizon")
        try Check.atLeast(season, 1, "season")
        if let season { try Check.atMost(season, 100_000, "season") }
        try Check.atLeast(testSize, 1, "testSize")
        try Check.atLeast(validationSize, 0, "validationSize")
        // Longer than any series a CSV reader accepts (1 GiB): a mistake, refused before reading the data.
        if let testSize { try Check.atMost(testSize, TrainingConfig.maximumSteps, "testSize") }
        if let validationSize { try Check.atMost(validationSize, TrainingConfig.maximumSteps, "validationSize") }
        if seasonalDifference && season == nil {
            throw ConfigError("seasonalDifference", "needs a season (the season length in steps)")
        }
        if let test = testSize, test < horizon {
            throw ConfigError("testSize", "\(test) is shorter than the horizon \(horizon): the test tail needs at least " +
                              "\(horizon) steps to score one forecast")
        }
        if let v = validationSize, v > 0 && v < horizon {
            throw ConfigError("validationSize", "\(v) is shorter than the horizon \(horizon); use at least \(horizon), " +
                              "or 0 for no validation part")
        }
        var recurrent = model
        recurrent.inputSize = 1 + features.count
        if let (field, message) = recurrent.problem { throw ConfigError(field, message) }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        try training.validate()
    }

    /// The differencing lags: 1 for `difference`, the season for `seasonalDifference`.
    public var lags: [Int] { (difference ? [1] : []) + (seasonalDifference ? [season ?? 1] : []) }

    /// The pipeline config for a series of `count` steps (window, test and validation sizes resolved).
    public func forecastConfig(count: Int) -> ForecastConfig {
        let test = testSize ?? max(horizon, Int((0.15 * Double(count)).rounded()))
        var recurrent = model
        recurrent.inputSize = 1 + features.count
        return ForecastConfig(target: target ?? "", features: features, dateColumn: date,
                              window: window ?? season.map { 2 * $0 } ?? 24, horizon: horizon, season: season,
                              transform: ForecastTransform(log: logTransform, lags: lags), missingValues: missing,
                              testSize: test, validationSize: validationSize ?? test, recurrent: recurrent)
    }
}

/// Documented settings for the committed datasets (`--preset NAME`); explicit options override them. The
/// measured results of each are in docs/apps/forecast.md.
public enum ForecastPreset: String, Codable, CaseIterable, Sendable {
    case airpassengers, co2, sunspots, msft

    /// The config of `lstm train forecast --preset <self>` before any other option.
    public var config: ForecastTaskConfig {
        var c = ForecastTaskConfig()
        c.preset = self
        c.output = "runs/forecast-\(rawValue)"
        c.date = "time"
        switch self {
        case .airpassengers:
            c.data = "Data/airpassengers/AirPassengers.csv"
            c.target = "AirPassengers"
            (c.season, c.window, c.horizon, c.testSize, c.validationSize) = (12, 24, 12, 24, 24)
            c.logTransform = true
            c.seasonalDifference = true
        case .co2:
            c.data = "Data/co2-mauna-loa/co2-monthly-R.csv"
            c.target = "co2"
            (c.season, c.window, c.horizon, c.testSize, c.validationSize) = (12, 36, 12, 60, 48)
            c.difference = true
            c.seasonalDifference = true
        case .sunspots:
            c.data = "Data/sunspots/sunspot.month.csv"
            c.target = "sunspot.month"
            (c.season, c.window, c.horizon, c.testSize, c.validationSize) = (132, 48, 6, 396, 264)
        case .msft:
            c.data = "Data/msft-stock/msft.csv"
            c.target = "Close"
            c.date = "Date"
            (c.season, c.window, c.horizon, c.testSize, c.validationSize) = (5, 20, 1, 500, 500)
            c.logTransform = true
            c.difference = true
        }
        return c
    }
}
