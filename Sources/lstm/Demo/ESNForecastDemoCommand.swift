import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct ESNForecastDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esn-forecast",
        abstract: "Forecast a CSV column with an echo state network, scored like `lstm train forecast` (default: sunspots).",
        discussion: """
            The ESN is trained teacher-forced on everything before the last --test-size values (standardized \
            with that part's mean and deviation), then forecasts --horizon steps by running free from every \
            origin of the test tail. RMSE and MAE are over all (origin, step) points in original units, the \
            points `lstm train forecast` scores with the same --test-size and --horizon. The defaults are the \
            sunspots preset's (`lstm train forecast --preset sunspots`). See docs/esn.md.
            """
    )

    @Option(help: "The CSV file.") var data = "Data/sunspots/sunspot.month.csv"
    @Option(help: "The column to forecast.") var target = "sunspot.month"
    @Option(parsing: .unconditional, help: "Values in the held-out test tail.") var testSize = 396
    @Option(parsing: .unconditional, help: "Steps forecast from each origin.") var horizon = 6
    @OptionGroup var esn: ESNOptions
    @OptionGroup var common: CommonOptions

    func run() throws {
        let network = esn.network(seed: common.seed ?? 0)
        if let problem = network.problem { throw CLIError(problem) }
        if horizon < 1 || testSize < horizon { throw CLIError("--horizon \(horizon) must be in 1...--test-size (\(testSize))") }
        let series = try TimeSeries(csv: URL(fileURLWithPath: data), columns: [target])
        let trainCount = series.count - testSize
        if esn.washout < 0 || esn.washout >= trainCount - 1 {
            throw CLIError("--washout \(esn.washout) must be in 0..<\(max(trainCount - 1, 0)) (the training values " +
                           "before the test tail, minus 1)")
        }
        let console = common.console
        console.say("\(data), \(target): \(series.count) values, training \(trainCount), test tail \(testSize), " +
                    "horizon \(horizon); ESN N = \(network.reservoirSize), rho \(network.spectralRadius), leak " +
                    "\(network.leakRate), ridge \(network.ridge), seed \(network.seed)")
        let r = ESNSeriesForecast.evaluate(series.values, testSize: testSize, horizon: horizon, washout: esn.washout,
                                           network: network)
        console.say("trained in \(fixed(r.trainSeconds, 2)) s; \(r.origins) origins, \(r.points) points in " +
                    "\(fixed(r.testSeconds, 2)) s: RMSE \(fixed(r.rmse, 3)), MAE \(fixed(r.mae, 3)) " +
                    "(naive RMSE \(fixed(r.naiveRMSE, 3)))")
        if common.json {
            struct Report: Encodable {
                var task = "esn-forecast", data: String, target: String, result: ESNSeriesForecast.Result
            }
            try console.emit(Report(data: data, target: target, result: r))
        }
    }
}
