import ArgumentParser
import LSTMKit
import LSTMKitApps

extension ForecastPreset: ExpressibleByArgument {}
extension ForecastMissingValues: ExpressibleByArgument {}

/// `lstm train forecast`: a recurrent forecaster for one column of any CSV, scored on a held-out tail against
/// naive, seasonal-naive, seasonal-mean, drift and Holt-Winters forecasts.
struct TrainForecastCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Train an LSTM to forecast a CSV column; compare it with classical forecasts.",
        discussion: """
            Split in time order: train, validation (best checkpoint, early stopping),
            a held-out test tail. The transforms and the scaler (fitted on train)
            are inverted before RMSE, MAE and MAPE, in original units, next to
            naive, seasonal naive, seasonal mean, drift and Holt-Winters forecasts
            of the same points. Presets for the committed data:
              lstm train forecast --preset airpassengers      (also co2, sunspots, msft)
            Any CSV or .csv.gz (long format: --series COLUMN --series-id ID):
              lstm train forecast --data sales.csv --target units --date month \\
                --season 12 --window 24 --horizon 6 --log-transform --seasonal-difference
            Defaults: LSTM 32 x 1, Adam 0.003, batch 32, up to 200 epochs with
            patience 25, clip norm 1, window 2 seasons (24 without --season).
            """
    )

    @Option(help: "Settings for a committed dataset.")
    var preset: ForecastPreset?

    @Option(help: "The column to forecast.")
    var target: String?

    @Option(help: "Extra input columns, comma-separated (read up to the forecast origin, never forecast).")
    var features: String?

    @Option(help: "The date column (rows are sorted by it).")
    var date: String?

    @Option(help: "Long format: the column telling several series apart.")
    var series: String?

    @Option(help: "Long format: the series to forecast (a value of --series).")
    var seriesId: String?

    @Option(parsing: .unconditional, help: "Steps the network reads (default: 2 seasons, or 24 without --season).")
    var window: Int?

    @Option(parsing: .unconditional, help: "Steps forecast at once (default 1).")
    var horizon: Int?

    @Option(parsing: .unconditional, help: "Season length, for the seasonal baselines and --seasonal-difference.")
    var season: Int?

    @Flag(inversion: .prefixedNo, help: "Forecast log(target) (multiplicative seasonality; values must be > 0).")
    var logTransform: Bool?

    @Flag(inversion: .prefixedNo, help: "Forecast the first difference (removes a trend).")
    var difference: Bool?

    @Flag(inversion: .prefixedNo, help: "Forecast the difference to one season earlier (needs --season).")
    var seasonalDifference: Bool?

    @Option(parsing: .unconditional, help: "Steps in the held-out test tail (default: 15% of the rows, at least --horizon).")
    var testSize: Int?

    @Option(parsing: .unconditional, help: "Steps in the validation part before the test tail (default: the test size; 0: none).")
    var validationSize: Int?

    @Option(help: "Missing cells (default error).")
    var missing: ForecastMissingValues?

    @Option(help: "Also write the test-tail forecasts (and every baseline's) to this CSV.")
    var forecasts: String?

    @OptionGroup var input: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = ForecastTask

    var defaults: ForecastTaskConfig {
        var defaults = preset?.config ?? ForecastTaskConfig()
        if preset == nil, let data = input.data { defaults.output = "runs/forecast-" + TrainClassifyCommand.name(data) }
        return defaults
    }

    func apply(to c: inout ForecastTaskConfig) throws {
        if let data = input.data { c.data = data }
        if input.validationFraction != nil {
            throw CLIError("--validation-fraction does not apply to forecast: the split is in steps (--validation-size)")
        }
        if let target { c.target = target }
        if let features { c.features = features.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let date { c.date = date }
        if let series { c.series = series }
        if let seriesId { c.seriesID = seriesId }
        if let window { c.window = window }
        if let horizon { c.horizon = horizon }
        if let season { c.season = season }
        if let logTransform { c.logTransform = logTransform }
        if let difference { c.difference = difference }
        if let seasonalDifference { c.seasonalDifference = seasonalDifference }
        if let testSize { c.testSize = testSize }
        if let validationSize { c.validationSize = validationSize }
        if let missing { c.missing = missing }
        if let forecasts { c.forecasts = forecasts }
        model.apply(to: &c.model)
    }
}
