import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train classify` on a UCR/UEA `.ts` pair (6 dimensions, unequal lengths) and on labeled-sequence CSVs
/// (long and wide layouts), then `lstm evaluate` and `lstm predict --file`, their JSON asserted.
@Suite struct ClassifyCLITests {
    let dir = TemporaryDirectory()

    /// Trains with `--json` and expects the evaluation of the best checkpoint to repeat its test scores.
    func trainAndEvaluate(_ arguments: [String], output: String = "run",
                          sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
        let report = try expectJSON(lstm(arguments + ["--json"]), sourceLocation: sourceLocation)
        let evaluation = try expectJSON(lstm(["evaluate", dir.path(output), "--json"]), sourceLocation: sourceLocation)
        #expect(evaluation["task"].string == "classify" && evaluation["split"].string == report["split"].string,
                sourceLocation: sourceLocation)
        #expect(evaluation["test"]["accuracy"].double == report["best"]["accuracy"].double &&
                evaluation["test"]["confusionMatrix"].array.count == 2, sourceLocation: sourceLocation)
        #expect(evaluation["checkpoint"].string == dir.path("\(output)/best.safetensors"), sourceLocation: sourceLocation)
        return report
    }

    @Test func tsPairTrainsEvaluatesAndPredicts() throws {
        let pair = try TinyData.tsPair(dir)
        let report = try trainAndEvaluate(TinyData.classify(dir, data: pair) + ["--validation-fraction", "0.25"])
        #expect(report["source"].string == "Toy (UCR/UEA .ts pair)" && report["features"].int == 6)
        #expect(report["classNames"].array.compactMap(\.string) == ["up", "down"])
        #expect(report["split"].string?.hasSuffix("18 train, 6 validation, 8 test") == true)
        #expect(report["best"]["examples"].int == 8 && report["training"]["steps"].int == 6)
        // The _TRAIN.ts file names the pair as well as its folder.
        let file = try expectJSON(lstm(TinyData.classify(dir, data: dir.path("ts/Toy_TRAIN.ts"), output: "file") + ["--json"]))
        #expect(file["split"].string?.hasSuffix("22 train, 2 validation, 8 test") == true && file["features"].int == 6)

        // predict --file: a labeled .ts file gets scores, an unlabeled one only predictions.
        let labeled = try expectJSON(lstm(["predict", dir.path("run"), "--file", dir.path("ts/Toy_TEST.ts"), "--json"]))
        #expect(labeled["predictions"].array.count == 8 && labeled["scores"]["examples"].int == 8)
        #expect(labeled["predictions"].array.allSatisfy { ["up", "down"].contains($0.string ?? "") })
        #expect(labeled["scores"]["accuracy"].double == report["best"]["accuracy"].double)
        let unlabeled = try dir.write(TinyData.tsFile(cases: 5, labeled: false, first: 40), to: "new.ts")
        let predicted = try expectJSON(lstm(["predict", dir.path("run"), "--file", unlabeled, "--json"]))
        #expect(predicted["predictions"].array.count == 5 && predicted["scores"].isNull && predicted["file"].string == unlabeled)
        let plain = lstm(["predict", dir.path("run"), "--file", unlabeled])
        #expect(plain.status == 0 && plain.output.split(separator: "\n").map { $0.prefix(2) } == ["1\t", "2\t", "3\t", "4\t", "5\t"])

        // What predict refuses: texts, no file, a file with other dimensions or other labels.
        expectOneLineError(lstm(["predict", dir.path("run"), "some", "text"]), "give --file F.ts or F.csv")
        expectOneLineError(lstm(["predict", dir.path("run")]), "give --file F.ts or F.csv")
        let narrow = try dir.write(TinyData.tsFile(cases: 2, labeled: false).replacingOccurrences(of: "@dimensions 6", with: "@dimensions 1")
            .replacingOccurrences(of: "@univariate false", with: "@univariate true")
            .split(separator: "\n").map { $0.hasPrefix("@") || $0.hasPrefix("#") ? String($0) : String($0.split(separator: ":")[0]) }
            .joined(separator: "\n"), to: "narrow.ts")
        expectOneLineError(lstm(["predict", dir.path("run"), "--file", narrow]), "has 1 features per step; the model reads 6")
        let relabeled = try dir.write(TinyData.tsFile(cases: 2, labeled: true).replacingOccurrences(of: "up", with: "left"), to: "other.ts")
        expectOneLineError(lstm(["predict", dir.path("run"), "--file", relabeled]), "left")
        expectOneLineError(lstm(["predict", dir.path("run"), "--file", dir.path("none.ts")]), "none.ts: no such file")
    }

    @Test func longCSVWithColumnsTrainsEvaluatesAndPredicts() throws {
        let data = try TinyData.longCSV(dir)
        let columns = ["--id-column", "seq", "--label-column", "activity", "--time-column", "t", "--features", "x,y"]
        let report = try trainAndEvaluate(TinyData.classify(dir, data: data) + columns + ["--test-fraction", "0.2"])
        #expect(report["source"].string == "labeled sequences (CSV)" && report["features"].int == 2)
        #expect(report["classNames"].array.compactMap(\.string) == ["sit", "walk"])
        #expect(report["split"].string?.hasSuffix("split 70/10/20 (seed 42): 22 train, 2 validation, 6 test") == true)
        // Prediction on a CSV in the training layout (its labels are scored).
        let predicted = try expectJSON(lstm(["predict", dir.path("run"), "--file", data, "--json"]))
        #expect(predicted["predictions"].array.count == 30 && predicted["scores"]["examples"].int == 30)
        // One feature only, and without the time column the rows stay in file order: another model.
        let x = try expectJSON(lstm(TinyData.classify(dir, data: data, output: "x") + ["--id-column", "seq",
                                    "--label-column", "activity", "--features", "x", "--json"]))
        #expect(x["features"].int == 1)
        expectOneLineError(lstm(TinyData.classify(dir, data: data, output: "bad") + ["--id-column", "seq"]), "label")
        #expect(!dir.exists("bad"))
    }

    @Test func wideCSVTrainsAndEvaluates() throws {
        let report = try trainAndEvaluate(TinyData.classify(dir, data: try TinyData.wideCSV(dir)))
        #expect(report["features"].int == 1 && report["split"].string?.hasSuffix("24 train, 4 validation, 2 test") == true)
        #expect(report["classNames"].array.compactMap(\.string) == ["sit", "walk"])
        #expect(report["data"].string == dir.path("wide.csv"))
    }

    @Test func badSequenceDataIsOneLineAndWritesNothing() throws {
        let pair = try TinyData.tsPair(dir)
        try dir.write(TinyData.tsFile(cases: 4, labeled: true).replacingOccurrences(of: "@dimensions 6", with: "@dimensions 5"),
                      to: "bad/Bad_TRAIN.ts")
        try dir.write(TinyData.tsFile(cases: 4, labeled: true), to: "bad/Bad_TEST.ts")
        try dir.write(TinyData.tsFile(cases: 4, labeled: true), to: "alone/Alone_TRAIN.ts")
        try dir.write("label,v1,v2\nup,1,2\nup,2,3\nup,3,4\n", to: "oneclass.csv")
        let cases: [(String, String)] = [
            (dir.path("bad"), "@dimensions 5"),
            (dir.path("alone"), "found 1 *_TRAIN.ts and 0 *_TEST.ts"),
            (dir.path("oneclass.csv"), "split has an empty part"),
            (pair + "/none", "no such file or directory"),
        ]
        for (data, fragment) in cases {
            expectOneLineError(lstm(TinyData.classify(dir, data: data, output: "out")), fragment)
            #expect(!dir.exists("out"), "\(data)")
        }
        // A checkpoint evaluated on data with other features is refused in one line.
        #expect(lstm(TinyData.classify(dir, data: try TinyData.wideCSV(dir))).status == 0)
        expectOneLineError(lstm(["evaluate", dir.path("run"), "--data", pair]), "6 features", "the checkpoint expects 1")
    }

    @Test func builtInDatasetsAndMissingValues() throws {
        let digits = try expectJSON(lstm(["train", "classify", "--dataset", "digits", "--data", TinyData.committed(DigitsDataset.defaultPath),
                                          "--epochs", "1", "--hidden-size", "4", "--batch-size", "256",
                                          "--output", dir.path("digits"), "--json"]))
        #expect(digits["dataset"].string == "digits" && digits["features"].int == 8 && digits["classNames"].array.count == 10)
        let vowels = try expectJSON(lstm(["train", "classify", "--dataset", "vowels", "--data", TinyData.committed("Data/japanese-vowels"),
                                          "--epochs", "1", "--hidden-size", "4", "--batch-size", "128",
                                          "--output", dir.path("vowels"), "--json"]))
        #expect(vowels["dataset"].string == "vowels" && vowels["features"].int == 12 && vowels["best"]["examples"].int == 370)
        // A '?' in a .ts file stops with advice, or its steps are dropped with --drop-missing.
        let gaps = { (text: String) in text.replacingOccurrences(of: ",1.5,", with: ",?,") }
        try dir.write(gaps(TinyData.tsFile(cases: 24, labeled: true)), to: "gaps/Gaps_TRAIN.ts")
        try dir.write(gaps(TinyData.tsFile(cases: 8, labeled: true, first: 24)), to: "gaps/Gaps_TEST.ts")
        expectOneLineError(lstm(TinyData.classify(dir, data: dir.path("gaps"), output: "gaps")), "missing")
        #expect(lstm(TinyData.classify(dir, data: dir.path("gaps"), output: "gaps") + ["--drop-missing"]).status == 0)
    }

    @Test func bidirectionalMeanPoolingAndDropout() throws {
        let arguments = TinyData.classify(dir, data: try TinyData.tsPair(dir)) +
            ["--bidirectional", "--pooling", "mean", "--layers", "2", "--dropout", "0.2", "--json"]
        let report = try expectJSON(lstm(arguments))
        let model = try ClassifyTask.load(URL(fileURLWithPath: dir.path("run")))
        #expect(model.config.pooling == .mean && model.network.config.recurrent.bidirectional)
        #expect(model.network.config.recurrent.layerCount == 2 && model.config.dropout == 0.2)
        let reverse = model.network.namedParameters().map(\.path).filter { $0.contains("reverse") }
        #expect(reverse.count == 8, "\(reverse)")                // 2 layers x (weightIH, weightHH, biasIH, biasHH)
        #expect(report["parameterCount"].int == model.network.parameterCount)
    }
}

/// The Conv1D front-end options (CNN-LSTM): trained, evaluated, reloaded from the checkpoint; bad values.
@Suite struct ClassifyConvCLITests {
    let dir = TemporaryDirectory()

    @Test func convFrontEndTrainsAndRoundTrips() throws {
        let arguments = TinyData.classify(dir, data: try TinyData.tsPair(dir)) +
            ["--conv-channels", "3", "--conv-kernel", "3", "--conv-layers", "2", "--conv-pool", "2", "--json"]
        let report = try expectJSON(lstm(arguments))
        let model = try ClassifyTask.load(URL(fileURLWithPath: dir.path("run")))
        #expect(model.network.config.conv == ConvFrontEndConfig(inputSize: 6, channels: 3, kernelSize: 3, layerCount: 2, pool: 2))
        #expect(model.network.namedParameters().first.map { [$0.path] + [$0.parameter.shape.description] } ==
                ["frontEnd.layers.0.weight", "[3, 6, 3]"])
        #expect(report["parameterCount"].int == model.network.parameterCount)
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluation["test"]["accuracy"].double == report["best"]["accuracy"].double)
        // --conv-channels 0: no front-end (the plain classifier).
        _ = try expectJSON(lstm(TinyData.classify(dir, data: dir.path("ts"), output: "plain") + ["--conv-channels", "0", "--json"]))
        #expect(try ClassifyTask.load(URL(fileURLWithPath: dir.path("plain"))).network.frontEnd == nil)
    }

    @Test func badConvOptionsAreOneLine() throws {
        let base = TinyData.classify(dir, data: try TinyData.tsPair(dir), output: "bad")
        expectOneLineError(lstm(base + ["--conv-kernel", "3"]), "--conv-kernel needs a front-end: give --conv-channels too")
        expectOneLineError(lstm(base + ["--conv-channels", "4", "--conv-kernel", "0"]), "--conv-kernel must be in 1...1024, got 0")
        expectOneLineError(lstm(base + ["--conv-channels", "-2"]), "--conv-channels must be in 1...4096, got -2")
        expectOneLineError(lstm(base + ["--conv-channels", "4", "--conv-pool", "500"]),
                           "--conv-pool 500 is longer than the shortest sequence")
        #expect(!dir.exists("bad"))
    }
}
