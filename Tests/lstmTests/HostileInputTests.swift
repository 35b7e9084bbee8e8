import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// The kinds of bad input Scripts/check-hostile.py found trapping or accepted (issue 17), one small case each:
/// a one-line error naming the option or file, exit status 1, nothing left behind.
@Suite struct HostileInputTests {
    let dir = TemporaryDirectory()

    /// A tiny forecast run (under a second in debug) and its best checkpoint.
    func forecastCheckpoint() throws -> String {
        let data = try dir.write(TinyData.forecastCSV, to: "sales.csv")
        let run = lstm(TinyData.forecast(dir, data: data))
        try #require(run.status == 0, "\(run.error)")
        return dir.path("run/best.safetensors")
    }

    /// `checkpoint` with its scaler attachment replaced by `scaler` (JSON), written to `name`.
    func withScaler(_ checkpoint: String, _ scaler: String, to name: String) throws -> String {
        var file = try SafeTensors(contentsOf: URL(fileURLWithPath: checkpoint))
        file.metadata["lstmkit.attachment.scaler"] = scaler
        let path = dir.path(name)
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A scaler that `fit` cannot make (negative scale, a mean beyond Float, another width) was accepted and gave
    /// NaN or nonsense forecasts; now it is refused like NaN weights.
    @Test func damagedScalersAreRefused() throws {
        let best = try forecastCheckpoint()
        let cases = [
            (#"{"mean":[84.2],"scale":[-1],"withMean":true,"withStd":true}"#, "scale -1.0 of feature 0 is not a positive finite Float"),
            (#"{"mean":[1e39],"scale":[17],"withMean":true,"withStd":true}"#, "mean 1e+39 of feature 0 is not a finite Float"),
            (#"{"mean":[84.2,1,2],"scale":[17,1,1],"withMean":true,"withStd":true}"#, "has 3 features, but its config reads 1"),
        ]
        for (k, (scaler, fragment)) in cases.enumerated() {
            let path = try withScaler(best, scaler, to: "bad-\(k).safetensors")
            for arguments in [["evaluate", path], ["predict", path]] {
                expectOneLineError(lstm(arguments), "checkpoint \(path): its scaler", fragment)
            }
        }
    }

    /// Training that diverges before its first checkpoint ends with the message and leaves no empty directory.
    @Test func divergingRunLeavesNoEmptyOutputDirectory() throws {
        let data = try dir.write(TinyData.forecastCSV, to: "sales.csv")
        let run = lstm(TinyData.forecast(dir, data: data, output: "diverged") + ["--learning-rate", "1e30"])
        #expect(run.status == 1)
        #expect(run.error.hasPrefix("Error: ") && run.error.contains("the loss is inf"), "\(run.error)")
        #expect(run.error.split(separator: "\n").count == 1)
        #expect(!dir.exists("diverged"))
    }

    /// `removingUnusedOutputDirectory` removes only an empty directory the failed body created.
    @Test func onlyAnEmptyNewDirectoryIsRemoved() throws {
        struct Failed: Error {}
        let created = dir.path("new"), kept = dir.path("kept"), existing = dir.path("existing")
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: true)
        for (path, write) in [(created, false), (kept, true), (existing, false)] {
            #expect(throws: Failed.self) {
                try removingUnusedOutputDirectory(path) {
                    _ = try prepareOutputDirectory(path)
                    if write { try Data("x".utf8).write(to: URL(fileURLWithPath: path + "/history.json")) }
                    throw Failed()
                }
            }
        }
        #expect(!dir.exists("new") && dir.exists("kept/history.json") && dir.exists("existing"))
    }

    /// Option values with no allocation behind them but absurd all the same get a limit naming the option.
    @Test func absurdValuesAreRefusedWithTheirLimit() throws {
        let big = "9223372036854775807"
        expectOneLineError(lstm(["translate", dir.path("none"), "eins.", "--beam", big]),
                           "--beam must be at most 1000, got \(big)")
        let data = try dir.write(TinyData.forecastCSV, to: "sales.csv")
        let forecast = TinyData.forecast(dir, data: data)
        for (option, limit) in [("--eval-every", "100000000"), ("--warmup-steps", "100000000"), ("--season", "100000"),
                                ("--test-size", "100000000"), ("--patience", "100000000")] {
            expectOneLineError(lstm(forecast.setting(option, big)), "\(option) must be at most \(limit), got \(big)")
        }
        let reviews = try TinyData.movieReviews(dir)
        expectOneLineError(lstm(TinyData.sentiment(dir, data: reviews) + ["--max-tokens", big]),
                           "--max-tokens must be at most 1000000")
        expectOneLineError(lstm(TinyData.sentiment(dir, data: reviews) + ["--min-count", "1000"]),
                           "--min-count 1000 leaves no word in the vocabulary")
        let text = try dir.write(TinyData.text, to: "tiny.txt")
        expectOneLineError(lstm(["train", "textgen", "--data", text, "--tbptt", "8,\(big)", "--output", dir.path("run")]),
                           "--tbptt k2 = \(big) must be at most 65536")
        #expect(!dir.exists("run"))
    }
}
