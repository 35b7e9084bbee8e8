import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// Runs `body`, expecting a CLIError whose one-line message contains `fragment`.
func expectCLIError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error containing '\(fragment)'", sourceLocation: sourceLocation)
    } catch let error as CLIError {
        #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
        #expect(LSTMCommand.exitCode(for: error).rawValue == 1, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

/// The repository's root folder (this file is Tests/lstmTests/DemoTests.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh path in the temporary folder (nothing is created).
func temporaryPath(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lstm-tests-\(UUID())-\(name)")
}

/// The `lstm` executable SwiftPM built next to the test bundle.
func lstmExecutable() throws -> URL {
    var directory = Bundle.main.bundleURL
    if directory.pathExtension == "xctest" { directory = directory.deletingLastPathComponent() }
    let url = directory.appendingPathComponent("lstm")
    try #require(FileManager.default.isExecutableFile(atPath: url.path),
                 "no lstm executable at \(url.path): build it with `swift build --build-tests`")
    return url
}

/// Runs the `lstm` executable with `arguments`: its exit status, standard output and standard error (each
/// written to a temporary file, so a large output can never block the child).
func runLSTM(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let (outURL, errURL) = (temporaryPath("stdout"), temporaryPath("stderr"))
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = try lstmExecutable()
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8),
            try String(contentsOf: errURL, encoding: .utf8))
}

/// Collects lines from closures that escape.
final class Lines: @unchecked Sendable {
    var all: [String] = []
    func add(_ line: String) { all.append(line) }
    var text: String { all.joined(separator: "\n") }
}

