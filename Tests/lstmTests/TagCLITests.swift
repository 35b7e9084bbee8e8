import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// Tiny tagging folders: sentences of a toy grammar with the POS of every word and IOB2 noun/verb chunks.
enum TinyTagging {
    static let determiners = ["the", "a", "every", "this"], adjectives = ["big", "small", "red", "old", "happy"]
    static let nouns = ["dog", "cat", "man", "house", "idea", "bird", "car"], verbs = ["sees", "likes", "takes", "finds"]

    /// `count` sentences "DT (JJ) NN VBZ DT (JJ) NN ." as (word, POS, chunk) rows, seeded.
    static func sentences(_ count: Int, seed: UInt64) -> [[(String, String, String)]] {
        let rng = RandomSource(seed: seed)
        func pick(_ words: [String]) -> String { words[rng.int(in: 0..<words.count)] }
        func nounPhrase() -> [(String, String, String)] {
            var phrase = [(pick(determiners), "DT", "B-NP")]
            if rng.int(in: 0..<2) == 0 { phrase.append((pick(adjectives), "JJ", "I-NP")) }
            phrase.append((pick(nouns), "NN", "I-NP"))
            return phrase
        }
        return (0..<count).map { _ in
            var s = nounPhrase() + [(pick(verbs), "VBZ", "B-VP")] + nounPhrase()
            if rng.int(in: 0..<3) == 0 { s[0].0 = s[0].0.capitalized }
            return s + [(".", ".", "O")]
        }
    }

