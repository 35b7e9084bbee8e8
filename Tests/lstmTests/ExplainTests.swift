import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

// `expectCLIError`, `temporaryPath`, `runLSTM` and `Lines` are in DemoTests.swift.

@Suite struct ExplainTests {
    @Test func defaultExplanationMatchesTheCellAndFitsEightyColumns() throws {
        let command = try ExplainCommand.parse([])
        let (e, source) = try command.explanation()
        #expect(e.inputSize == 2 && e.hiddenSize == 3 && e.x == [0.5, -1])
        #expect(source == "random weights (PyTorch's U(-1/sqrt(H), 1/sqrt(H))), seed 0")
        #expect(e.maxDifferenceFromCell < 1e-14)
        let lines = ExplainText(e: e, units: 8).lines
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines.contains("2. Forget gate  f = sigmoid(W_if@x + b_if + W_hf@h_prev + b_hf)"))
    }

    @Test func unitLinesShowOneUnitsGates() throws {
        let (e, _) = try ExplainCommand.parse(["--hidden-size", "5", "--seed", "2"]).explanation()
        let lines = ExplainText(e: e, units: 8).unitLines(4)
        #expect(lines.count == 7 && lines.allSatisfy { $0.count <= 80 })
        #expect(lines[2].hasPrefix("  f forget ") && lines[2].hasSuffix(String(format: "%.4f", e.gates[1].value[4])))
        func k(_ x: Double) -> String { String(format: "%.4f", x) }
        let (i, f, g) = (e.gates[0].value[4], e.gates[1].value[4], e.gates[2].value[4])
        #expect(lines[5] == "  c = f * c_prev + i * g = \(k(f)) * \(k(e.cPrev[4])) + \(k(i)) * \(k(g)) = \(k(e.c[4]))")
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
        expectCLIError("--hidden-size must be in 1...1024, got 0") {
            _ = try ExplainCommand.parse(["--hidden-size", "0"]).explanation()
        }
        expectCLIError("--units must be positive, got 0") { _ = try ExplainCommand.parse(["--units", "0"]).explanation() }
    }

    @Test func checkpointErrors() throws {
        expectCLIError("no such file") {
            _ = try ExplainCommand.parse(["--checkpoint", "/nonexistent/x.safetensors", "--input", "1"]).explanation()
        }
        let garbage = temporaryPath("garbage.safetensors")
        try Data("not a checkpoint".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        expectCLIError("cannot read the checkpoint") {
            _ = try ExplainCommand.parse(["--checkpoint", garbage.path, "--input", "1"]).explanation()
        }
        // A valid checkpoint of a GRU has no LSTM layer.
        let gruFile = temporaryPath("gru.safetensors")
        try Checkpoint.save(GRU<Float>(inputSize: 2, hiddenSize: 3, rng: RandomSource(seed: 0)), to: gruFile)
        defer { try? FileManager.default.removeItem(at: gruFile) }
        expectCLIError("has no LSTM layer") {
            _ = try ExplainCommand.parse(["--checkpoint", gruFile.path, "--input", "1,2"]).explanation()
        }
        expectCLIError("come from the checkpoint") {
            _ = try ExplainCommand.parse(["--checkpoint", gruFile.path, "--hidden-size", "3"]).explanation()
        }
    }

    @Test func explainsLayerZeroOfACheckpoint() throws {
        let lstm = LSTM<Float>(inputSize: 2, hiddenSize: 3, layerCount: 2, rng: RandomSource(seed: 9))
        let file = temporaryPath("lstm.safetensors")
        try Checkpoint.save(lstm, to: file, userMetadata: ["task": "textgen"])
        defer { try? FileManager.default.removeItem(at: file) }
        expectCLIError("needs --input") { _ = try ExplainCommand.parse(["--checkpoint", file.path]).explanation() }
        expectCLIError("has 3 numbers") {
            _ = try ExplainCommand.parse(["--checkpoint", file.path, "--input", "1,2,3"]).explanation()
        }
        let (e, source) = try ExplainCommand.parse(["--checkpoint", file.path, "--input", "0.5,-1"]).explanation()
        #expect(source == "checkpoint \(file.path), layer layers.0.cell.")
        #expect(e.hPrev == [0, 0, 0] && e.cPrev == [0, 0, 0])
        let cell = lstm.layers[0].cell
        let step = cell.step(Tensor<Float>(shape: [1, 2], scalars: [0.5, -1]), state: cell.zeroState(batchSize: 1))
        #expect(zip(e.h, step.state.h.scalars).allSatisfy { Swift.abs($0 - Double($1)) < 1e-6 })
    }

    @Test func explainJSONIsOneCamelCaseObject() throws {
        let run = try runLSTM(["explain", "--json", "--seed", "1"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["source", "seed", "explanation", "maxDifferenceFromLSTMCell"])
        let explanation = try #require(object["explanation"] as? [String: Any])
        #expect(Set(explanation.keys) == ["inputSize", "hiddenSize", "x", "hPrev", "cPrev", "gates", "forgetPart",
                                          "writePart", "c", "tanhC", "h"])
        let gate = try #require((explanation["gates"] as? [[String: Any]])?.first)
        #expect(Set(gate.keys) == ["name", "activation", "inputPart", "inputBias", "hiddenPart", "hiddenBias",
                                   "preActivation", "value", "inputWeights", "hiddenWeights"])
        #expect(gate["name"] as? String == "i" && object["seed"] as? Int == 1)
    }

    @Test func explainErrorsExitWithStatusOne() throws {
        let run = try runLSTM(["explain", "--input", "1,abc"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "Error: --input: 'abc' is not a number; give 2 comma-separated numbers (D = 2 inputs), " +
                "e.g. --input \"0.5,-1\"\n")
    }

    @Test func gradcheckPassesAndPrints() throws {
        let (setup, rows) = try GradcheckCommand.check("lstm", seed: 0)
        #expect(setup.summary == "LSTM, reference implementation, [T, B, D] = [3, 2, 5], H = 4")
        #expect(rows.map(\.name).first == "input x")
        #expect(rows.contains { $0.name == "layers.0.cell.weightHH" })
        #expect(rows.allSatisfy { $0.result.passed && $0.result.checkedCount > 0 })
        // The checks compare real gradients, not zeros.
        #expect(rows.allSatisfy { $0.result.maxAbsoluteError < 1e-6 })
    }

    @Test(arguments: ["attention-additive", "attention-dot", "attention-general", "attention-scaled-dot"])
    func gradcheckChecksEveryAttentionScore(_ name: String) throws {
        let (setup, rows) = try GradcheckCommand.check(name, seed: 0)
        #expect(setup.summary.hasPrefix(name.dropFirst("attention-".count) + " attention ("))
        #expect(rows.prefix(3).map(\.name) == ["query", "keys", "values"])
        #expect(rows.count == (name == "attention-additive" ? 6 : name == "attention-general" ? 4 : 3))
        #expect(rows.allSatisfy { $0.result.passed && $0.result.checkedCount > 0 && $0.result.maxAbsoluteError < 1e-6 })
    }

    @Test(arguments: ["conv1d", "conv2d", "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d"])
    func gradcheckChecksConvolutionAndPooling(_ name: String) throws {
        let (setup, rows) = try GradcheckCommand.check(name, seed: 0)
        #expect(setup.summary.lowercased().hasPrefix(name))
        #expect(rows.map(\.name) == (name.hasPrefix("conv") ? ["input x", "weight", "bias"] : ["input x"]))
        #expect(rows.allSatisfy { $0.result.passed && $0.result.checkedCount > 0 && $0.result.maxAbsoluteError < 1e-6 })
    }

    @Test(arguments: ["gan-discriminator", "gan-generator"])
    func gradcheckChecksTheGANLosses(_ name: String) throws {
        let (setup, rows) = try GradcheckCommand.check(name, seed: 0)
        #expect(setup.summary.hasPrefix(name == "gan-discriminator" ? "GAN discriminator loss" : "GAN generator loss"))
        #expect(rows.first?.name == (name == "gan-discriminator" ? "real sequences" : "noise z"))
        #expect(rows.contains { $0.name == (name == "gan-discriminator" ? "discriminator.head.weight" : "generator.head.weight") })
        #expect(rows.allSatisfy { $0.result.passed && $0.result.checkedCount > 0 && $0.result.maxAbsoluteError < 1e-6 })
    }

    @Test func gradcheckJSONIsOneCamelCaseObject() throws {
        let run = try runLSTM(["gradcheck", "fused-lstm", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["layer", "summary", "seed", "passed", "tensors", "note"])
        #expect(object["passed"] as? Bool == true && (object["note"] as? String)?.hasPrefix("implementation that ran: ") == true)
        let tensor = try #require((object["tensors"] as? [[String: Any]])?.first)
        #expect(Set(tensor.keys) == ["name", "shape", "elements", "maxAbsoluteError", "maxRelativeError", "passed"])
        #expect(run.stderr.contains("PASS: "))
    }

    @Test func gradcheckRejectsAnUnknownLayer() throws {
        expectCLIError("unknown layer 'transformer'; choose one of: linear,") {
            try GradcheckCommand.parse(["transformer"]).run()
        }
        let run = try runLSTM(["gradcheck", "transformer"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("Error: unknown layer 'transformer'; choose one of: linear, embedding,"))
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
    }
}
