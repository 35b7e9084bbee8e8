import Foundation
import Testing
import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

/// `PyTorchImport` against PyTorch: a char-rnn (Embedding + LSTM/GRU + Linear) and a bidirectional recurrent
/// classifier saved with `safetensors.torch.save_file` (Tests/LSTMKitTests/Fixtures/pytorch-import/, written by
/// Tools/fixtures/pytorch_import.py) are imported as textgen and classify checkpoints, loaded back the way
/// `lstm sample` / `lstm predict` load them, and give PyTorch's logits within 1e-5.
@Suite struct PyTorchImportTests {
    struct Tensor32: Decodable {
        let shape: [Int]
        let data: [Double]
        var tensor: Tensor<Float> { Tensor(shape: shape, scalars: data.map { Float($0) }) }
    }

    struct Case: Decodable {
        let name: String
        let file: String
        let cell: String?
        let text: String?
        let vocabulary: [String]?
        let ids: [Int]?
        let idsShape: [Int]?
        let x: Tensor32?
        let logits: Tensor32?
    }

    struct File: Decodable { let cases: [Case] }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("LSTMKitTests/Fixtures")

    static let file: File = try! JSONDecoder().decode(
        File.self, from: Data(contentsOf: fixtures.appendingPathComponent("pytorch-import.json")))

    static func fixture(_ name: String) -> Case { file.cases.first { $0.name == name }! }

    /// A fresh temporary folder for one test.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-import-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 48 labeled sequences (labels 0-3, 3 features, 3 to 5 steps) in the long CSV layout `lstm train classify` reads.
    static func classifyCSV(_ url: URL) throws {
        let rng = RandomSource(seed: 7)
        var lines = ["id,label,a,b,c"]
        for id in 0..<48 {
            for _ in 0..<(3 + id % 3) {
                let values = rng.uniforms(count: 3).map { String(format: "%.3f", $0 * 2 - 1) }
                lines.append("\(id),\(id % 4),\(values.joined(separator: ","))")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    @Test(arguments: ["textgen-lstm", "textgen-gru-wrapped"])
    func textgenLogitsMatchPyTorch(_ name: String) throws {
        let c = Self.fixture(name)
        let dir = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("text.txt")
        try c.text!.write(to: text, atomically: true, encoding: .utf8)
        // The default vocabulary (sorted(set(text))), and the same list given as a JSON file.
        let vocabularyFile = dir.appendingPathComponent("vocab.json")
        try JSONEncoder().encode(c.vocabulary!).write(to: vocabularyFile)
        for vocabulary in [nil, vocabularyFile.path] {
            let output = dir.appendingPathComponent("model.safetensors")
            let report = try PyTorchImport.run(Self.fixtures.appendingPathComponent(c.file).path, as: .textgen,
                                               options: .init(data: text.path, vocabulary: vocabulary), output: output.path)
            #expect(report.recurrent.cell.rawValue == c.cell && report.vocabularySize == c.vocabulary!.count)
            #expect(report.modules == ["embedding": "embedding.", "recurrent": "lstm.", "head": "fc."])
            let model = try TextgenTask.load(output)
            #expect(model.vocabulary.tokens == c.vocabulary!)
            let (logits, _) = model.network(c.ids!, shape: c.idsShape!, states: nil)
            expectClose(logits, c.logits!.tensor, atol: 1e-5, rtol: 1e-5, name)
        }
    }

    @Test(arguments: ["classify-lstm", "classify-gru"])
    func classifierLogitsMatchPyTorch(_ name: String) throws {
        let c = Self.fixture(name)
        let dir = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("train.csv")
        try Self.classifyCSV(data)
        let report = try PyTorchImport.run(Self.fixtures.appendingPathComponent(c.file).path, as: .classify,
                                           options: .init(data: data.path, classes: ["0", "1", "2", "3"]),
                                           output: dir.path + "/run")
        #expect(report.output == dir.appendingPathComponent("run/best.safetensors").path)
        #expect(report.classes == ["0", "1", "2", "3"] && report.recurrent.bidirectional)
        let model = try ClassifyTask.load(URL(fileURLWithPath: report.output))
        let logits = model.network(c.x!.tensor)
        expectClose(logits, c.logits!.tensor, atol: 1e-5, rtol: 1e-5, name)
    }

    @Test func missingOptionsAndMismatchesAreOneLineErrors() throws {
        let dir = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = Self.fixture("textgen-lstm")
        let file = Self.fixtures.appendingPathComponent(c.file).path
        let output = dir.appendingPathComponent("out/model.safetensors").path
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { try PyTorchImport.run(file, as: .textgen, output: output) }.contains("data is required for textgen"))
        let text = dir.appendingPathComponent("short.txt")
        try "abc".write(to: text, atomically: true, encoding: .utf8)
        #expect(message { try PyTorchImport.run(file, as: .textgen, options: .init(data: text.path), output: output) }
            .contains("the vocabulary has 3 characters, but the embedding 'embedding.weight' has \(c.vocabulary!.count) rows"))
        let classifier = Self.fixtures.appendingPathComponent(Self.fixture("classify-lstm").file).path
        #expect(message { try PyTorchImport.run(classifier, as: .textgen, options: .init(data: text.path), output: output) }
            .contains("textgen (Embedding + LSTM/GRU + Linear) needs one embedding module with weight; found 0 among " +
                      "the other modules: 'fc.' (bias, weight)"))
        let data = dir.appendingPathComponent("train.csv")
        try Self.classifyCSV(data)
        #expect(message {
            try PyTorchImport.run(classifier, as: .classify, options: .init(data: data.path, classes: ["a", "b", "c", "d"]),
                                  output: output)
        }.contains("classes a,b,c,d differ from the classes of"))
        // Nothing was written.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
