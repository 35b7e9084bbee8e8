import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

@Suite struct ForecastTests {
    /// 60 monthly rows: a trend times a season of 4, and an extra column.
    static let csv: String = {
        var text = "month,sales,price\n"
        for t in 0..<60 {
            let season: [Double] = [0, 1, 3, 1]
            let sales = 50 + Double(t) + 10 * season[t % 4], price = 1 + 0.01 * Double(t)
            text += String(format: "%04d-%02d,%.1f,%.2f\n", 2000 + t / 12, t % 12 + 1, sales, price)
        }
        return text
    }()

    /// A fresh temporary directory holding `data.csv` (the caller removes it).
    func directory(csv: String = ForecastTests.csv) throws -> (URL, String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-forecast-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let data = url.appendingPathComponent("data.csv")
        try Data(csv.utf8).write(to: data)
        return (url, data.path)
    }

    func arguments(_ data: String, _ dir: URL, _ extra: [String]) -> [String] {
        ["--data", data, "--target", "sales", "--date", "month", "--season", "4", "--window", "8", "--horizon", "3",
         "--test-size", "9", "--validation-size", "6", "--output", dir.appendingPathComponent("run").path,
         "--forecasts", dir.appendingPathComponent("f.csv").path] + extra
    }

    /// Runs `train forecast` expecting a one-line CLIError containing every fragment, and checks that
    /// neither the output directory nor the forecasts file was written.
    func expectFailure(_ args: [String], in dir: URL, _ fragments: [String]) {
        do {
            try TrainForecastCommand.parse(args).run()
            Issue.record("expected an error for \(args)")
        } catch let error as CLIError {
            for fragment in fragments { #expect(error.message.contains(fragment), "\(error.message)") }
            #expect(!error.message.contains("\n"))
        } catch {
            Issue.record("expected a CLIError, got \(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("f.csv").path))
    }

    @Test func parsingAndPresets() throws {
        let command = try TrainForecastCommand.parse(["--data", "x.csv", "--target", "y", "--features", "a, b",
                                                      "--season", "12", "--log", "--seasonal-difference"])
        let (s, preset) = try command.settings()
        #expect(preset == nil && s.target == "y" && s.features == ["a", "b"] && s.log && s.seasonalDifference)
        #expect(s.horizon == 1 && s.window == nil && !s.difference)
        let (p, name) = try TrainForecastCommand.parse(["--preset", "airpassengers", "--window", "12", "--no-log"]).settings()
        #expect(name == .airpassengers && p.window == 12 && !p.log && p.seasonalDifference && p.horizon == 12)
        #expect(p.data == "Data/airpassengers/AirPassengers.csv" && p.target == "AirPassengers")
    }

    /// The full commands docs/apps/forecast.md gives for each preset.
    @Test func presetsEqualTheDocumentedCommands() throws {
        let documented: [ForecastPreset: String] = [
            .airpassengers: "--data Data/airpassengers/AirPassengers.csv --target AirPassengers --date time " +
                "--season 12 --window 24 --horizon 12 --log --seasonal-difference --test-size 24 --validation-size 24",
            .co2: "--data Data/co2-mauna-loa/co2-monthly-R.csv --target co2 --date time --season 12 --window 36 " +
                "--horizon 12 --difference --seasonal-difference --test-size 60 --validation-size 48",
            .sunspots: "--data Data/sunspots/sunspot.month.csv --target sunspot.month --date time --season 132 " +
                "--window 48 --horizon 6 --test-size 396 --validation-size 264",
            .msft: "--data Data/msft-stock/msft.csv --target Close --date Date --season 5 --window 20 --horizon 1 " +
                "--log --difference --test-size 500 --validation-size 500",
        ]
        for preset in ForecastPreset.allCases {
            let full = try TrainForecastCommand.parse(documented[preset]!.split(separator: " ").map(String.init))
            let named = try TrainForecastCommand.parse(["--preset", preset.rawValue])
            #expect(try full.settings().0 == named.settings().0, "\(preset)")
        }
    }

    @Test func badInputIsAOneLineErrorAndWritesNothing() throws {
        let (dir, data) = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.csv").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let bad = dir.appendingPathComponent("bad.csv").path
        try Data(Self.csv.replacingOccurrences(of: "2000-04,", with: "2000-04,oops").utf8).write(to: URL(fileURLWithPath: bad))
        let gap = dir.appendingPathComponent("gap.csv").path
        try Data(Self.csv.replacingOccurrences(of: "2000-03,82.0", with: "2000-03,").utf8).write(to: URL(fileURLWithPath: gap))
        let cases: [([String], [String])] = [
            (arguments(gap, dir, []), ["gap.csv:4", "is missing; pass --missing interpolate"]),
            (arguments(dir.appendingPathComponent("none.csv").path, dir, []), ["none.csv", "file not found"]),
            (arguments(dir.path, dir, []), ["is a directory"]),
            (arguments(empty, dir, []), ["empty.csv", "is empty"]),
            (arguments(data, dir, ["--target", "nope"]), ["--target \"nope\" is not a column",
                                                          "available columns: \"month\", \"sales\", \"price\""]),
            (arguments(data, dir, ["--features", "price,cost"]), ["--features \"cost\" is not a column"]),
            (arguments(bad, dir, []), ["bad.csv:5", "sales", "oops", "not a number"]),
            (arguments(data, dir, ["--window", "50"]), ["window 50 + horizon 3", "training part"]),
            (arguments(data, dir, ["--horizon", "0"]), ["--horizon must be at least 1"]),
            (arguments(data, dir, ["--test-size", "2"]), ["--test-size 2 is shorter than --horizon 3"]),
            (arguments(data, dir, ["--seasonal-difference", "--season", "0"]), ["--season must be at least 1"]),
            (arguments(data, dir, ["--missing", "guess"]), ["--missing guess is unknown"]),
        ]
        for (args, fragments) in cases { expectFailure(args, in: dir, fragments) }
    }

    @Test func trainsWritesForecastsAndEvaluatesFromTheCheckpoint() throws {
        let (dir, data) = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrainForecastCommand.parse(arguments(data, dir, ["--features", "price", "--log", "--seasonal-difference",
                                                             "--epochs", "2", "--hidden-size", "8", "--json"])).run()
        let run = dir.appendingPathComponent("run")
        for file in ["best.safetensors", "last.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent(file).path))
        }
        // 9 test steps, horizon 3: origins 50 ... 56, 7 x 3 = 21 rows.
        let lines = try String(contentsOfFile: dir.appendingPathComponent("f.csv").path, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 22 && lines[0] == "date,origin,step,actual,model,naive,seasonal_naive")
        #expect(lines[1].hasPrefix("2004-04,2004-03,1,"))

        // The checkpoint alone rebuilds the same forecasts (config, scaler and weights).
        let best = run.appendingPathComponent("best.safetensors")
        let info = try Checkpoint.readInfo(from: best)
        #expect(info.userEntries["task"] == "forecast" && info.userEntries["data"] == data)
        #expect(info.userEntries["target"] == "sales" && info.userEntries["window"] == "8" && info.userEntries["horizon"] == "3")
        let config = try info.config(as: ForecastConfig.self)
        let model = Forecaster<Float>(config: config, rng: RandomSource(seed: 9))
        try Checkpoint.load(into: model, from: best)
        let series = try ForecastIO.readSeries(path: data, config: config, fromPreset: false)
        let prepared = try ForecastData(series: series, config: config, scaler: info.attachment("scaler", as: StandardScaler.self))
        let first = prepared.evaluate(model).points[0]
        #expect(lines[1] == "2004-04,2004-03,1," + [first.actual, first.model, first.naive, first.seasonalNaive!]
            .map { String(format: "%.6g", $0) }.joined(separator: ","))
        try EvaluateCommand.parse([run.path, "--json"]).run()
    }
}
