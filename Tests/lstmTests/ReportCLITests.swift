import Foundation
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train <task> --report` and `lstm report RUN_DIR`: the history training writes, the charts the page
/// has for each kind of task, and one-line errors for what is not a run.
@Suite struct ReportCLITests {
    let dir = TemporaryDirectory()

    func history(_ run: String) throws -> JSON {
        try JSON(parsing: String(contentsOfFile: dir.path("\(run)/history.json"), encoding: .utf8))
    }

    func page(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The titles of the page's charts (`<svg class="chart" ...><title>T</title>`).
    func chartTitles(_ html: String) -> [String] {
        html.components(separatedBy: "<svg class=\"chart\"").dropFirst().compactMap { chart in
            chart.components(separatedBy: "<title>").dropFirst().first?.components(separatedBy: "</title>").first
        }
    }

    @Test func textgenReportHasCurvesSamplesConfigAndMachine() throws {
        let train = lstm(try TinyData.textgen(dir, steps: 3) + ["--sample-length", "12", "--report"])
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("report: \(dir.path("run/report.html"))"))
        let h = try history("run")
        #expect(h["task"].string == "textgen" && h["finished"].bool == true && h["stepCount"].int == 3)
        #expect(h["steps"].array.count == 3 && h["evaluations"].array.count == 3)
        #expect(h["steps"][0]["learningRate"].double! > 0 && h["steps"][0]["gradientNorm"].double! > 0)
        #expect(h["config"]["model"]["hiddenSize"].int == 8 && h["machine"]["cores"].int! >= 1)
        // A sample at each of the 3 evaluations (of the model being trained) and one of the best checkpoint.
        let samples = h["extras"]["samples"].array
        #expect(samples.dropLast().map { $0["step"].int } == [1, 2, 3] && (1...3).contains(samples.last?["step"].int ?? 0))
        #expect(samples.map { $0["source"].string ?? "" } == ["during training", "during training", "during training", "best checkpoint"])
        #expect(samples.allSatisfy { $0["text"].string?.count == 12 })
        let html = try page(dir.path("run/report.html"))
        #expect(chartTitles(html) == ["Loss", "Learning rate", "Gradient norm", "validation bitsPerCharacter"])
        #expect(html.contains("class=\"sample\"") && html.contains("model.hiddenSize") && html.contains("Machine and time"))
        #expect(html.contains("<circle class=\"point\"") && html.contains("class=\"axis-title x\"") && html.contains(">step</text>"))
        #expect(!html.contains("<script src") && !html.contains("<link") && !html.contains("<img"), "self-contained")
        // lstm report draws the same page from the history alone, wherever asked.
        let again = lstm(["report", dir.path("run"), "--output", dir.path("again.html")])
        #expect(again.status == 0 && again.output == "report: \(dir.path("again.html"))\n")
        #expect(try page(dir.path("again.html")) == html)
    }

    @Test func forecastReportDrawsTheForecastAgainstTheTruth() throws {
        let data = try dir.write(TinyData.forecastCSV, to: "sales.csv")
        #expect(lstm(TinyData.forecast(dir, data: data) + ["--json"]).status == 0)
        let h = try history("run")
        // Test size 9, horizon 3: the 1-step forecasts of the 7 origins whose 3 steps fit in the tail.
        let f = h["extras"]["forecast"]
        #expect(f["target"].string == "sales" && f["step"].int == 1)
        #expect(f["actual"].array.count == f["model"].array.count && f["naive"].array.count == f["actual"].array.count)
        #expect(f["seasonalNaive"].array.count == f["actual"].array.count && !f["actual"].array.isEmpty)
        let report = try expectJSON(lstm(["report", dir.path("run"), "--json"]))
        #expect(report["report"].string == dir.path("run/report.html"))
        let html = try page(dir.path("run/report.html"))
        #expect(chartTitles(html) == ["Loss", "Learning rate", "Gradient norm", "Forecast against the truth"])
        #expect(html.contains(">seasonal naive</text>") && html.contains(">time step</text>") && html.contains(">sales</text>"))
    }

    @Test func classifyReportHasTheConfusionMatrixAndF1Bars() throws {
        let pair = try TinyData.tsPair(dir)
        let train = lstm(TinyData.classify(dir, data: pair) + ["--report", "--json"])
        let report = try expectJSON(train)
        #expect(train.error.contains("report: \(dir.path("run/report.html"))"))
        let matrix = try history("run")["extras"]["classification"]["confusionMatrix"]
        #expect(matrix.array.count == 2 && matrix.array.flatMap(\.array).compactMap(\.int).reduce(0, +) == 8)
        #expect(report["best"]["confusionMatrix"].array.count == 2)
        let html = try page(dir.path("run/report.html"))
        #expect(chartTitles(html) == ["Loss", "Learning rate", "Gradient norm", "validation accuracy", "Per-class F1"])
        #expect(html.contains("<table class=\"confusion\">") && html.components(separatedBy: "<rect class=\"bar\"").count == 3)
    }

    @Test func taggerReportHasF1ByChunkType() throws {
        let data = try TinyTagging.folder(dir, "chunk", columns: [0, 1, 2], validation: false)
        #expect(lstm(TinyTagging.train(dir, data: data) + ["--report"]).status == 0)
        let f1 = try history("run")["extras"]["chunkF1"]
        #expect(f1.keys == ["NP", "VP"] && f1["NP"].double != nil)
        let html = try page(dir.path("run/report.html"))
        #expect(chartTitles(html).last == "F1 by chunk type" && html.components(separatedBy: "<rect class=\"bar\"").count == 3)
    }

    @Test func wordlmReportHasSamplesDuringTrainingAndOfTheBestCheckpoint() throws {
        try dir.write(String(repeating: "the cat sat on the mat\na dog saw the cat\n", count: 4), to: "ptb/ptb.train.txt")
        try dir.write("the cat sat on the mat\n", to: "ptb/ptb.valid.txt")
        try dir.write("a dog saw the cat\n", to: "ptb/ptb.test.txt")
        let train = lstm(["train", "wordlm", "--data", dir.path("ptb"), "--output", dir.path("run"), "--steps", "2",
                          "--batch-size", "2", "--seq-length", "4", "--hidden-size", "8", "--eval-every", "1",
                          "--sample-length", "5", "--report"])
        #expect(train.status == 0, "\(train.error)")
        // A sample of the model being trained at each of the 2 evaluations, then one of the best checkpoint.
        let samples = try history("run")["extras"]["samples"].array
        #expect(samples.map { $0["source"].string ?? "" } == ["during training", "during training", "best checkpoint"])
        #expect(samples.dropLast().map { $0["step"].int } == [1, 2])
        #expect(samples.allSatisfy { !($0["text"].string ?? "").isEmpty })
        let html = try page(dir.path("run/report.html"))
        #expect(chartTitles(html).first == "Loss" && chartTitles(html).last == "validation perplexity")
        #expect(html.components(separatedBy: "class=\"sample\"").count == 4 && html.contains("Generated at each evaluation"))
    }

    @Test func translateReportShowsValidationTranslationsAtEachEvaluation() throws {
        let data = try TinyParallel.corpus(dir)
        let train = lstm(TinyParallel.train(dir, data: data).setting("--epochs", "2") + ["--report"])
        #expect(train.status == 0, "\(train.error)")
        let h = try history("run")
        let samples = h["extras"]["samples"].array
        #expect(samples.count == h["evaluations"].array.count && samples.count >= 2)
        #expect(samples.allSatisfy { $0["source"].string == "validation translations" })
        let first = samples[0]["text"].string ?? ""
        #expect(first.components(separatedBy: "\n  -> ").count == 4 && first.components(separatedBy: "  reference: ").count == 4, "\(first)")
        #expect(first.hasPrefix(TinyParallel.pairs(1, seed: 2)[0].0 + "\n"))
        let html = try page(dir.path("run/report.html"))
        #expect(chartTitles(html).last == "validation bleu" && html.contains("The greedy translations of the first validation"))
        #expect(html.components(separatedBy: "class=\"sample\"").count == samples.count + 1)
        // The best checkpoint's attention on the first 2 validation sentences: one heat map each, a square per
        // (generated token, source token) with its weight, rows summing to 1.
        let maps = h["extras"]["attention"].array
        #expect(maps.count == 2 && maps[0]["title"].string?.hasPrefix(TinyParallel.pairs(1, seed: 2)[0].0 + " -> ") == true)
        for map in maps {
            let weights = map["weights"].array.map { $0.array.compactMap(\.double) }
            #expect(weights.count == map["rows"].array.count && weights.allSatisfy { $0.count == map["columns"].array.count })
            #expect(weights.allSatisfy { Swift.abs($0.reduce(0, +) - 1) < 1e-4 })
        }
        let squares = maps.map { $0["rows"].array.count * $0["columns"].array.count }.reduce(0, +)
        #expect(html.contains("Attention of the best checkpoint") && html.components(separatedBy: "class=\"cell\"").count - 1 == squares)
    }

    @Test func notARunIsOneLine() throws {
        expectOneLineError(lstm(["report", dir.path("none")]), dir.path("none"), "is not a run directory")
        // A run directory from before history.json existed (checkpoints only).
        try dir.write("", to: "old/best.safetensors")
        expectOneLineError(lstm(["report", dir.path("old")]), "history.json does not exist", "train it again")
        try dir.write("{\"task\": 3}", to: "bad/history.json")
        expectOneLineError(lstm(["report", dir.path("bad")]), "bad/history.json is not a run history")
        _ = lstm(try TinyData.textgen(dir, steps: 1))
        expectOneLineError(lstm(["report", dir.path("run"), "--output", dir.path("no/such/folder/r.html")]),
                           "cannot write the report", "no/such/folder/r.html")
        expectOneLineError(lstm(["report"]), "Missing expected argument '<run-directory>'")
        expectOneLineError(lstm(["train", "rl", "--report", "--output", dir.path("rl")]), "--report", "curve.csv")
        #expect(!dir.exists("rl"))
    }
}
