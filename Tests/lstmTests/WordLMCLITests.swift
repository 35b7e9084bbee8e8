import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train wordlm`, `lstm evaluate` and `lstm sample` end to end on tiny PTB-style files the test writes.
@Suite struct WordLMCLITests {
    let dir = TemporaryDirectory()

    static let sentences = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog ran",
                            "the mat is on the log", "a dog saw the cat"]

    /// ptb.train.txt (the sentences 4 times), ptb.valid.txt and ptb.test.txt (one with a word never seen).
    func corpus() throws -> String {
        try dir.write(String(repeating: Self.sentences.joined(separator: "\n") + "\n", count: 4), to: "ptb/ptb.train.txt")
        try dir.write("the cat sat on the log\na dog ran\n", to: "ptb/ptb.valid.txt")
        try dir.write("the dog sat on the mat\na zebra ran\n", to: "ptb/ptb.test.txt")
        return dir.path("ptb")
    }

    func train(_ extra: [String] = [], output: String = "run") throws -> JSON {
        try expectJSON(lstm(["train", "wordlm", "--data", try corpus(), "--output", dir.path(output), "--steps", "3",
                             "--batch-size", "2", "--seq-length", "4", "--hidden-size", "8", "--eval-every", "3",
                             "--sample-length", "0"] + extra + ["--json"]))
    }

    @Test func trainEvaluateAndSampleWithEveryOutputLayer() throws {
        for layer in ["full", "class", "huffman"] {
            let report = try train(["--output-layer", layer], output: layer)
            // 12 distinct words + <eos> + <unk>; 4 x (5 sentences of 6, 6, 6, 6, 5 words + <eos>) = 136 words.
            #expect(report["task"].string == "wordlm" && report["outputLayer"].string == layer)
            #expect(report["vocabularySize"].int == 14 && report["words"].int == 136)
            #expect(report["training"]["steps"].int == 3)
            let test = try #require(report["test"]["perplexity"].double)
            #expect(test > 1 && test < 100)
            #expect(report["curve"].array.count == 1)

            // The test perplexity again from the checkpoint alone; the unseen "zebra" is <unk>.
            let evaluation = try expectJSON(lstm(["evaluate", dir.path(layer), "--json"]))
            #expect(evaluation["scores"]["perplexity"].double == test && evaluation["unknownWords"].int == 1)

            let sample = try expectJSON(lstm(["sample", dir.path(layer), "--prime", "the cat", "--length", "12",
                                              "--seed", "3", "--json"]))
            let text = try #require(sample["text"].string)
            let words = text.split(whereSeparator: \.isWhitespace)
            #expect(words.count <= 12 && words.allSatisfy { Self.sentences.joined(separator: " ").contains($0) || $0 == "<unk>" })
            #expect(try expectJSON(lstm(["sample", dir.path(layer), "--prime", "the cat", "--length", "12",
                                         "--seed", "3", "--json"]))["text"].string == text)
        }
    }

    @Test func badInputIsAOneLineError() throws {
        _ = try train()
        let run = dir.path("run")
        expectOneLineError(lstm(["sample", run, "--prime", "the zebra"]), "--prime word \"zebra\" is not in the model's vocabulary")
        try dir.write("\n\n", to: "empty.txt")
        expectOneLineError(lstm(["evaluate", run, "--data", dir.path("empty.txt")]), "empty.txt")
        expectOneLineError(lstm(["evaluate", run, "--data", dir.path("missing.txt")]), "missing.txt: no such file")
        // The per-epoch decay is the schedule: another schedule with it would be silently ignored.
        expectOneLineError(lstm(["train", "wordlm", "--data", dir.path("."), "--schedule", "cosine", "--output", dir.path("cos")]),
                           "--lr-decay", "--schedule cosine")
        #expect(!FileManager.default.fileExists(atPath: dir.path("cos")))
        expectOneLineError(lstm(["predict", run, "some text"]), "is a wordlm checkpoint; use `lstm sample`")
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path("."))
        expectOneLineError(lstm(["train", "wordlm", "--train", dir.path("empty.txt"), "--valid", dir.path("empty.txt"),
                                 "--test", dir.path("empty.txt"), "--output", dir.path("never"), "--steps", "1"]), "empty.txt")
        expectOneLineError(lstm(["train", "wordlm", "--data", dir.path("ptb"), "--output", dir.path("never"),
                                 "--output-layer", "class", "--tie-embeddings"]), "--tie-embeddings applies to the full softmax only")
        expectOneLineError(lstm(["train", "wordlm", "--data", dir.path("ptb"), "--output", dir.path("never"),
                                 "--lr-decay", "0"]), "--lr-decay must be in (0, 1]")
        expectOneLineError(lstm(["train", "wordlm", "--data", dir.path("ptb"), "--output", dir.path("never"),
                                 "--hidden-size", "0"]), "--hidden-size must be at least 1, got 0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path(".")).sorted() == before.sorted())
    }

    @Test(arguments: ["class-softmax", "fast-class-softmax", "huffman-softmax", "fast-huffman-softmax"])
    func gradcheckChecksBothPathsOfBothOutputLayers(_ name: String) throws {
        let (setup, rows) = try GradcheckCommand.check(name, seed: 0)
        #expect(setup.summary.contains(name.hasPrefix("fast-") ? "target-only path" : "reference"))
        #expect(rows.map(\.name) == (name.hasSuffix("class-softmax")
            ? ["input h", "classWeight", "classBias", "wordWeight", "wordBias"] : ["input h", "nodeWeight", "nodeBias"]))
        #expect(rows.allSatisfy { $0.result.passed && $0.result.checkedCount > 0 && $0.result.maxAbsoluteError < 1e-6 })
    }

    @Test func presetsAreZarembasAndOptionsOverrideThem() throws {
        let small = WordLMConfig.preset(.small), medium = WordLMConfig.preset(.medium)
        #expect(small.model.hiddenSize == 200 && small.model.layerCount == 2 && small.model.dropout == 0)
        #expect(small.training.epochs == 13 && small.training.batchSize == 20 && small.seqLength == 20)
        #expect(small.training.optimizer == .sgd && small.training.learningRate == 1 && small.training.clipNorm == 5)
        #expect((0..<7).map { small.learningRate(epoch: $0) } == [1, 1, 1, 1, 0.5, 0.25, 0.125])
        // Zaremba's lr 1 and clip 5 act on the loss summed over the 20 steps: x 20 and / 20 on the per-word mean.
        #expect(small.sumOverTime && small.effectiveTraining.learningRate == 20 && small.effectiveTraining.clipNorm == 0.25)
        var perWord = small
        perWord.sumOverTime = false
        #expect(perWord.effectiveTraining == perWord.training)
        #expect(medium.model.hiddenSize == 650 && medium.model.dropout == 0.5 && medium.training.epochs == 39)
        #expect(medium.seqLength == 35 && medium.learningRate(epoch: 5) == 1 && medium.learningRate(epoch: 6) == 0.8)
        let command = try TrainWordLMCommand.parse(["--preset", "medium", "--hidden-size", "100", "--epochs", "2",
                                                    "--tie-embeddings", "--variational-dropout"])
        let config = try command.makeConfig()
        #expect(config.model.hiddenSize == 100 && config.model.embeddingSize == 100 && config.training.epochs == 2)
        #expect(config.model.dropout == 0.5 && config.model.tieEmbeddings && config.model.variationalDropout)
    }
}
