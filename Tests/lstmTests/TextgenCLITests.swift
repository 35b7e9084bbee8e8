import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train textgen`, `lstm evaluate` and `lstm sample` end to end on a tiny text, their JSON asserted.
@Suite struct TextgenCLITests {
    let dir = TemporaryDirectory()

    /// Trains 2 steps (`extra` appended) with `--json` and returns the report.
    func train(_ extra: [String] = [], output: String = "run") throws -> JSON {
        try expectJSON(lstm(try TinyData.textgen(dir, output: output) + extra + ["--json"]))
    }

    @Test func trainEvaluateAndSample() throws {
        let report = try train()
        #expect(report["task"].string == "textgen" && report["data"].string == dir.path("tiny.txt"))
        #expect(report["characters"].int == TinyData.text.count)
        #expect(report["vocabularySize"].int == Set(TinyData.text).count)
        #expect(report["training"]["steps"].int == 2 && report["training"]["monitor"].string == "validation loss")
        #expect(report["training"]["best"].string == dir.path("run/best.safetensors") && dir.exists("run/last.safetensors"))
        #expect(report["sample"].string == "" && report["best"]["loss"].double! > 0)

        // The best checkpoint's validation loss again, from the checkpoint alone.
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluation["task"].string == "textgen" && evaluation["step"].int == report["training"]["bestStep"].int)
        #expect(evaluation["validation"]["loss"].double == report["best"]["loss"].double)
        #expect(evaluation["validation"]["characters"].int == report["best"]["characters"].int)
        #expect(evaluation["validationFraction"].double == 0.1 && evaluation["notes"].array.isEmpty)
        let text = lstm(["evaluate", dir.path("run/last.safetensors")])
        #expect(text.status == 0 && text.output.contains("validation: last 10% of \(dir.path("tiny.txt"))"))

        // Sampling: the fields, the length in characters, only characters of the text, the same text per seed.
        let arguments = ["sample", dir.path("run"), "--prime", "ROMEO:", "--length", "40", "--seed", "3", "--json"]
        let sample = try expectJSON(lstm(arguments))
        let generated = try #require(sample["text"].string)
        #expect(sample["prime"].string == "ROMEO:" && sample["length"].int == 40 && sample["seed"].int == 3)
        #expect(sample["temperature"].double == 0.8 && sample["topK"].int == 0)
        #expect(sample["checkpoint"].string == dir.path("run/best.safetensors"))
        #expect(generated.count == 40 && generated.allSatisfy { TinyData.text.contains($0) })
        #expect(try expectJSON(lstm(arguments))["text"].string == generated)
        let greedy = ["sample", dir.path("run"), "--length", "20", "--top-k", "1", "--json"]
        #expect(try expectJSON(lstm(greedy + ["--seed", "1"]))["text"].string ==
                expectJSON(lstm(greedy + ["--seed", "2"]))["text"].string)
        // Without --json: the prime, then the new text.
        let plain = lstm(["sample", dir.path("run"), "--prime", "JULIET:", "--length", "10"])
        #expect(plain.status == 0 && plain.output.hasPrefix("JULIET:") && plain.output.count == "JULIET:".count + 10 + 1)
    }

    @Test func sampleAndEvaluateRefuseBadInput() throws {
        _ = try train()
        let run = dir.path("run")
        expectOneLineError(lstm(["sample", run, "--prime", "ROMEO Zq"]),
                           "--prime has characters the model never saw", "\"Z\" (U+005A), \"q\" (U+0071)")
        expectOneLineError(lstm(["sample", run, "--temperature", "0"]), "--temperature")
        expectOneLineError(lstm(["sample", run, "--length", "-1"]), "--length must be at least 0, got -1")
        expectOneLineError(lstm(["sample", run, "--top-k", "-1"]), "--top-k must be at least 0, got -1")
        expectOneLineError(lstm(["sample", dir.path("nope")]), "no such file")
        expectOneLineError(lstm(["predict", run, "some text"]), "is a textgen checkpoint; use `lstm sample`")
        expectOneLineError(lstm(["evaluate", run, "--forecasts", dir.path("f.csv")]), "--forecasts applies to forecast")
        let other = try dir.write("ROMEO: Zounds! ROMEO: Zounds!", to: "other.txt")
        expectOneLineError(lstm(["evaluate", run, "--data", other]), "character \"Z\" (U+005A)", "not in the model's vocabulary")
    }

    @Test func tbpttValidationFractionAndEmbedding() throws {
        let report = try train(["--tbptt", "4,8", "--validation-fraction", "0.2", "--embedding-size", "6",
                                "--sample-length", "12", "--steps", "3"])
        #expect(report["training"]["steps"].int == 3 && report["sample"].string?.count == 12)
        let model = try TextgenTask.load(URL(fileURLWithPath: dir.path("run")))
        #expect(model.config.updateEvery == 4 && model.config.seqLength == 8 && model.config.k1 == 4)
        #expect(model.config.validationFraction == 0.2 && model.network.config.embeddingSize == 6)
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluation["validation"]["characters"].int == report["best"]["characters"].int)
        // The model line says what truncated BPTT does: 4 new characters per update, gradients through 8.
        let text = lstm(try TinyData.textgen(dir, output: "plain") + ["--tbptt", "4,8"])
        #expect(text.status == 0 && text.output.contains("2 streams x 4 new characters (backpropagating 8)"))
    }

    @Test func metricsLogAsJSONLines() throws {
        _ = try train(["--steps", "3", "--eval-every", "2", "--log", dir.path("run.jsonl")])
        let lines = try dir.lines("run.jsonl").map { try JSON(parsing: $0) }
        #expect(lines.map { $0["kind"].string ?? "" } == ["step", "step", "evaluation", "step", "evaluation"])
        #expect(lines.map { $0["step"].int ?? 0 } == [1, 2, 2, 3, 3])
        #expect(lines.allSatisfy { $0["loss"].double?.isFinite == true && $0["learningRate"].double! > 0 })
        #expect(lines[2]["validationLoss"].double != nil && lines[2]["metrics"]["bitsPerCharacter"].double != nil)
    }

    @Test func metricsLogAsCSV() throws {
        _ = try train(["--steps", "3", "--eval-every", "2", "--log", dir.path("run.csv")])
        let rows = try dir.lines("run.csv").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 6 && rows[0].starts(with: ["kind", "epoch", "step", "loss", "validationLoss"]))
        #expect(rows.dropFirst().map { "\($0[0]),\($0[2])" } ==
                ["step,1", "step,2", "evaluation,2", "step,3", "evaluation,3"])
        #expect(rows[3][4] != "" && Double(rows[3][4]) != nil)
        // The task's metric has its column from the header on, and every row has every column.
        #expect(rows[0].last == "bitsPerCharacter")
        #expect(Set(rows.map(\.count)).count == 1, "ragged rows: \(rows.map(\.count))")
    }

    @Test func timeBudgetStopsAndSaysSo() throws {
        let report = try train(["--steps", "100000", "--minutes", "0.000001"])
        #expect(report["training"]["stoppedByTime"].bool == true && report["training"]["steps"].int! < 100)
        #expect(dir.exists("run/last.safetensors"))
        let text = lstm(try TinyData.textgen(dir, output: "plain") + ["--steps", "100000", "--minutes", "0.000001"])
        #expect(text.status == 0 && text.output.contains("steps: the time budget was reached"))
    }

    @Test func badTextDataIsOneLineAndWritesNothing() throws {
        let cases: [(String, Data, String)] = [
            ("empty.txt", Data(), "empty"),
            ("binary.txt", Data([0x41, 0x0A, 0xFF, 0xFE]), "UTF-8"),
            ("tiny.txt", Data("hello".utf8), "leaves 1 of the 5 characters"),
            ("short.txt", Data(String(repeating: "hello ", count: 20).utf8), "--batch-size 64 streams need at least 2 characters"),
        ]
        for (name, contents, fragment) in cases {
            try contents.write(to: dir.url.appendingPathComponent(name))
            expectOneLineError(lstm(["train", "textgen", "--data", dir.path(name), "--output", dir.path("out")]), fragment)
            #expect(!dir.exists("out"))
        }
    }
}
