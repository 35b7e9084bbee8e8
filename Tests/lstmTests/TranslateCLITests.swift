import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// A synthetic parallel corpus: "German" number words translated word by word into English number words,
/// with a sentence-final "." (a toy task a tiny encoder-decoder learns in a few seconds, so BLEU can be checked).
enum TinyParallel {
    static let words = [("eins", "one"), ("zwei", "two"), ("drei", "three"), ("vier", "four"), ("fünf", "five"),
                        ("sechs", "six")]

    /// `count` pairs of 2...4 words, drawn from `seed`; the English side starts with a capital letter.
    static func pairs(_ count: Int, seed: UInt64) -> [(String, String)] {
        let rng = RandomSource(seed: seed)
        return (0..<count).map { _ in
            let picks = (0..<(2 + rng.int(in: 0..<3))).map { _ in words[rng.int(in: 0..<words.count)] }
            let english = picks.map(\.1).joined(separator: " ") + "."
            return (picks.map(\.0).joined(separator: " ") + ".", english.prefix(1).uppercased() + english.dropFirst())
        }
    }

    /// train (240 pairs), val (30) and test_2016_flickr (30) in `folder` of `dir`, as plain (not gzip'd) files.
    static func corpus(_ dir: TemporaryDirectory, folder: String = "corpus") throws -> String {
        for (split, count, seed) in [("train", 240, 1), ("val", 30, 2), ("test_2016_flickr", 30, 3)] {
            let pairs = Self.pairs(count, seed: UInt64(seed))
            try dir.write(pairs.map(\.0).joined(separator: "\n") + "\n", to: "\(folder)/\(split).de")
            try dir.write(pairs.map(\.1).joined(separator: "\n") + "\n", to: "\(folder)/\(split).en")
        }
        return dir.path(folder)
    }

    /// `train translate` on `data`: a tiny model (embedding 16, encoder 16 per direction, decoder 32), 8 epochs.
    static func train(_ dir: TemporaryDirectory, data: String, output: String = "run") -> [String] {
        ["train", "translate", "--data", data, "--output", dir.path(output), "--embedding-size", "16",
         "--encoder-hidden-size", "16", "--decoder-hidden-size", "32", "--batch-size", "16", "--epochs", "8",
         "--learning-rate", "0.01", "--dropout", "0", "--label-smoothing", "0", "--min-frequency", "1",
         "--beam-width", "3"]
    }
}

/// `lstm train translate` on a synthetic corpus, then `lstm translate` and `lstm evaluate` on the checkpoint.
@Suite struct TranslateCLITests {
    let dir = TemporaryDirectory()

    @Test func trainsTranslatesAndEvaluates() throws {
        let data = try TinyParallel.corpus(dir)
        let report = try expectJSON(lstm(TinyParallel.train(dir, data: data) + ["--json"]))
        #expect(report["task"].string == "translate" && report["languages"].string == "de-en")
        #expect(report["train"].int == 240 && report["validation"].int == 30)
        // <pad> <unk> <bos> <eos>, six words and "."
        #expect(report["sourceVocabularySize"].int == 11 && report["targetVocabularySize"].int == 11)
        #expect(report["training"]["epochs"].int == 8 && report["training"]["steps"].int == 8 * 15)
        #expect(report["training"]["monitor"].string?.contains("bleu") == true)
        #expect((report["tokensPerSecond"].double ?? 0) > 0)
        // The toy task is learned: far above the BLEU of unrelated words (a few points at most).
        let greedy = try #require(report["test"]["greedy"]["cased"]["score"].double)
        let beam = try #require(report["test"]["beam"]["cased"]["score"].double)
        #expect(greedy > 60 && beam > 60, "greedy \(greedy), beam \(beam)")
        #expect(report["test"]["signature"].string == "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp")

        // lstm evaluate re-scores test2016 from the checkpoint alone: the same numbers.
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluation["test"]["greedy"]["cased"]["score"].double == greedy)
        #expect(evaluation["test"]["beam"]["cased"]["score"].double == beam)