@Suite struct DemoTests {
    @Test func demoListsItsSubcommands() {
        let names = DemoCommand.configuration.subcommands.map { $0.configuration.commandName }
        #expect(names == ["textgen", "xor", "adding", "copy", "vanishing-gradient", "esn", "esn-forecast", "grid-parity", "grid-mnist",
                          "gan", "output-layers"])
    }

    /// The first 20,000 characters of tiny-shakespeare in a temporary file: enough for 32 streams and a quick
    /// validation pass. Fails (does not skip) when the committed data is missing.
    func smallShakespeare() throws -> URL {
        let source = repositoryRoot.appendingPathComponent("Data/tiny-shakespeare/input.txt")
        try #require(FileManager.default.fileExists(atPath: source.path), "missing committed data \(source.path)")
        let text = try String(contentsOf: source, encoding: .utf8)
        let file = temporaryPath("shakespeare.txt")
        try String(text.prefix(20_000)).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func textgenDefaults() throws {
        let command = try TextgenDemoCommand.parse([])
        #expect(command.steps == TextgenDemo.defaultSteps && command.output == "runs/demo-textgen")
        #expect(command.data == "Data/tiny-shakespeare/input.txt" && command.sampleLength == 200)
        let config = TextgenDemo.config()
        #expect(config.model.hiddenSize == 128 && config.model.layerCount == 1 && config.embeddingSize == 32)
        #expect(config.seqLength == 64 && config.training.batchSize == 32 && config.training.evalEvery == 200)
        #expect(throws: Never.self) { try config.validate() }
    }

    @Test func textgenTinyRunSamplesAndExplainsAStep() throws {
        let data = try smallShakespeare(), output = temporaryPath("demo-textgen")
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: output)
        }
        let lines = Lines()
        let command = try TextgenDemoCommand.parse(["--steps", "3", "--sample-length", "40", "--data", data.path,
                                                    "--output", output.path])
        let report = try command.demo(say: lines.add, observer: TaskObserver(say: lines.add, warn: lines.add))
        let text = lines.text
        #expect(report.samples.map(\.step) == [0, 3])
        #expect(report.samples[0].validationLoss == nil && report.samples[1].validationLoss != nil)
        #expect(report.samples.allSatisfy { $0.text.count == 40 })
        #expect(text.contains("sample before training") && text.contains("sample at step 3 (validation loss"))
        #expect(report.training.training.steps == 3)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("best.safetensors").path))
        // The explained step: the "e" of "further", checked against the network's forward pass.
        #expect(report.step.character == "e" && report.step.context == "Before we proceed any furth[e]r, hear me speak.")
        #expect(report.step.gates.map(\.name) == ["i", "f", "g", "o"] && report.step.hiddenSize == 128)
        #expect(report.step.maxDifferenceFromModel < 1e-5)
        let f = report.step.gates[1], i = report.step.gates[0], g = report.step.gates[2]
        #expect(Swift.abs(report.step.c - (f.value * report.step.cPrev + i.value * g.value)) < 1e-12)
        #expect(text.contains("Check: the network's own forward pass gives the same gates"))
        // The explained step fits in 80 columns (the samples and the task's data line may be longer).
        let stepLines = lines.all.drop { !$0.hasPrefix("One step of the trained LSTM") }.prefix { !$0.hasPrefix("Done in") }
        #expect(!stepLines.isEmpty && stepLines.allSatisfy { $0.count <= 80 }, "\(stepLines.filter { $0.count > 80 })")
    }

    @Test func textgenJSONIsOneObjectOnStdout() throws {
        let data = try smallShakespeare(), output = temporaryPath("demo-textgen-json")
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: output)
        }
        let run = try runLSTM(["demo", "textgen", "--steps", "2", "--sample-length", "20", "--data", data.path,
                               "--output", output.path, "--json", "--seed", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["task", "seed", "samples", "training", "step", "seconds"])
        #expect(object["task"] as? String == "demo-textgen" && object["seed"] as? Int == 3)
        let step = try #require(object["step"] as? [String: Any])
        #expect(Set(step.keys) == ["layer", "position", "character", "context", "unit", "hiddenSize", "gates", "cPrev",
                                   "c", "h", "maxDifferenceFromModel"])
        let samples = try #require(object["samples"] as? [[String: Any]])
        #expect(samples.map { $0["step"] as? Int } == [0, 2])
        // The text went to stderr, with the evaluation line of the progress display.
        #expect(run.stderr.contains("sample before training") && run.stderr.contains("evaluation at step 2"))
    }

    @Test func textgenRejectsBadInputBeforeWriting() throws {
        let output = temporaryPath("never-written")
        expectCLIError("--steps must be positive, got 0") {
            _ = try TextgenDemoCommand.parse(["--steps", "0", "--output", output.path]).demo(say: { _ in }, observer: .silent)
        }
        expectCLIError("no such file") {
            _ = try TextgenDemoCommand.parse(["--data", "/nonexistent/text.txt", "--output", output.path])
                .demo(say: { _ in }, observer: .silent)
        }
        expectCLIError("--sample-length must be in 0...10000") {
            _ = try TextgenDemoCommand.parse(["--sample-length", "-1", "--output", output.path]).demo(say: { _ in }, observer: .silent)
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func vanishingGradientDefaults() throws {
        let command = try VanishingGradientDemoCommand.parse([])
        #expect(command.length == 100 && command.iterations == 2000)
        #expect(command.models.models == [.rnn, .gru, .lstm])
        #expect(command.common.seed == nil)
        #expect(try VanishingGradientDemoCommand.parse(["--models", "LSTM, rnn,lstm"]).models.models == [.lstm, .rnn])
    }

    @Test func vanishingGradientTinyRun() throws {
        try VanishingGradientDemoCommand.parse(["--length", "4", "--iterations", "2", "--hidden-size", "3",
                                                "--models", "rnn,lstm", "--report-every", "1"]).run()
    }

    @Test func vanishingGradientRejectsBadInput() throws {
        for (arguments, fragment) in [
            (["--models", "rnn,tcn"], "unknown model 'tcn'; choose from rnn, gru, lstm"),
            (["--models", ","], "no model given"),
        ] {
            // Argument-parser errors become one CLIError line through CLIError.message(for:).
            do {
                _ = try VanishingGradientDemoCommand.parse(arguments)
                Issue.record("expected an error for \(arguments)")
            } catch {
                let message = CLIError.message(for: error)
                #expect(message.contains(fragment) && message.contains("--models"), "\(message)")
            }
        }
        expectCLIError("--length must be at least 2") { try VanishingGradientDemoCommand.parse(["--length", "1"]).run() }
        expectCLIError("--learning-rate") { try VanishingGradientDemoCommand.parse(["--learning-rate", "0"]).run() }
        expectCLIError("--clip-norm") { try VanishingGradientDemoCommand.parse(["--clip-norm", "-1"]).run() }
        let run = try runLSTM(["demo", "vanishing-gradient", "--models", "rnn,tcn"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "Error: The value 'rnn,tcn' is invalid for '--models <models>': unknown model 'tcn'; " +
                "choose from rnn, gru, lstm, comma-separated\n")
    }

    @Test func vanishingGradientJSONIsCamelCase() throws {
        let run = try runLSTM(["demo", "vanishing-gradient", "--length", "3", "--iterations", "2", "--hidden-size", "2",
                               "--models", "gru", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["task", "length", "iterations", "hiddenSize", "batchSize", "learningRate",
                                     "clipNorm", "seed", "baselineMSE", "models"])
        let model = try #require((object["models"] as? [[String: Any]])?.first)
        #expect(Set(model.keys) == ["model", "losses", "snapshots", "testMSE", "seconds",
                                    "initialGradientNorms", "finalGradientNorms"])
        let snapshot = try #require((model["snapshots"] as? [[String: Any]])?.last)
        #expect(Set(snapshot.keys) == ["iteration", "trainMSE", "firstStepGradientNorm", "lastStepGradientNorm"])
    }

    @Test func helpTextsKeepTheirSentences() throws {
        // ArgumentParser wraps each line of a discussion itself: a paragraph must be one line in the source,
        // or a hand-made line break lands in the middle of a wrapped line.
        for command in [TextgenDemoCommand.self, VanishingGradientDemoCommand.self, CopyDemo.self, AddingDemo.self,
                        ExplainCommand.self, GradcheckCommand.self, InspectCommand.self,
                        ExportCommand.self] as [ParsableCommand.Type] {
            let discussion = command.configuration.discussion
            for paragraph in discussion.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                #expect(!paragraph.contains("\n"), "\(command): a line break inside \(paragraph.prefix(60))...")
            }
            let help = command.helpMessage(columns: 80)
            #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.hasPrefix("USAGE:") }, "\(command)")
        }
    }

    @Test func copyDefaultsAndTinyRun() throws {
        let command = try CopyDemo.parse([])
        #expect(command.length == 100 && command.symbols == 10 && command.model == .lstm)
        try CopyDemo.parse(["--length", "3", "--symbols", "2", "--iterations", "2", "--hidden-size", "4",
                            "--report-every", "1"]).run()
    }

    @Test func copyRejectsBadInput() throws {
        expectCLIError("--symbols must be positive") { try CopyDemo.parse(["--symbols", "0"]).run() }
        expectCLIError("--iterations must be positive") { try CopyDemo.parse(["--iterations", "0"]).run() }
        #expect(throws: (any Error).self) { _ = try CopyDemo.parse(["--model", "tcn"]) }
    }
}

