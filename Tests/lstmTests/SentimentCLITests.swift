import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train sentiment` on the three layouts of labeled texts (MR files, per-class folders, a CSV), then
/// `lstm evaluate` and `lstm predict` on the checkpoint, their JSON asserted.
@Suite struct SentimentCLITests {
    let dir = TemporaryDirectory()

    /// The three layouts: the data path, the extra options, the class names and the source line.
    func layouts() throws -> [(data: String, options: [String], classes: [String], source: String)] {
        [(try TinyData.movieReviews(dir), [], ["negative", "positive"], "MR sentence polarity"),
         (try TinyData.classFolders(dir), ["--pooling", "mean"], ["neg", "pos"], "per-class folders of docs"),
         (try TinyData.textCSV(dir), ["--text-column", "review", "--label-column", "stars"], ["bad", "good"],
          "CSV reviews.csv (columns review, stars)")]
    }

    /// Expects `predictions` (the JSON of `lstm predict`) to label every text with a class and probabilities
    /// that sum to 1, the label being the most probable class.
    func expectPredictions(_ p: JSON, texts: [String], classes: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(p["classNames"].array.compactMap(\.string) == classes, sourceLocation: sourceLocation)
        #expect(p["predictions"].array.map { $0["text"].string ?? "" } == texts, sourceLocation: sourceLocation)
        for prediction in p["predictions"].array {
            let probabilities = prediction["probabilities"].array.compactMap(\.double)
            let label = prediction["label"].string ?? ""
            #expect(classes.contains(label) && probabilities.count == classes.count, sourceLocation: sourceLocation)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5 && probabilities.allSatisfy { $0 >= 0 && $0 <= 1 },
                    "\(probabilities)", sourceLocation: sourceLocation)
            #expect(classes[probabilities.indices.max { probabilities[$0] < probabilities[$1] }!] == label,
                    sourceLocation: sourceLocation)
        }
    }

    @Test func trainsEvaluatesAndPredictsOnEveryLayout() throws {
        for (k, layout) in try layouts().enumerated() {
            let run = "run\(k)"
            let report = try expectJSON(lstm(TinyData.sentiment(dir, data: layout.data, output: run) + layout.options + ["--json"]))
            #expect(report["task"].string == "sentiment" && report["source"].string?.hasPrefix(layout.source) == true)
            #expect(report["split"]["train"].int == 16 && report["split"]["validation"].int == 2 && report["split"]["test"].int == 2)
            #expect(report["best"]["classes"].array.compactMap { $0["name"].string } == layout.classes)
            #expect(report["training"]["steps"].int == 2 && report["training"]["epochs"].int == 1)

            // The checkpoint's own data: its test split, scored as in training.
            let evaluation = try expectJSON(lstm(["evaluate", dir.path(run), "--json"]))
            #expect(evaluation["part"].string == "test" && evaluation["data"].string == layout.data)
            #expect(evaluation["test"]["accuracy"].double == report["best"]["accuracy"].double)
            #expect(evaluation["test"]["loss"].double == report["best"]["loss"].double)
            #expect(evaluation["test"]["examples"].int == 2)

            let texts = ["a great , warm film", "a dull mess", "words it never saw"]
            expectPredictions(try expectJSON(lstm(["predict", dir.path(run)] + texts + ["--json"])), texts: texts,
                              classes: layout.classes)
        }
    }

    @Test func predictReadsAFileAndPrintsLines() throws {
        let data = try TinyData.movieReviews(dir)
        #expect(lstm(TinyData.sentiment(dir, data: data)).status == 0)
        let file = try dir.write("a great film\n\n  \na boring mess\n", to: "texts.txt")
        let both = try expectJSON(lstm(["predict", dir.path("run"), "first text", "--file", file, "--json"]))
        expectPredictions(both, texts: ["first text", "a great film", "a boring mess"], classes: ["negative", "positive"])
        // Without --json: one line per text, "label probability  text".
        let plain = lstm(["predict", dir.path("run"), "--file", file])
        let lines = plain.output.split(separator: "\n")
        #expect(plain.status == 0 && lines.count == 2 && lines[1].hasSuffix("  a boring mess"))
        #expect(lines.allSatisfy { $0.hasPrefix("negative 0.") || $0.hasPrefix("positive 0.") || $0.hasPrefix("positive 1.") })

        expectOneLineError(lstm(["predict", dir.path("run")]), "give texts to classify")
        expectOneLineError(lstm(["predict", dir.path("run"), "--file", dir.path("none.txt")]), "--file", "no such file")
    }

    @Test func evaluateOnOtherDataScoresAllTexts() throws {
        let data = try TinyData.movieReviews(dir)
        #expect(lstm(TinyData.sentiment(dir, data: data)).status == 0)
        try dir.write(TinyData.sentences(true).prefix(3).joined(separator: "\n"), to: "more/rt-polarity.pos")
        try dir.write(TinyData.sentences(false).prefix(2).joined(separator: "\n"), to: "more/rt-polarity.neg")
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--data", dir.path("more"), "--json"]))
        #expect(evaluation["part"].string == "all" && evaluation["test"]["examples"].int == 5)
        // Other classes than the model's are refused in one line.
        expectOneLineError(lstm(["evaluate", dir.path("run"), "--data", try TinyData.classFolders(dir)]), "neg")
    }

    @Test func modelAndTextOptionsReachTheRun() throws {
        let data = try TinyData.movieReviews(dir)
        let full = try expectJSON(lstm(TinyData.sentiment(dir, data: data, output: "full") + ["--json"]))
        let arguments = TinyData.sentiment(dir, data: data) + [
            "--max-tokens", "3", "--min-count", "2", "--validation-fraction", "0.2", "--pooling", "attention",
            "--embedding-dropout", "0.1", "--no-bidirectional", "--cell", "gru", "--json"]
        let report = try expectJSON(lstm(arguments))
        // 3 tokens of "a great , warm film number k ." are "a great ,": fewer words; min count 2 drops rare ones.
        #expect(report["vocabularySize"].int! < full["vocabularySize"].int!)
        #expect(report["split"]["validation"].int == 4 && report["split"]["train"].int == 14)
        let model = try SentimentTask.load(URL(fileURLWithPath: dir.path("run")))
        #expect(model.config.maxTokens == 3 && model.config.minCount == 2 && model.config.pooling == .attention)
        #expect(!model.network.config.recurrent.bidirectional && model.network.config.recurrent.cell == .gru)
        #expect(model.network.attentionHidden != nil && model.network.embeddingDropout.probability == 0.1)
        let names = model.network.namedParameters().map(\.path)
        #expect(!names.contains { $0.contains("reverse") } && full["parameterCount"].int != report["parameterCount"].int)
        // Long texts are cut, and --max-tokens applies to prediction too.
        expectPredictions(try expectJSON(lstm(["predict", dir.path("run"), "a great , and then many other words", "--json"])),
                          texts: ["a great , and then many other words"], classes: ["negative", "positive"])
    }

    @Test func badTextsAreOneLineAndWriteNothing() throws {
        let mr = try TinyData.movieReviews(dir)
        try dir.write("just one\n", to: "few/rt-polarity.pos")
        try dir.write("and two\n", to: "few/rt-polarity.neg")
        try dir.write("only\n", to: "one-class/pos/a.txt")
        try dir.write("text,label\n\"unclosed,pos\n", to: "bad.csv")
        let cases: [([String], String)] = [
            (["--data", dir.path("few")], "too few texts"),
            (["--data", dir.path("one-class")], "one-class"),
            (["--data", dir.path("bad.csv")], "bad.csv"),
            (["--data", try TinyData.textCSV(dir)], "\"text\""),
            (["--data", mr, "--max-tokens", "0"], "--max-tokens must be at least 1"),
        ]
        for (options, fragment) in cases {
            expectOneLineError(lstm(["train", "sentiment", "--output", dir.path("out"), "--epochs", "1"] + options), fragment)
            #expect(!dir.exists("out"), "\(options)")
        }
    }
}