    /// The CoNLL text of `sentences` with the chosen columns (0 word, 1 POS, 2 chunk).
    static func text(_ sentences: [[(String, String, String)]], columns: [Int]) -> String {
        sentences.map { s in
            s.map { row in columns.map { [row.0, row.1, row.2][$0] }.joined(separator: " ") }.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// A folder `name` with train (160), validation (10) and test (20) files of those columns.
    static func folder(_ dir: TemporaryDirectory, _ name: String, columns: [Int], validation: Bool = true) throws -> String {
        try dir.write(text(sentences(160, seed: 1), columns: columns), to: "\(name)/train.txt")
        if validation { try dir.write(text(sentences(10, seed: 2), columns: columns), to: "\(name)/dev.txt") }
        try dir.write(text(sentences(20, seed: 3), columns: columns), to: "\(name)/test.txt")
        return dir.path(name)
    }

    /// `train tag` with a tiny model: words 8, characters 4 x 2, BiLSTM 12 x 2, lr 0.02, 8 epochs of 10 steps.
    static func train(_ dir: TemporaryDirectory, data: String, output: String = "run") -> [String] {
        ["train", "tag", "--data", data, "--output", dir.path(output), "--embedding-size", "8", "--feature-size", "4",
         "--char-embedding-size", "4", "--char-hidden-size", "4", "--hidden-size", "12", "--dropout", "0.1",
         "--learning-rate", "0.02", "--epochs", "8", "--batch-size", "16", "--patience", "0", "--seed", "1"]
    }
}

/// `lstm train tag` on plain tags and on chunks with a feature column, `lstm tag` and `lstm evaluate` on the
/// checkpoints, the Swift API equal to the CLI, and the errors of bad folders, files and sentences.
@Suite struct TagCLITests {
    let dir = TemporaryDirectory()

    @Test func learnsPartsOfSpeechAndTagsSentences() throws {
        let data = try TinyTagging.folder(dir, "pos", columns: [0, 1])
        let report = try expectJSON(lstm(TinyTagging.train(dir, data: data) + ["--json"]))
        #expect(report["task"].string == "tag" && report["training"]["monitor"].string == "validation accuracy")
        #expect(report["training"]["steps"].int == 80 && report["best"]["f1"].isNull)
        let accuracy = try #require(report["best"]["accuracy"].double)
        #expect(accuracy >= 0.97, "test accuracy \(accuracy)")
        #expect(report["best"]["tokens"].int == TinyTagging.sentences(20, seed: 3).joined().count)

        // The CLI's tags, the Swift API's tags, and the evaluation of the checkpoint on its own test file.
        let tagged = try expectJSON(lstm(["tag", dir.path("run"), "The red cat finds a dog .", "--json"]))
        let tags = tagged["words"].array.compactMap { $0["tag"].string }
        #expect(tags == ["DT", "JJ", "NN", "VBZ", "DT", "NN", "."])
        guard case .tag(let model) = try TaskCheckpoint.load(dir.path("run")) else {
            Issue.record("the tag checkpoint loaded as another task"); return
        }
        #expect(try model.tag("The red cat finds a dog .").map(\.tag) == tags && model.scheme == nil)
        let unknown = try model.tag("a zorblax sees the cat .")
        #expect(unknown.map(\.known) == [true, false, true, true, true, true], "\(unknown)")
        let evaluation = try expectJSON(lstm(["evaluate", dir.path("run"), "--json", "--predictions", dir.path("pred.txt")]))
        let rows = try dir.lines("pred.txt")
        #expect(rows.count == TinyTagging.sentences(20, seed: 3).joined().count && rows.first?.hasPrefix("\(TinyTagging.sentences(20, seed: 3)[0][0].0) DT ") == true)
        let right = rows.filter { let f = $0.split(separator: " "); return f.count == 3 && f[1] == f[2] }.count
        #expect(Double(right) / Double(rows.count) == accuracy)

        #expect(evaluation["test"]["accuracy"].double == accuracy)
        #expect(evaluation["test"]["loss"].double == report["best"]["loss"].double)
        // Text output: one "word  TAG" line per word.
        let plain = lstm(["tag", dir.path("run"), "a dog ."])
        #expect(plain.status == 0 && plain.output.split(separator: "\n").map { $0.split(separator: " ").last ?? "" } == ["DT", "NN", "."])
    }

    @Test func learnsChunksWithThePOSColumnWithAndWithoutCRF() throws {
        let data = try TinyTagging.folder(dir, "chunk", columns: [0, 1, 2], validation: false)
        var parameters: [Int] = []
        for crf in [true, false] {
            let run = crf ? "crf" : "softmax"
            let report = try expectJSON(lstm(TinyTagging.train(dir, data: data, output: run) + (crf ? [] : ["--no-crf"]) + ["--json"]))
            #expect(report["training"]["monitor"].string == "validation f1")
            let f1 = try #require(report["best"]["f1"].double)
            #expect(f1 >= 0.95, "\(run): test F1 \(f1)")
            #expect(report["best"]["byType"]["NP"]["gold"].int == 40 && report["best"]["byType"]["VP"]["gold"].int == 20)
            #expect(report["summary"].string?.contains("IOB2 chunk tags (4); 1 feature column") == true)
            parameters.append(report["parameterCount"].int ?? 0)
        }
        let tagged = try expectJSON(lstm(["tag", dir.path("crf"), "the|DT old|JJ man|NN likes|VBZ a|DT bird|NN .|.", "--json"]))
        #expect(tagged["words"].array.compactMap { $0["tag"].string } == ["B-NP", "I-NP", "I-NP", "B-VP", "B-NP", "I-NP", "O"])
        expectOneLineError(lstm(["tag", dir.path("crf"), "the old man"]), "word \"the\"", "1 extra column", "word|TAG")
        // Another folder with the same columns scores; one without the POS column is refused.
        let other = try TinyTagging.folder(dir, "other", columns: [0, 1, 2])
        #expect(try expectJSON(lstm(["evaluate", dir.path("crf"), "--data", other, "--json"]))["test"]["f1"].double != nil)
        let bare = try TinyTagging.folder(dir, "bare", columns: [0, 2])
        expectOneLineError(lstm(["evaluate", dir.path("crf"), "--data", bare]), "has 0 feature column(s), the model reads 1")
        // One file: split 80 / 10 / 10 by the split seed; `lstm evaluate` scores the same test part.
        let one = try dir.write(TinyTagging.text(TinyTagging.sentences(50, seed: 4), columns: [0, 1, 2]), to: "one.conll")
        let single = try expectJSON(lstm(TinyTagging.train(dir, data: one, output: "one") + ["--epochs", "1", "--json"]))
        #expect(single["summary"].string?.hasPrefix("train 40 sentences / ") == true)
        #expect(single["summary"].string?.contains("validation 5 sentences") == true && single["best"]["sentences"].int == 5)
        let again = try expectJSON(lstm(["evaluate", dir.path("one"), "--json"]))
        #expect(again["data"].string == one + " (test part)" && again["test"]["f1"].double == single["best"]["f1"].double)
        expectOneLineError(lstm(TinyTagging.train(dir, data: one) + ["--test-fraction", "0.95"]), "--test-fraction must be in (0, 1)")
        // --no-features trains on the words alone.
        let words = try expectJSON(lstm(TinyTagging.train(dir, data: data, output: "words") + ["--no-features", "--epochs", "1", "--json"]))
        // (the CRF's 4 x 4 + 2 x 4 transitions and the POS vectors are the differences)
        #expect(parameters[0] - parameters[1] == 24)
        let posVectors = 4 * (2 + 5), inputWeights = 4 * 4 * 12 * 2      // <pad>, <unk> and 5 POS tags; 4 gates x 4 inputs x 12 x 2 directions
        #expect((words["parameterCount"].int ?? 0) == parameters[0] - posVectors - inputWeights)
    }

    @Test func badFoldersFilesAndSentencesAreOneLine() throws {
        let run = TinyTagging.train(dir, data: dir.path("none"))
        expectOneLineError(lstm(run), "none: no such file or folder")
        try dir.write("a DT\n", to: "notest/train.txt")
        expectOneLineError(lstm(TinyTagging.train(dir, data: dir.path("notest"))), "has no test file (test.txt")
        try dir.write("a DT\n\nthe\n", to: "ragged/train.txt")
        try dir.write("a DT\n", to: "ragged/test.txt")
        expectOneLineError(lstm(TinyTagging.train(dir, data: dir.path("ragged"))), "ragged/train.txt:3", "has 1 column")
        try dir.write("a\nb\n", to: "onecolumn/train.txt")
        try dir.write("a\n", to: "onecolumn/test.txt")
        expectOneLineError(lstm(TinyTagging.train(dir, data: dir.path("onecolumn"))), "onecolumn/train.txt:1", "no tag column")
        let chunks = try TinyTagging.folder(dir, "chunk", columns: [0, 2])
        expectOneLineError(lstm(TinyTagging.train(dir, data: chunks) + ["--scheme", "iob1"]), "train.txt:1",
                           "in IOB1, B-NP only starts a chunk right after another NP chunk")
        expectOneLineError(lstm(TinyTagging.train(dir, data: chunks) + ["--scheme", "bilou"]), "'bilou' is invalid for '--scheme")
        #expect(try TrainTagCommand.parse(["--scheme", "BIO"]).makeConfig().scheme == .iob2)
        #expect(try TrainTagCommand.parse(["--scheme", "bioes"]).makeConfig().scheme == .iobes)
        try dir.write("x I-NP\ny B-VP\n", to: "mixed/train.txt")
        try dir.write("x I-NP\n", to: "mixed/test.txt")
        expectOneLineError(lstm(TinyTagging.train(dir, data: dir.path("mixed"))), "mix IOB1 and IOB2", "--scheme")
        try dir.write("a DT x\n", to: "columns/train.txt")
        try dir.write("a DT\n", to: "columns/test.txt")
        expectOneLineError(lstm(TinyTagging.train(dir, data: dir.path("columns")) + ["--scheme", "none"]),
                           "test.txt has 2 columns per token", "has 3")
        expectOneLineError(lstm(TinyTagging.train(dir, data: chunks) + ["--char-hidden-size", "-1"]), "--char-hidden-size must be at least 0")
        expectOneLineError(lstm(TinyTagging.train(dir, data: chunks) + ["--unknown-replacement", "2"]), "--unknown-replacement must be in [0, 1]")
        #expect(!dir.exists("run"))

        // `lstm tag` on another task's checkpoint, without sentences, on an empty sentence.
        #expect(lstm(try TinyData.textgen(dir, output: "textgen")).status == 0)
        expectOneLineError(lstm(["tag", dir.path("textgen"), "a dog"]), "is a textgen checkpoint", "lstm train tag")
        expectOneLineError(lstm(["evaluate", dir.path("textgen"), "--predictions", dir.path("p.txt")]),
                           "--predictions applies to tag checkpoints only")
        #expect(!dir.exists("p.txt"))
        let pos = try TinyTagging.folder(dir, "pos", columns: [0, 1])
        #expect(lstm(TinyTagging.train(dir, data: pos, output: "pos") + ["--epochs", "1"]).status == 0)
        expectOneLineError(lstm(["tag", dir.path("pos")]), "give sentences to tag")
        let empty = lstm(["tag", dir.path("pos"), "  "])
        expectOneLineError(empty, "the sentence \"  \" has no words")
        #expect(!empty.error.contains("--sentence"))
        expectOneLineError(lstm(["predict", dir.path("pos"), "a dog"]), "is a tag checkpoint; use `lstm tag`")
    }
}
