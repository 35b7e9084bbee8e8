import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

@Suite struct TextgenTests {
    static let text = String(repeating: "ROMEO:\nBut soft, what light through yonder window breaks?\n\n" +
                                        "JULIET:\nO Romeo, Romeo, wherefore art thou Romeo?\n\n", count: 4)

    /// A fresh temporary directory (removed by the caller).
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-textgen-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `contents` to `name` in `directory`.
    func write(_ contents: Data, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    /// Trains a tiny model for 2 steps on `Self.text`; returns the output directory.
    func trainTiny(in directory: URL) throws -> URL {
        let data = try write(Data(Self.text.utf8), "tiny.txt", in: directory)
        let output = directory.appendingPathComponent("run")
        let command = try TrainTextgenCommand.parse([
            "--data", data, "--output", output.path, "--steps", "2", "--batch-size", "4", "--seq-length", "8",
            "--hidden-size", "16", "--embedding-size", "8", "--layers", "2", "--dropout", "0.1", "--eval-every", "1",
            "--json",
        ])
        try command.run()
        return output
    }

    /// The message of the CLIError `body` throws (nil, and an issue, if it throws none).
    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as CLIError {
            #expect(!error.message.contains("\n"), "multi-line message: \(error.message)")
            return error.message
        } catch { Issue.record("expected a CLIError, got \(error)"); return nil }
        Issue.record("expected an error")
        return nil
    }

