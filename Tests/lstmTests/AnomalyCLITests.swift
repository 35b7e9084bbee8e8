import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train anomaly` on a tiny file in the HAPT format (walking is a noisy oscillation, sitting and lying
/// are still), then `lstm evaluate`, and the one-line errors of bad options and data.
@Suite struct AnomalyCLITests {
    let dir = TemporaryDirectory()

    /// Training users 1 and 3, validation user 7, test user 2: per user one session with 300 samples of
    /// WALKING (label 1), 200 of SITTING (4) and 200 of LAYING (6); 128-sample windows every 64.
    func haptFile() throws -> String {
        var lines = [HAPTDataset.header]
        for user in [1, 3, 7, 2] {
            let noise = RandomSource(seed: UInt64(user)).normals(count: 700 * 6)
            var t = 0
            for (label, count) in [(1, 300), (4, 200), (6, 200)] {
                for i in 0..<count {
                    let phase = 2 * Double.pi * Double(i) / 50
                    let values = (0..<6).map { k -> Double in
                        let n = 0.01 * Double(noise[t * 6 + k])
                        switch label {
                        case 1: return (k == 0 ? 1 : 0) + 0.3 * sin(phase + Double(k)) + n
                        case 4: return (k == 0 ? 0.9 : 0.1) + n
                        default: return (k == 2 ? 1 : 0) + n
                        }
                    }
                    lines.append("\(user),0,\(t)," + values.map { String(format: "%.5f", $0) }.joined(separator: ",") + ",\(label)")
                    t += 1
                }
            }
        }
        let path = dir.path("hapt.csv")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func train(_ data: String, output: String = "run") -> [String] {
        ["train", "anomaly", "--data", data, "--output", dir.path(output), "--hidden-size", "4", "--epochs", "2",
         "--batch-size", "4", "--json"]
    }

    @Test func trainsAndEvaluates() throws {
        let data = try haptFile()
        let report = try expectJSON(lstm(train(data)))
        #expect(report["task"].string == "anomaly" && report["features"].string == "window-stats")
        #expect(report["normalClasses"].array.compactMap(\.string) == ["WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS"])
        #expect(report["trainWindows"].int == 6 && report["training"]["steps"].int == 4)
        #expect(report["test"]["normal"].int == 3 && report["test"]["anomalies"].int == 4)
        let auroc = try #require(report["test"]["auroc"].double)
        #expect(auroc >= 0 && auroc <= 1)
        #expect(report["test"]["perClass"].array.compactMap { $0["name"].string } == ["WALKING", "SITTING", "LAYING"])
        #expect(report["validation"]["perClass"][0]["normal"].bool == true && report["validation"]["perClass"][0]["auroc"].isNull)
        let threshold = try #require(report["threshold"].double)

        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluation["test"]["auroc"].double == auroc && evaluation["threshold"].double == threshold)
        let plain = lstm(["evaluate", dir.path("run")])
        #expect(plain.status == 0 && plain.output.contains("test: AUROC ") && plain.output.contains("LAYING"))
        expectOneLineError(lstm(["predict", dir.path("run")]), "is an anomaly checkpoint", "lstm evaluate")

        // Raw features read 6 values per step; the same run is deterministic.
        let raw = try expectJSON(lstm(train(data, output: "raw") + ["--features", "raw"]))
        #expect(raw["features"].string == "raw")
        let again = try expectJSON(lstm(train(data, output: "again")))
        #expect(again["test"]["auroc"].double == auroc && again["threshold"].double == threshold)
    }

    @Test func badOptionsAndDataAreOneLineErrors() throws {
        let data = try haptFile()
        expectOneLineError(lstm(["train", "anomaly", "--output", dir.path("x")]), "--data is required")
        expectOneLineError(lstm(train(dir.path("nowhere.csv"))), "nowhere.csv: no such file or directory")
        expectOneLineError(lstm(train(data) + ["--normal-classes", "WALKING,RUNNING"]),
                           "--normal-classes \"RUNNING\" is not a class of the data (classes: WALKING,")
        expectOneLineError(lstm(train(data) + ["--normal-classes",
                                               "WALKING,WALKING_UPSTAIRS,WALKING_DOWNSTAIRS,SITTING,STANDING,LAYING"]),
                           "--normal-classes names every class of the data")
        expectOneLineError(lstm(train(data) + ["--threshold-quantile", "1"]), "--threshold-quantile must be in (0, 1), got 1.0")
        expectOneLineError(lstm(train(data) + ["--scale-floor", "0"]), "--scale-floor must be > 0")
        expectOneLineError(lstm(train(data) + ["--bidirectional"]), "--bidirectional is not supported")
        // A bad row names the file and line.
        var text = try String(contentsOfFile: data, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n1,0,5,", with: "\n1,0,5,x")
        try text.write(toFile: data, atomically: true, encoding: .utf8)
        expectOneLineError(lstm(train(data)), "hapt.csv:7: field 4: value \"x1.17743\" is not a number")
        for name in ["x", "run"] { #expect(!FileManager.default.fileExists(atPath: dir.path(name))) }
    }

    @Test func gradcheckChecksTheAutoencoder() throws {
        let (setup, rows) = try GradcheckCommand.check("lstm-autoencoder", seed: 0)
        #expect(setup.summary.hasPrefix("LSTM autoencoder (Srivastava et al. 2015)"))
        #expect(rows.first?.name == "input x" && rows.contains { $0.name == "decoder.layers.0.cell.weightHH" })
        #expect(rows.contains { $0.name == "output.weight" } && rows.count == 11)
        #expect(rows.allSatisfy { $0.result.passed && $0.result.checkedCount > 0 && $0.result.maxAbsoluteError < 1e-6 })
    }
}
