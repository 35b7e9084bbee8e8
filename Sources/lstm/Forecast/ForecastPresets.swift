import Foundation
import LSTMKit
import LSTMKitApps

/// The settings of one `lstm train forecast` run, after applying a preset and the explicit options.
struct ForecastSettings: Equatable {
    var data: String?
    var target: String?
    var features: [String] = []
    var date: String?
    var window: Int?
    var horizon = 1
    var season: Int?
    var log = false
    var difference = false
    var seasonalDifference = false
    var testSize: Int?
    var validationSize: Int?
    var missing = ForecastMissingValues.error
    var hiddenSize = 32
    var layers = 1
    var dropout = 0.0
    var epochs = 200
    var batchSize = 32
    var learningRate = 0.003
    var patience = 25
}

/// Documented settings for the committed datasets (`--preset NAME`); explicit options override them.
/// The measured results of each are in docs/apps/forecast.md.
enum ForecastPreset: String, CaseIterable {
    case airpassengers, co2, sunspots, msft

    var settings: ForecastSettings {
        var s = ForecastSettings()
        switch self {
        case .airpassengers:
            s.data = "Data/airpassengers/AirPassengers.csv"
            s.target = "AirPassengers"
            s.date = "time"
            s.season = 12
            s.window = 24
            s.horizon = 12
            s.log = true
            s.seasonalDifference = true
            s.testSize = 24
            s.validationSize = 24
        case .co2:
            s.data = "Data/co2-mauna-loa/co2-monthly-R.csv"
            s.target = "co2"
            s.date = "time"
            s.season = 12
            s.window = 36
            s.horizon = 12
            s.difference = true
            s.seasonalDifference = true
            s.testSize = 60
            s.validationSize = 48
        case .sunspots:
            s.data = "Data/sunspots/sunspot.month.csv"
            s.target = "sunspot.month"
            s.date = "time"
            s.season = 132
            s.window = 48
            s.horizon = 6
            s.testSize = 396
            s.validationSize = 264
        case .msft:
            s.data = "Data/msft-stock/msft.csv"
            s.target = "Close"
            s.date = "Date"
            s.season = 5
            s.window = 20
            s.horizon = 1
            s.log = true
            s.difference = true
            s.testSize = 500
            s.validationSize = 500
        }
        return s
    }

    /// The name used for the default output directory.
    var outputName: String { rawValue }
}