/// `lstm demo grid-parity`: a run that solves 3-bit parity, and bad options.
@Suite struct GridParityDemoTests {
    @Test func gridSolvesThreeBitParityAndTheReportSaysSo() throws {
        let json = try expectJSON(lstm(["demo", "grid-parity", "--bits", "3", "--models", "grid", "--layers", "3",
                                        "--hidden-size", "8", "--steps", "600", "--learning-rate", "0.01", "--json"]))
        let result = try #require(json["results"].array.first)
        #expect(result["model"].string == "grid")
        #expect(!result["solvedAtStep"].isNull, "\(result)")
        #expect((result["testAccuracy"].double ?? 0) >= 0.99)
    }

    @Test func badOptionsAreOneLineErrors() {
        expectOneLineError(lstm(["demo", "grid-parity", "--bits", "8,x"]), "--bits: 'x' is not a length in 1...4096")
        expectOneLineError(lstm(["demo", "grid-parity", "--bits", "16,8"]), "--bits must list increasing lengths")
        expectOneLineError(lstm(["demo", "grid-parity", "--models", "grid,mlp"]), "unknown model 'mlp'")
        expectOneLineError(lstm(["demo", "grid-parity", "--layers", "0"]), "--layers must be positive, got 0")
        expectOneLineError(lstm(["demo", "grid-parity", "--hidden-size", "1000000"]), "--hidden-size must be at most 2048, got 1000000")
        expectOneLineError(lstm(["demo", "grid-mnist", "--layers", "5000"]), "--layers must be at most 200, got 5000")
    }

    /// `lstm demo grid-mnist`: a grid shape that does not divide the image, or a malformed patch.
    @Test func gridMNISTPatchErrors() {
        expectOneLineError(lstm(["demo", "grid-mnist", "--patch", "5x4"]),
                           "--patch: patch 5x4 does not divide the 28x28 image (height 28 % 5 = 3, width 28 % 4 = 0)")
        expectOneLineError(lstm(["demo", "grid-mnist", "--patch", "4"]), "--patch: '4' is not HxW (e.g. 4x4)")
        expectOneLineError(lstm(["demo", "grid-mnist", "--patch", "0x4"]), "--patch: patch 0x4 must be at least 1x1")
    }
}
