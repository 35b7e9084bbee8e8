import ArgumentParser
import Foundation
import Testing
@testable import lstm

@Suite struct CLISupportTests {
    @Test func unknownSubcommandIsAnError() {
        #expect(throws: (any Error).self) { _ = try LSTMCommand.parseAsRoot(["frobnicate"]) }
    }

    @Test func evaluateRejectsAMissingCheckpoint() throws {
        let command = try EvaluateCommand.parse(["/nonexistent/model.safetensors"])
        do {
            try command.run()
            Issue.record("expected an error")
        } catch let error as CLIError {
            #expect(error.message.contains("no such file"))
            #expect(!error.message.contains("\n"))
        }

    }

    @Test func outputDirectoryRefusesAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-cli-\(UUID()).txt")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: CLIError.self) { _ = try prepareOutputDirectory(file.path) }
    }
}
