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

@Suite struct DemoTests {
    @Test func demoListsItsSubcommands() {
        let names = DemoCommand.configuration.subcommands.map { $0.configuration.commandName }
        #expect(names == ["xor", "adding", "copy", "vanishing-gradient"])
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
        #expect(Set(model.keys) == ["model", "losses", "snapshots", "testMSE", "seconds"])
        let snapshot = try #require((model["snapshots"] as? [[String: Any]])?.last)
        #expect(Set(snapshot.keys) == ["iteration", "trainMSE", "firstStepGradientNorm", "lastStepGradientNorm"])
    }

    @Test func helpTextsKeepTheirSentences() throws {
        // ArgumentParser wraps each line of a discussion itself: a paragraph must be one line in the source,
        // or a hand-made line break lands in the middle of a wrapped line.
        for command in [VanishingGradientDemoCommand.self, CopyDemo.self, AddingDemo.self,
                        ExplainCommand.self, GradcheckCommand.self] as [ParsableCommand.Type] {
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
