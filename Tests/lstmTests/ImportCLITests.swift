import Foundation
import Testing
@testable import lstm
import LSTMKitApps

/// `lstm import` end to end on the committed PyTorch state_dicts (Tests/LSTMKitTests/Fixtures/pytorch-import/,
/// from Tools/fixtures/pytorch_import.py): the checkpoints it writes are what `lstm sample`, `lstm evaluate`
/// and `lstm predict` use, and bad input is a one-line error that writes nothing.
@Suite struct ImportCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LSTMKitTests/Fixtures/pytorch-import")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name + ".safetensors").path }

    /// The text of the textgen fixtures (its characters are the model's vocabulary), repeated to be long
    /// enough for `lstm evaluate`'s 64 streams.
    static let text = String(repeating: "to be, or not to be: that is the question.\n", count: 10)

    @Test func textgenImportThenSampleAndEvaluate() throws {
        let dir = TemporaryDirectory()
        try Self.text.write(toFile: dir.path("input.txt"), atomically: true, encoding: .utf8)
        let imported = lstm(["import", Self.fixture("textgen-lstm"), "--as", "textgen", "--data", dir.path("input.txt"),
                             "--output", dir.path("run")])
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("recurrent: lstm, D = 5, H = 6, 2 layers"))
        #expect(imported.output.contains("wrote \(dir.path("run/best.safetensors")) (textgen"))
        let sample = lstm(["sample", dir.path("run"), "--prime", "to be", "--length", "30", "--seed", "1"])
        #expect(sample.status == 0, "\(sample.error)")
        #expect(sample.output.hasPrefix("to be") && sample.output.count >= 35)
        let evaluated = lstm(["evaluate", dir.path("run"), "--json"])
        #expect(evaluated.status == 0, "\(evaluated.error)")
        #expect(evaluated.output.contains("\"bitsPerCharacter\""))
    }

    @Test func classifyImportThenPredictAndEvaluate() throws {
        let dir = TemporaryDirectory()
        var lines = ["id,label,a,b,c"]
        for id in 0..<48 {
            for t in 0..<(3 + id % 3) {
                lines.append("\(id),\(id % 4),\(Double(t) * 0.1),\(Double(id % 7) * -0.2),\(Double((id * t) % 5) * 0.3)")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.path("train.csv"), atomically: true, encoding: .utf8)
        let imported = lstm(["import", Self.fixture("classify-lstm"), "--as", "classify", "--data", dir.path("train.csv"),
                             "--output", dir.path("clf.safetensors"), "--json"])
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("\"classes\":[\"0\",\"1\",\"2\",\"3\"]"))
        let predicted = lstm(["predict", dir.path("clf.safetensors"), "--file", dir.path("train.csv")])
        #expect(predicted.status == 0, "\(predicted.error)")
        let evaluated = lstm(["evaluate", dir.path("clf.safetensors")])
        #expect(evaluated.status == 0, "\(evaluated.error)")
    }

    @Test func recurrentImportAndBadInput() throws {
        let dir = TemporaryDirectory()
        let imported = lstm(["import", Self.fixture("gru-2layer-wrapped"), "--as", "gru", "--output", dir.path("gru.safetensors")])
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("(prefix 'model.' removed)") && imported.output.contains("  recurrent: model.\n"))
        #expect(try PyTorchImportLoad.layerCount(dir.path("gru.safetensors")) == 2)

        expectOneLineError(lstm(["import", Self.fixture("gru-2layer-wrapped"), "--as", "lstm", "--output", dir.path("x")]),
                           "is an nn.GRU's", "import it as gru")
        expectOneLineError(lstm(["import", Self.fixture("lstm-float16"), "--as", "lstm", "--output", dir.path("x")]),
                           "dtype 'F16'", "v.float()")
        expectOneLineError(lstm(["import", dir.path("missing.safetensors"), "--as", "lstm", "--output", dir.path("x")]),
                           "missing.safetensors: no such file")
        expectOneLineError(lstm(["import", Self.fixture("textgen-lstm"), "--as", "textgen", "--output", dir.path("x")]),
                           "data is required for textgen")
        expectOneLineError(lstm(["import", Self.fixture("lstm-2layer-bidirectional"), "--as", "lstm", "--vocabulary", "v.json",
                                 "--output", dir.path("x")]), "--vocabulary applies to --as textgen only")
        expectOneLineError(lstm(["import", Self.fixture("lstm-2layer-bidirectional"), "--as", "onnx", "--output", dir.path("x")]),
                           "onnx")
        #expect(!FileManager.default.fileExists(atPath: dir.path("x")))
    }
}

/// Reads back a `--as gru` checkpoint through the library call the docs show.
enum PyTorchImportLoad {
    static func layerCount(_ path: String) throws -> Int {
        try LSTMKitApps.PyTorchImport.loadRecurrent(path).config.layerCount
    }
}
