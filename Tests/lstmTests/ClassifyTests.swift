import ArgumentParser
import Foundation
import Testing
@testable import lstm

@Suite struct ClassifyTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-classify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 100 tiny digits rows (10 per class), so the stratified split has a test example per class.
    static func tinyDigits(in dir: URL, badRow: Bool = false) throws -> String {
        var lines: [String] = []
        for i in 0..<100 {
            let label = i % 10
            lines.append(((0..<64).map { String(($0 * 7 + label * 3 + i) % 17) } + [String(label)]).joined(separator: ","))
        }
        if badRow { lines[5] = lines[5].replacingOccurrences(of: ",", with: ";") }
        let url = dir.appendingPathComponent("digits.csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        return url.path
    }

    /// The `CLIError` message `body` throws (nil if it does not throw one).
    static func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as CLIError { return error.message } catch { return "\(error)" }
        return nil
    }

    @Test func parsesOptionsAndFillsDatasetDefaults() throws {
        let command = try TrainClassifyCommand.parse(["--dataset", "vowels", "--cell", "gru", "--bidirectional",
                                                      "--epochs", "3", "--seed", "7"])
        let s = try command.settings()
        #expect(s.dataset == .vowels && s.model.cell == .gru && s.model.bidirectional && s.epochs == 3)
        #expect(s.model.hiddenSize == ClassifyDataset.vowels.defaults.hiddenSize && s.seed == 7)
        #expect(s.output == "runs/vowels")
    }

    /// The defaults table in `--help` is the one the code uses.
    @Test func helpListsTheDefaults() {
        let help = TrainClassifyCommand.configuration.discussion
        for dataset in ClassifyDataset.allCases {
            let d = dataset.defaults
            let name = dataset.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let line = "\(name)\(d.cell.rawValue) \(d.hiddenSize)x\(d.layers) \(d.pooling.rawValue), " +
                "\(d.epochs) epochs, batch \(d.batchSize), lr \(d.learningRate)" +
                (d.dropout > 0 ? ", dropout \(d.dropout)\n" : "\n")
            #expect(help.contains(line), "missing: \(line)")
            #expect(!d.bidirectional)
        }
    }

    @Test func rejectsBadOptions() throws {
        #expect(Self.message { _ = try TrainClassifyCommand.parse(["--dataset", "cifar"]).settings() }?
            .contains("unknown --dataset 'cifar'; choose one of digits, mnist, hapt, vowels") == true)
        let hapt = Self.message { _ = try TrainClassifyCommand.parse(["--dataset", "hapt"]).settings() }
        #expect(hapt?.contains("--dataset hapt needs --data PATH") == true && hapt?.contains("\n") == false)
        #expect(Self.message { _ = try TrainClassifyCommand.parse(["--dataset", "digits", "--dropout", "1"]).settings() }?
            .contains("--dropout") == true)
        #expect(Self.message { _ = try TrainClassifyCommand.parse(["--dataset", "digits", "--cell", "rnn"]).settings() }?
            .contains("unknown --cell") == true)
    }

    @Test func trainsOneEpochThenEvaluates() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Self.tinyDigits(in: dir)
        let output = dir.appendingPathComponent("run").path
        try TrainClassifyCommand.parse(["--dataset", "digits", "--data", data, "--output", output, "--epochs", "1",
                                        "--hidden-size", "4", "--batch-size", "16"]).run()
        for name in ["best.safetensors", "last.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + name))
        }
        try EvaluateCommand.parse([output]).run()
        try EvaluateCommand.parse([output + "/last.safetensors", "--json"]).run()
    }

    @Test func badDataWritesNothing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Self.tinyDigits(in: dir, badRow: true)
        let output = dir.appendingPathComponent("run").path
        let message = Self.message {
            try TrainClassifyCommand.parse(["--dataset", "digits", "--data", data, "--output", output]).run()
        }
        #expect(message?.contains("digits.csv:6: expected 65 fields") == true)
        #expect(!FileManager.default.fileExists(atPath: output))
        let missing = Self.message {
            try TrainClassifyCommand.parse(["--dataset", "mnist", "--data", dir.path + "/none.csv.gz",
                                            "--output", output]).run()
        }
        #expect(missing?.contains("none.csv.gz: no such file") == true)
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
