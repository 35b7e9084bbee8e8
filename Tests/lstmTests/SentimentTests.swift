import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

@Suite struct SentimentTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-sentiment-\(UUID())")

    /// A tiny corpus: 10 positive and 10 negative sentences (or the given file texts).
    func corpus(_ name: String, positive: String? = nil, negative: String? = nil) throws -> String {
        let dir = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pos = (0..<10).map { "a great , warm film number \($0) ." }.joined(separator: "\n") + "\n"
        let neg = (0..<10).map { "a dull , boring mess number \($0) ." }.joined(separator: "\n") + "\n"
        try Data((positive ?? pos).utf8).write(to: dir.appendingPathComponent("rt-polarity.pos"))
        try Data((negative ?? neg).utf8).write(to: dir.appendingPathComponent("rt-polarity.neg"))
        return dir.path
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as CLIError { return error.message } catch { return "\(error)" }
    }

    let tiny = ["--embedding-size", "8", "--hidden-size", "4", "--epochs", "1", "--batch-size", "4"]

    @Test func parsesDefaultsAndOptions() throws {
        let c = try TrainSentimentCommand.parse([])
        #expect(c.data == "Data/mr-sentence-polarity" && c.output == "runs/sentiment")
        #expect(c.pooling == .max && c.embeddingSize == 300 && c.hiddenSize == 150 && c.common.seed == 0)
        let d = try TrainSentimentCommand.parse(["--pooling", "attention", "--dropout", "0.3", "--seed", "4", "--json"])
        #expect(d.pooling == .attention && d.dropout == 0.3 && d.common.seed == 4 && d.common.json)
        #expect(throws: (any Error).self) { _ = try TrainSentimentCommand.parse(["--pooling", "last"]) }
        #expect(throws: (any Error).self) { _ = try TrainSentimentCommand.parse(["--dropout", "1"]) }
    }

    @Test func trainsThenPredictsAndEvaluates() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try corpus("ok")
        let out = root.appendingPathComponent("run").path
        try TrainSentimentCommand.parse(["--data", data, "--output", out] + tiny).run()
        let best = out + "/best.safetensors"
        #expect(FileManager.default.fileExists(atPath: best))
        #expect(FileManager.default.fileExists(atPath: out + "/last.safetensors"))

        let info = try TaskCheckpoint.info(at: out, expected: ["sentiment"], command: "predict")
        #expect(info.userEntries["data"] == data)
        let (model, vocabulary, config) = try SentimentTask.loadModel(URL(fileURLWithPath: best), info: info)
        #expect(config.model.vocabularySize == vocabulary.count && config.classCounts == [10, 10])
        #expect(model.probabilities([SentimentText.encode("a great film", vocabulary)]).shape == [1, 2])

        try PredictCommand.parse([out, "A great film!", "a dull mess", "--json"]).run()
        let file = root.appendingPathComponent("sentences.txt")
        try Data("a great film\n\n  a boring mess \n".utf8).write(to: file)
        try PredictCommand.parse([best, "--file", file.path]).run()
        try EvaluateCommand.parse([out]).run()
        try EvaluateCommand.parse([best, "--json"]).run()
    }

    @Test func badInputIsAOneLineErrorAndWritesNothing() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("never").path
        let run = { (args: [String]) in self.message { try TrainSentimentCommand.parse(args + ["--output", out] + self.tiny).run() } }
        #expect(run(["--data", root.appendingPathComponent("nope").path])?.contains("no such directory") == true)
        let noNeg = try corpus("noneg")
        try FileManager.default.removeItem(atPath: noNeg + "/rt-polarity.neg")
        #expect(run(["--data", noNeg])?.contains("rt-polarity.neg: no such file") == true)
        let empty = try corpus("empty", positive: "\n")
        #expect(run(["--data", empty])?.contains("is empty") == true)
        let blank = try corpus("blank", negative: "bad\n\nworse\n")
        #expect(run(["--data", blank])?.contains("line 2: empty line") == true)
        let few = try corpus("few", positive: "good\n", negative: "bad\n")
        #expect(run(["--data", few])?.contains("too few sentences") == true)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func predictRejectsWrongTaskCheckpointsAndEmptySentences() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let other = root.appendingPathComponent("textgen.safetensors")
        try Checkpoint.save(Linear<Float>(inputSize: 2, outputSize: 1), to: other, userMetadata: ["task": "textgen"])
        let wrong = message { try PredictCommand.parse([other.path, "good"]).run() }
        #expect(wrong?.contains("'textgen' checkpoint") == true && wrong?.contains("lstm sample") == true)
        #expect(message { try PredictCommand.parse([root.appendingPathComponent("x.safetensors").path, "a"]).run() }?
            .contains("no such file") == true)

        let data = try corpus("ok")
        let out = root.appendingPathComponent("run").path
        try TrainSentimentCommand.parse(["--data", data, "--output", out] + tiny).run()
        #expect(message { try PredictCommand.parse([out, "fine", "  "]).run() } == "sentence 2 is empty (it has no words to classify)")
        #expect(message { try PredictCommand.parse([out]).run() }?.contains("at least one sentence") == true)
        let blank = root.appendingPathComponent("blank.txt")
        try Data("\n \n".utf8).write(to: blank)
        #expect(message { try PredictCommand.parse([out, "--file", blank.path]).run() }?.contains("no sentences") == true)
        #expect(message { try PredictCommand.parse([out, "--file", root.path + "/missing.txt"]).run() }?
            .contains("no such file") == true)
    }
}
