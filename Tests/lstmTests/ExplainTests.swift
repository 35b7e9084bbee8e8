import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

@Suite struct ExplainTests {
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

    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lstm-explain-\(UUID())-\(name)")
    }

    @Test func defaultExplanationMatchesTheCellAndFitsEightyColumns() throws {
        let command = try ExplainCommand.parse([])
        let (e, _) = try command.explanation()
        #expect(e.inputSize == 2 && e.hiddenSize == 3 && e.x == [0.5, -1])
        #expect(e.maxDifferenceFromCell < 1e-14)
        let lines = ExplainText(e: e, units: 8).lines
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        try command.run()
    }

    @Test func inputOptionsAreParsed() throws {
        let (e, _) = try ExplainCommand.parse(["--input-size", "3", "--hidden-size", "2", "--input", "-1, 0.25,2",
                                               "--h-prev", "0,1", "--c-prev", "-0.5,0.5", "--seed", "4"]).explanation()
        #expect(e.x == [-1, 0.25, 2] && e.hPrev == [0, 1] && e.cPrev == [-0.5, 0.5])
    }

    @Test func badInputIsAOneLineError() throws {
        expectCLIError("has 3 numbers") { _ = try ExplainCommand.parse(["--input", "1,2,3"]).explanation() }
        expectCLIError("'abc' is not a number") { _ = try ExplainCommand.parse(["--input", "1,abc"]).explanation() }
        expectCLIError("is not a number") { _ = try ExplainCommand.parse(["--input", "1,nan"]).explanation() }
        expectCLIError("--h-prev has 2 numbers") { _ = try ExplainCommand.parse(["--h-prev", "1,2"]).explanation() }
        expectCLIError("--hidden-size must be") { _ = try ExplainCommand.parse(["--hidden-size", "0"]).explanation() }
    }

    @Test func checkpointErrors() throws {
        expectCLIError("no such file") {
            _ = try ExplainCommand.parse(["--checkpoint", "/nonexistent/x.safetensors", "--input", "1"]).explanation()
        }
        let garbage = temporaryFile("garbage.safetensors")
        try Data("not a checkpoint".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        expectCLIError("cannot read the checkpoint") {
            _ = try ExplainCommand.parse(["--checkpoint", garbage.path, "--input", "1"]).explanation()
        }
        // A valid checkpoint of a GRU has no LSTM layer.
        let gruFile = temporaryFile("gru.safetensors")
        try Checkpoint.save(GRU<Float>(inputSize: 2, hiddenSize: 3, rng: RandomSource(seed: 0)), to: gruFile)
        defer { try? FileManager.default.removeItem(at: gruFile) }
        expectCLIError("has no LSTM layer") {
            _ = try ExplainCommand.parse(["--checkpoint", gruFile.path, "--input", "1,2"]).explanation()
        }
    }

    @Test func explainsLayerZeroOfACheckpoint() throws {
        let lstm = LSTM<Float>(inputSize: 2, hiddenSize: 3, layerCount: 2, rng: RandomSource(seed: 9))
        let file = temporaryFile("lstm.safetensors")
        try Checkpoint.save(lstm, to: file, userMetadata: ["task": "textgen"])
        defer { try? FileManager.default.removeItem(at: file) }
        expectCLIError("needs --input") { _ = try ExplainCommand.parse(["--checkpoint", file.path]).explanation() }
        expectCLIError("has 3 numbers") {
            _ = try ExplainCommand.parse(["--checkpoint", file.path, "--input", "1,2,3"]).explanation()
        }
        let (e, source) = try ExplainCommand.parse(["--checkpoint", file.path, "--input", "0.5,-1"]).explanation()
        #expect(source.contains("layers.0.cell."))
        #expect(e.hPrev == [0, 0, 0] && e.cPrev == [0, 0, 0])
        let step = lstm.layers[0].cell.step(Tensor<Float>(shape: [1, 2], scalars: [0.5, -1]), state: lstm.layers[0].cell.zeroState(batchSize: 1))
        #expect(zip(e.h, step.state.h.scalars).allSatisfy { Swift.abs($0 - Double($1)) < 1e-6 })
    }

    @Test func gradcheckPassesAndPrints() throws {
        let (_, rows) = try GradcheckCommand.check("lstm", seed: 0)
        #expect(rows.map(\.name).first == "input x")
        #expect(rows.contains { $0.name == "layers.0.cell.weightHH" })
        #expect(rows.allSatisfy { $0.result.passed })
        try GradcheckCommand.parse(["linear", "--json"]).run()
    }

    @Test func gradcheckRejectsAnUnknownLayer() throws {
        expectCLIError("unknown layer 'transformer'; choose one of: linear,") {
            try GradcheckCommand.parse(["transformer"]).run()
        }
    }
}
