import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train forecast` on a CSV, the same as `.csv.gz`, and one series of a long-format file; `lstm evaluate`
/// (with `--forecasts`) and `lstm predict` on its checkpoints, their JSON and files asserted.
@Suite struct ForecastCLITests {
    let dir = TemporaryDirectory()
    static let baselines: Set<String> = ["naive", "seasonalNaive", "seasonalMean", "drift", "holtWinters"]

    @Test func csvTrainsEvaluatesWritesForecastsAndPredicts() throws {
        let data = try dir.write(TinyData.forecastCSV, to: "sales.csv")
        let report = try expectJSON(lstm(TinyData.forecast(dir, data: data) +
                                         ["--features", "price", "--forecasts", dir.path("f.csv"), "--json"]))
        #expect(report["task"].string == "forecast" && report["target"].string == "sales" && report["data"].string == data)
        #expect(report["best"]["origins"].int == 7 && report["best"]["points"].int == 21)
        #expect(report["best"]["baselines"].keys == Self.baselines && report["best"]["model"]["rmse"].double!.isFinite)
        #expect(report["best"]["span"].string == "9 steps (2004-04 ... 2004-12)")
        #expect(report["description"][0].string?.contains("inputs: sales, price") == true)

        // One row per forecast point, with every baseline; the first is the first test step from the first origin.
        let rows = try dir.lines("f.csv")
        #expect(rows.count == 22 && rows[0] == "date,origin,step,actual,model,naive,seasonalNaive,seasonalMean,drift,holtWinters")
        #expect(rows[1].hasPrefix("2004-04,2004-03,1,") && rows[3].hasPrefix("2004-06,2004-03,3,"))
        #expect(rows.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 10 })

        // The checkpoint alone scores the test tail again and writes the same forecasts.
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--forecasts", dir.path("g.csv"), "--json"]))
        #expect(evaluation["test"]["model"]["rmse"].double == report["best"]["model"]["rmse"].double)
        #expect(evaluation["test"]["baselines"]["holtWinters"]["mae"].double == report["best"]["baselines"]["holtWinters"]["mae"].double)
        let again = try dir.lines("g.csv")
        #expect(evaluation["forecasts"].string == dir.path("g.csv") && again == rows)
        expectOneLineError(lstm(["evaluate", dir.path("run"), "--forecasts", dir.path("no/dir/f.csv")]), "--forecasts", "does not exist")

        // The horizon after the end of the data, with the next months as labels.
        let future = try expectJSON(lstm(["predict", dir.path("run"), "--json"]))
        #expect(future["target"].string == "sales" && future["lastObserved"].string == "2004-12")
        #expect(future["steps"].array.compactMap(\.string) == ["2005-01", "2005-02", "2005-03"])
        #expect(future["values"].array.compactMap(\.double).count == 3 && future["values"].array.allSatisfy { $0.double!.isFinite })
        let plain = lstm(["predict", dir.path("run")])
        #expect(plain.status == 0 && plain.output.hasPrefix("sales after 2004-12 (the end of \(data)):\n2005-01  "))
        expectOneLineError(lstm(["predict", dir.path("run"), "x"]), "a forecast checkpoint forecasts the steps after the end")
        expectOneLineError(lstm(["sample", dir.path("run")]), "is a forecast checkpoint, but `lstm sample` needs one of `lstm train textgen`")
    }

    @Test func gzipFileTrainsLikeThePlainFile() throws {
        let plain = try dir.write(TinyData.forecastCSV, to: "sales.csv")
        let compressed = try TinyData.gzip(plain)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: compressed))
        #expect(Gzip.isGzip(bytes) && bytes.count < TinyData.forecastCSV.utf8.count)
        let a = try expectJSON(lstm(TinyData.forecast(dir, data: plain, output: "plain") + ["--json"]))
        let b = try expectJSON(lstm(TinyData.forecast(dir, data: compressed, output: "gz") + ["--json"]))
        #expect(b["data"].string == compressed && b["best"]["model"]["rmse"].double == a["best"]["model"]["rmse"].double)
        #expect(b["training"]["bestValue"].double == a["training"]["bestValue"].double)
        // Evaluating the plain-file checkpoint on the compressed file gives the same scores.
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("plain"), "--data", compressed, "--json"]))
        #expect(evaluation["test"]["model"]["rmse"].double == a["best"]["model"]["rmse"].double)
        // The default output directory is named after the file without .csv.gz.
        #expect(try TrainForecastCommand.parse(["--data", compressed]).makeConfig().output == "runs/forecast-sales")
    }

    @Test func longFormatSeries() throws {
        let data = try dir.write(TinyData.twoSeriesCSV, to: "stores.csv")
        let tiny = ["--target", "sales", "--date", "month", "--season", "4", "--window", "8", "--horizon", "2",
                    "--hidden-size", "4", "--epochs", "2", "--test-size", "6", "--validation-size", "4"]
        let b = try expectJSON(lstm(["train", "forecast", "--data", data, "--series", "store", "--series-id", "B",
                                     "--output", dir.path("b"), "--json"] + tiny))
        #expect(b["description"][0].string?.hasSuffix("48 steps (2000-01 ... 2003-12)") == true)
        let future = try expectJSON(lstm(["predict", dir.path("b"), "--json"]))
        #expect(future["lastObserved"].string == "2003-12" && future["steps"].array.compactMap(\.string) == ["2004-01", "2004-02"])
        // Series B levels are 80 ... 95: its naive forecasts are not store A's (50 ... 65).
        let a = try expectJSON(lstm(["train", "forecast", "--data", data, "--series", "store", "--series-id", "A",
                                     "--output", dir.path("a"), "--json"] + tiny))
        #expect(a["best"]["baselines"]["naive"]["mape"].double != b["best"]["baselines"]["naive"]["mape"].double)

        // The errors: no id (listing the ids), an unknown id, and the two series glued with dates (the advice).
        expectOneLineError(lstm(["train", "forecast", "--data", data, "--series", "store", "--output", dir.path("x")] + tiny),
                           "--series-id is required", "holds 2 series in column \"store\" (\"A\", \"B\"); pick one")
        expectOneLineError(lstm(["train", "forecast", "--data", data, "--series", "store", "--series-id", "C",
                                 "--output", dir.path("x")] + tiny), "\"C\"")
        expectOneLineError(lstm(["train", "forecast", "--data", data, "--output", dir.path("x")] + tiny),
                           "rows of several series are glued end to end", "pass --series store --series-id ID")
        expectOneLineError(lstm(["train", "forecast", "--data", data, "--series", "shop", "--output", dir.path("x")] + tiny),
                           "--series \"shop\" is not a column", "available columns: \"month\", \"store\", \"sales\"")
        #expect(!dir.exists("x"))
        // Without dates the layout is only a suspicion: a warning naming the options, and the run goes on.
        let undated = lstm(["train", "forecast", "--data", data, "--target", "sales", "--window", "8", "--epochs", "1",
                            "--hidden-size", "4", "--output", dir.path("undated")])
        #expect(undated.status == 0 && undated.error.contains("warning: ") &&
                undated.error.contains("pass --series store --series-id ID"))
    }

    @Test func presetOnTheCommittedData() throws {
        let report = try expectJSON(lstm(["train", "forecast", "--preset", "airpassengers", "--data",
                                          TinyData.committed("Data/airpassengers/AirPassengers.csv"), "--epochs", "1",
                                          "--hidden-size", "4", "--output", dir.path("air"), "--json"]))
        #expect(report["target"].string == "AirPassengers" && report["best"]["span"].string == "24 steps (1959-01 ... 1960-12)")
        #expect(report["description"][2].string?.hasPrefix("transform: log, seasonal difference (lag 12)") == true)
    }

    @Test func transformsAndMissingValues() throws {
        var gap = TinyData.forecastCSV.replacingOccurrences(of: "2000-03,82.0,", with: "2000-03,,")
        let data = try dir.write(gap, to: "gap.csv")
        expectOneLineError(lstm(TinyData.forecast(dir, data: data)), "gap.csv:4", "pass --missing interpolate, forward-fill or drop")
        #expect(!dir.exists("run"))
        let filled = lstm(TinyData.forecast(dir, data: data) + ["--missing", "interpolate", "--log-transform", "--difference",
                                                                "--seasonal-difference"])
        #expect(filled.status == 0 && filled.output.contains("transform: log, first difference, seasonal difference (lag 4)"))
        gap = TinyData.forecastCSV.replacingOccurrences(of: "2000-03,82.0,", with: "2000-03,-1,")
        expectOneLineError(lstm(TinyData.forecast(dir, data: try dir.write(gap, to: "negative.csv"), output: "neg") +
                                ["--log-transform"]), "log")
        let sales = try dir.write(TinyData.forecastCSV, to: "sales.csv")
        expectOneLineError(lstm(TinyData.forecast(dir, data: sales, output: "t") + ["--target", "units"]),
                           "--target \"units\" is not a column", "available columns: \"month\", \"sales\", \"price\"")
        expectOneLineError(lstm(TinyData.forecast(dir, data: sales, output: "t") + ["--features", "price,cost"]),
                           "--features \"cost\" is not a column")
        expectOneLineError(lstm(TinyData.forecast(dir, data: sales, output: "t") + ["--window", "50"]), "window")
        expectOneLineError(lstm(TinyData.forecast(dir, data: sales, output: "t") + ["--forecasts", dir.path("none/f.csv")]),
                           "--forecasts", "does not exist")
        #expect(!dir.exists("neg") && !dir.exists("t"))
    }
}