    @Test func defaultsMatchTheDocumentation() throws {
        let train = try TrainTextgenCommand.parse([])
        #expect(train.data == "Data/tiny-shakespeare/input.txt" && train.output == "runs/textgen")
        #expect(train.hiddenSize == 256 && train.layers == 2 && train.embeddingSize == 64 && train.dropout == 0)
        #expect(train.seqLength == 100 && train.batchSize == 64 && train.learningRate == 2e-3)
        #expect(train.steps == nil && train.epochs == nil && TrainTextgenCommand.defaultSteps == 2000)
        #expect(train.validationFraction == 0.1 && train.schedule == "cosine" && train.clipNorm == 5)
        let sample = try SampleCommand.parse(["runs/textgen"])
        #expect(sample.prime == "" && sample.length == 500 && sample.temperature == 0.8 && sample.topK == 0)
        let parsed = try SampleCommand.parse(["x.safetensors", "--prime", "ROMEO:", "--length", "20",
                                              "--temperature", "0.5", "--top-k", "3", "--seed", "7"])
        #expect(parsed.prime == "ROMEO:" && parsed.length == 20 && parsed.temperature == 0.5 && parsed.topK == 3
                && parsed.common.seed == 7)
    }

    @Test func trainsSamplesAndEvaluates() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try trainTiny(in: directory)
        let best = output.appendingPathComponent("best.safetensors"), last = output.appendingPathComponent("last.safetensors")
        #expect(FileManager.default.fileExists(atPath: best.path) && FileManager.default.fileExists(atPath: last.path))

        let info = try TaskCheckpoint.info(at: output.path, expected: ["textgen"], command: "sample")
        #expect(info.userEntries["data"]?.hasSuffix("tiny.txt") == true && info.step != nil)
        let (model, config, vocabulary) = try TextgenTask.loadModel(best, info: info)
        #expect(config.model.layerCount == 2 && config.seqLength == 8 && vocabulary.count == config.model.vocabularySize)
        #expect(Set(vocabulary.tokens) == Set(Self.text.map { String($0) }))

        // Greedy sampling is the same for every seed; the prime is fed first.
        let prime = try TextgenSampling.encode(prime: "ROMEO:", vocabulary: vocabulary)
        let a = TextgenSampling.generate(model: model, vocabulary: vocabulary, prime: prime, length: 30,
                                         temperature: 0.8, topK: 1, seed: 1)
        let b = TextgenSampling.generate(model: model, vocabulary: vocabulary, prime: prime, length: 30,
                                         temperature: 0.8, topK: 1, seed: 2)
        #expect(a == b && a.count == 30)
        try SampleCommand.parse([output.path, "--prime", "JULIET:", "--length", "20", "--json"]).run()
        try EvaluateCommand.parse([best.path, "--json"]).run()
    }

    @Test func minutesCapStopsAndStillWritesCheckpoints() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = try write(Data(Self.text.utf8), "tiny.txt", in: directory)
        let output = directory.appendingPathComponent("run")
        try TrainTextgenCommand.parse([
            "--data", data, "--output", output.path, "--steps", "1000", "--batch-size", "4", "--seq-length", "8",
            "--hidden-size", "8", "--embedding-size", "4", "--minutes", "0.000001", "--json",
        ]).run()
        let info = try TaskCheckpoint.info(at: output.path, expected: ["textgen"], command: "sample")
        #expect((info.step ?? 1000) < 1000)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("last.safetensors").path))
    }

    @Test func badDataWritesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out").path
        let empty = try write(Data(), "empty.txt", in: directory)
        let binary = try write(Data([0x41, 0x0A, 0xFF, 0xFE]), "binary.txt", in: directory)
        let tiny = try write(Data("hello".utf8), "tiny.txt", in: directory)
        let short = try write(Data(String(repeating: "hello ", count: 20).utf8), "short.txt", in: directory)
        let cases: [([String], String)] = [
            (["--data", directory.appendingPathComponent("missing.txt").path], "no such file"),
            (["--data", empty], "is empty"),
            (["--data", binary], "not valid UTF-8: byte 0xFF at offset 2 (line 2)"),
            (["--data", tiny], "leaves 1 for validation (at least 2 are needed)"),
            (["--data", short], "108 training characters, too few for --batch-size 64"),
            (["--data", short, "--steps", "2", "--epochs", "1"], "not both"),
            (["--data", short, "--dropout", "1"], "--dropout must be in [0, 1)"),
        ]
        for (arguments, expected) in cases {
            let command = try TrainTextgenCommand.parse(arguments + ["--output", output])
            let text = message { try command.run() }
            #expect(text?.contains(expected) == true, "\(arguments): \(text ?? "no error")")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func sampleRejectsBadInput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try trainTiny(in: directory).path

        let prime = message { try SampleCommand.parse([output, "--prime", "ROMEO Zq"]).run() }
        #expect(prime?.contains("\"Z\" (U+005A), \"q\" (U+0071)") == true, "\(prime ?? "")")
        let temperature = message { try SampleCommand.parse([output, "--temperature", "0"]).run() }
        #expect(temperature?.contains("--temperature must be a finite number > 0") == true)
        let length = message { try SampleCommand.parse([output, "--length=-1"]).run() }
        #expect(length?.contains("--length must be >= 0") == true)

        // A checkpoint of another task given to `sample`, and a textgen checkpoint given to another task.
        let other = directory.appendingPathComponent("sentiment.safetensors")
        try Checkpoint.save(Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 0)), to: other,
                            userMetadata: ["task": "sentiment", "data": "x"])
        let wrong = message { try SampleCommand.parse([other.path]).run() }
        #expect(wrong?.contains("is a 'sentiment' checkpoint") == true && wrong?.contains("lstm predict") == true)
        let reverse = message { _ = try TaskCheckpoint.info(at: output, expected: ["sentiment"], command: "predict") }
        #expect(reverse?.contains("is a 'textgen' checkpoint") == true && reverse?.contains("lstm sample") == true)
        let missing = message { try SampleCommand.parse([directory.appendingPathComponent("nope").path]).run() }
        #expect(missing?.contains("no such file") == true)
    }

    @Test func evaluateNamesCharactersTheModelNeverSaw() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try trainTiny(in: directory).path
        let other = try write(Data("ROMEO: Zounds! ROMEO: Zounds!".utf8), "other.txt", in: directory)
        let text = message { try EvaluateCommand.parse([output, "--data", other]).run() }
        #expect(text?.contains("character \"Z\" (U+005A)") == true, "\(text ?? "")")
    }
}
