import ArgumentParser
import Foundation
import Testing
@testable import lstm

@Suite struct DemoTests {
    /// Runs `body`, expecting a CLIError whose one-line message contains `fragment`.
    func expectCLIError(_ fragment: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error containing '\(fragment)'")
        } catch let error as CLIError {
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(!error.message.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func demoListsItsSubcommands() throws {
        let names = DemoCommand.configuration.subcommands.map { $0.configuration.commandName }
        #expect(names == ["xor", "adding", "copy", "vanishing-gradient"])
    }

    @Test func vanishingGradientDefaults() throws {
        let command = try VanishingGradientDemoCommand.parse([])
        #expect(command.length == 100)
        #expect(try command.parsedModels() == [.rnn, .gru, .lstm])
        #expect(command.common.seed == 0)
    }

    @Test func vanishingGradientTinyRun() throws {
        try VanishingGradientDemoCommand.parse(["--length", "4", "--iterations", "2", "--hidden-size", "3",
                                                "--models", "rnn,lstm", "--report-every", "1", "--json"]).run()
    }

    @Test func vanishingGradientRejectsBadInput() throws {
        expectCLIError("unknown model 'tcn'") { try VanishingGradientDemoCommand.parse(["--models", "rnn,tcn"]).run() }
        expectCLIError("--length must be at least 2") { try VanishingGradientDemoCommand.parse(["--length", "1"]).run() }
        expectCLIError("--learning-rate") { try VanishingGradientDemoCommand.parse(["--learning-rate", "0"]).run() }
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
