import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm train sst` on a tiny treebank the test writes (SST itself is under a research licence and never in
/// the repository): both models, both settings, `lstm evaluate` on the checkpoint, and bad input.
@Suite struct SSTCLITests {
    let dir = TemporaryDirectory()

    /// Three-word sentences `(root (w1) (2 (w2) (w3)))`: one sentiment word among neutral ones, the root and the
    /// phrases labeled by it; `count` trees cycling through the words, some with neutral roots.
    static func treebank(_ count: Int, offset: Int = 0) -> String {
        let sentiment = [("awful", 0), ("bad", 1), ("good", 3), ("great", 4), ("plain", 2)]
        let neutral = ["the", "film", "plot", "story"]
        return (0..<count).map { k in
            let (word, label) = sentiment[(k + offset) % sentiment.count]
            let a = neutral[k % 4], b = neutral[(k + 1) % 4]
            return k % 2 == 0 ? "(\(label) (\(label) \(word)) (2 (2 \(a)) (2 \(b))))"
                              : "(\(label) (2 (2 \(a)) (2 \(b))) (\(label) \(word)))"
        }.joined(separator: "\n") + "\n"
    }

    func writeTreebank() throws -> String {
        try dir.write(Self.treebank(20), to: "sst/train.txt")
        try dir.write(Self.treebank(5, offset: 1), to: "sst/dev.txt")
        try dir.write(Self.treebank(10, offset: 2), to: "sst/test.txt")
        return dir.path("sst")
    }

    func train(_ data: String, _ options: [String]) -> [String] {
        ["train", "sst", "--data", data, "--embedding-size", "6", "--hidden-size", "5", "--batch-size", "4",
         "--epochs", "2", "--json"] + options
    }

    @Test func bothModelsTrainAndEvaluateInBothSettings() throws {
        let data = try writeTreebank()
        for (model, classes) in [("tree", 5), ("tree", 2), ("bilstm", 5), ("bilstm", 2)] {
            let run = dir.path("\(model)-\(classes)")
            let report = try expectJSON(lstm(train(data, ["--model", model, "--classes", "\(classes)", "--output", run])))
            #expect(report["task"].string == "sst" && report["model"].string == model && report["classes"].int == classes)
            // Binary drops the neutral roots ("plain"): 16 of 20, 4 of 5, 8 of 10.
            let split = classes == 5 ? [20, 5, 10] : [16, 4, 8]
            #expect([report["split"]["train"].int, report["split"]["validation"].int, report["split"]["test"].int] == split)
            #expect(report["best"]["classes"].array.count == classes)
            #expect(report["training"]["steps"].int == 2 * ((split[0] + 3) / 4))
            #expect((report["bestPhraseAccuracy"].double != nil) == (model == "tree"))
            let evaluation = try expectJSON(lstm(["evaluate", run, "--json"]))
            #expect(evaluation["test"]["accuracy"].double == report["best"]["accuracy"].double)
            #expect(evaluation["test"]["examples"].int == split[2])
        }
    }

    @Test func badTreesAndOptionsAreOneLineErrors() throws {
        let data = try writeTreebank()
        try dir.write("(3 (2 It) (4 good))\n(1 (2 a) (0 b)\n", to: "sst/dev.txt")
        expectOneLineError(lstm(train(data, ["--output", dir.path("bad")])), "dev.txt:2: column 15: unbalanced brackets")
        try dir.write("(3 (2 It) (4 good))\n(1 (2 a) (0 ))\n", to: "sst/dev.txt")
        expectOneLineError(lstm(train(data, ["--output", dir.path("bad")])), "dev.txt:2: column 13: empty leaf")
        try dir.write("(3 (2 It) (4 good))\n(x (2 a) (0 b))\n", to: "sst/dev.txt")
        expectOneLineError(lstm(train(data, ["--output", dir.path("bad")])), "dev.txt:2: column 2: missing label")
        try dir.write("(3 (2 It) (4 good)) more\n", to: "sst/dev.txt")
        expectOneLineError(lstm(train(data, ["--output", dir.path("bad")])), "dev.txt:1: column 21: text after the tree")
        #expect(!dir.exists("bad"))
        expectOneLineError(lstm(train(data, ["--classes", "3"])), "--classes", "5 (fine-grained) or 2 (binary)")
        expectOneLineError(lstm(train(dir.path("nowhere"), [])), "--data", "no such folder")
    }

    @Test func gradcheckEntriesPass() {
        for name in ["tree-lstm-childsum", "tree-lstm-binary"] {
            let run = lstm(["gradcheck", name])
            #expect(run.status == 0, "\(run.error)")
            #expect(run.output.contains("PASS") && run.output.contains("Tree-LSTM"), "\(run.output)")
        }
    }
}