        // The checkpoint loaded from Swift translates exactly as the CLI does.
        let model = try TranslateTask.load(URL(fileURLWithPath: dir.path("run")))
        let sentences = ["zwei drei eins.", "sechs fünf."]
        for width in [1, 3] {
            let cli = try expectJSON(lstm(["translate", dir.path("run")] + sentences + ["--beam", "\(width)", "--json"]))
            let swift = try sentences.map { try model.translate($0, beamWidth: width) }
            #expect(cli["translations"].array.compactMap { $0["text"].string } == swift.map(\.text))
            #expect(cli["translations"].array.count == 2)
        }
        #expect(try model.translate("zwei drei eins.").text == "Two three one.")
        let plain = lstm(["translate", dir.path("run"), "zwei drei eins."])
        #expect(plain.status == 0 && plain.output == "Two three one.\n")
    }

    @Test func attentionMapsAsTextAndSVG() throws {
        let data = try TinyParallel.corpus(dir)
        #expect(lstm(TinyParallel.train(dir, data: data)).status == 0)
        let svg = dir.path("map.svg")
        let run = lstm(["translate", dir.path("run"), "eins zwei.", "--attention", "--attention-svg", svg])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        // The translation, the header of source tokens, one row per target token (with <eos>), the legend.
        #expect(lines.first == "One two.")
        #expect(lines[1].hasSuffix("eins zwei . <eos>"))
        #expect(lines.dropFirst(2).prefix(4).map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first }
                == ["one", "two", ".", "<eos>"])
        #expect(lines.count == 7 && lines.last!.contains("░ >= 0.1"))
        let image = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(image.hasPrefix("<svg") && image.hasSuffix("</svg>\n"))
        #expect(image.components(separatedBy: "<rect x=").count - 1 == 4 * 4)
        #expect(image.contains("&lt;eos&gt;") && !image.contains("<eos>"))
    }

    /// `--help` states the defaults of `TranslateConfig` (the numbers docs/apps/translate.md quotes).
    @Test func helpStatesTheDefaults() {
        let help = lstm(["train", "translate", "--help"]).output.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ").joined(separator: " ")
        let c = TranslateConfig()
        #expect(help.contains("embedding \(c.embeddingSize), bidirectional LSTM encoder \(c.encoderHiddenSize) per direction"))
        #expect(help.contains("LSTM decoder \(c.decoderHiddenSize) with general attention") && c.attention == .general)
        #expect(help.contains("dropout \(c.dropout), label smoothing \(c.labelSmoothing), Adam \(c.training.learningRate)"))
        #expect(help.contains("batch \(c.training.batchSize) (bucketed by length), clip norm 1, \(c.training.epochs!) epochs, beam width \(c.beamWidth)"))
        #expect(help.contains("256 for translate"))
    }

    @Test func badInputIsOneLine() throws {
        let data = try TinyParallel.corpus(dir)
        try dir.write("eins.\nzwei.\n", to: "short/train.de")
        try dir.write("One.\n", to: "short/train.en")
        let base = ["train", "translate", "--output", dir.path("out"), "--epochs", "1"]
        let cases: [([String], [String])] = [
            (["--data", dir.path("short")], ["train.de:2", "no partner", "train.en has only 1 lines"]),
            (["--data", dir.path("missing")], ["data folder", "missing", "does not exist"]),
            (["--data", data, "--source", "xx"], ["--source", "unknown language code 'xx'"]),
            (["--data", data, "--target", "fr"], ["train.fr.gz", "no such file"]),
            (["--data", data, "--target", "de"], ["--target must differ"]),
            (["--data", data, "--beam-width", "0"], ["--beam-width must be at least 1"]),
            (["--data", data, "--label-smoothing", "1"], ["--label-smoothing"]),
            (["--data", data, "--validation-fraction", "0.2"], ["--validation-fraction", "own val split"]),
        ]
        for (options, fragments) in cases {
            let run = lstm(base + options)
            for fragment in fragments { expectOneLineError(run, fragment) }
            #expect(!dir.exists("out"), "\(options)")
        }

        // Checkpoints: another task's, a missing one; an empty sentence.
        #expect(lstm(try TinyData.textgen(dir, output: "textgen")).status == 0)
        expectOneLineError(lstm(["translate", dir.path("textgen"), "eins."]), "a 'textgen' checkpoint",
                           "`lstm train translate`")
        expectOneLineError(lstm(["translate", dir.path("none"), "eins."]), "no such file")
        #expect(lstm(TinyParallel.train(dir, data: data).setting("--epochs", "1")).status == 0)
        expectOneLineError(lstm(["translate", dir.path("run"), "eins.", "  "]), "the sentence \"  \" has no words")
        expectOneLineError(lstm(["translate", dir.path("run")]), "give sentences to translate")
        expectOneLineError(lstm(["translate", dir.path("run"), "eins.", "--beam", "0"]), "--beam must be at least 1")
        expectOneLineError(lstm(["predict", dir.path("run"), "eins."]), "use `lstm translate`")
    }

    /// `TaskCheckpoint.load` gives the typed model; damaged vocabularies and configs are one-line errors.
    @Test func checkpointLoadsAsItsTypedModelAndDamageIsOneLine() throws {
        let data = try TinyParallel.corpus(dir)
        #expect(lstm(TinyParallel.train(dir, data: data).setting("--epochs", "1")).status == 0)
        guard case .translate(let model) = try TaskCheckpoint.load(dir.path("run")) else {
            Issue.record("translate checkpoint loaded as another task"); return
        }
        #expect(model.config.source == "de" && model.vocabularies.target.count == 11 && model.network.config.embeddingSize == 16)
        #expect(throws: TaskError.self) { try SentimentTask.load(URL(fileURLWithPath: dir.path("run/best.safetensors"))) }

        let url = URL(fileURLWithPath: dir.path("run/best.safetensors"))
        var file = try SafeTensors(contentsOf: url)
        let text = try #require(file.metadata["lstmkit.config"])
        file.metadata["lstmkit.config"] = text.replacingOccurrences(of: "\"beamWidth\":3", with: "\"beamWidth\":0")
        try #require(file.metadata["lstmkit.config"] != text)
        try file.write(to: url)
        expectOneLineError(lstm(["translate", dir.path("run"), "eins."]), "config field beamWidth must be at least 1, got 0")
        file.metadata["lstmkit.config"] = text
        file.metadata["lstmkit.attachment.vocabularies"] = nil
        try file.write(to: url)
        expectOneLineError(lstm(["translate", dir.path("run"), "eins."]), "its vocabularies is missing or damaged")
    }
}
