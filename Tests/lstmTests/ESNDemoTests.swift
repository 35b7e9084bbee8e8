import ArgumentParser
import Foundation
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm demo esn`: bad hyperparameters are one-line errors with exit code 1, before any work.
@Suite struct ESNDemoTests {
    @Test func badHyperparametersAreOneLineErrors() throws {
        expectCLIError("EchoStateNetwork: spectral radius 0.0 must be a finite number > 0") {
            try ESNDemo.parse(["--spectral-radius", "0"]).run()
        }
        expectCLIError("EchoStateNetwork: spectral radius -0.5 must be a finite number > 0") {
            try ESNDemo.parse(["--spectral-radius", "-0.5"]).run()
        }
        expectCLIError("EchoStateNetwork: leak rate 0.0 is outside (0, 1]") { try ESNDemo.parse(["--leak-rate", "0"]).run() }
        expectCLIError("EchoStateNetwork: sparsity 1.0 is outside [0, 1)") { try ESNDemo.parse(["--sparsity", "1"]).run() }
        expectCLIError("EchoStateNetwork: reservoir size 0 must be at least 1") {
            try ESNDemo.parse(["--reservoir-size", "0"]).run()
        }
        expectCLIError("Mackey-Glass ESN: washout 50 must be in 0..<50 (the train length)") {
            try ESNDemo.parse(["--washout", "50", "--train-length", "50"]).run()
        }
    }
}

extension ESNDemoTests {
    /// --series-csv writes the series the run used, with full precision (t, x).
    @Test func writesTheSeries() throws {
        let path = temporaryPath("mg.csv")
        defer { try? FileManager.default.removeItem(at: path) }
        try ESNDemo.parse(["--reservoir-size", "20", "--train-length", "200", "--washout", "20", "--runs", "2",
                           "--ridge", "1e-6", "--series-csv", path.path]).run()
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n")
        var settings = MackeyGlassESN.Settings()
        settings.trainLength = 200; settings.runs = 2
        let series = MackeyGlassESN.series(settings)
        #expect(lines.count == 1 + 200 + 2 * 84 + 1 && lines[0] == "t,x")
        #expect(lines.dropFirst().map { Double($0.split(separator: ",")[1])! } == series)
    }
}

/// `lstm demo esn-forecast`: bad options are one-line errors with exit code 1.
@Suite struct ESNForecastDemoTests {
    @Test func badOptionsAreOneLineErrors() {
        let data = repositoryRoot.appendingPathComponent("Data/sunspots/sunspot.month.csv").path
        expectCLIError("EchoStateNetwork: spectral radius 0.0 must be a finite number > 0") {
            try ESNForecastDemo.parse(["--data", data, "--spectral-radius", "0"]).run()
        }
        expectCLIError("--horizon 10 must be in 1...--test-size (5)") {
            try ESNForecastDemo.parse(["--data", data, "--horizon", "10", "--test-size", "5"]).run()
        }
        expectCLIError("--washout 3000 must be in 0..<2780") {
            try ESNForecastDemo.parse(["--data", data, "--washout", "3000"]).run()
        }
    }
}
