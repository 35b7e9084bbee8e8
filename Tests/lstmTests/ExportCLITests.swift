import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm export CHECKPOINT --onnx FILE --sample-io io.json`: the report, the sample's shapes and values (LSTMKit's
/// own forward pass on the sample's ids), determinism, and bad input as one line with nothing written. That
/// ONNX Runtime computes the same outputs from the file is Scripts/check-onnx.py's job (it needs Python).
@Suite struct ExportCLITests {
    let dir = TemporaryDirectory()

    func sampleIO(_ name: String) throws -> JSON {
        try JSON(parsing: String(decoding: Data(contentsOf: URL(fileURLWithPath: dir.path(name))), as: UTF8.self))
    }

    @Test func textgenExportsWithSampleIO() throws {
        _ = try expectJSON(lstm(try TinyData.textgen(dir) + ["--json"]))
        let arguments = ["export", dir.path("run"), "--onnx", dir.path("m.onnx"), "--sample-io", dir.path("io.json"),
                         "--seed", "4", "--sample-steps", "5", "--sample-batch", "2"]
        let report = try expectJSON(lstm(arguments + ["--json"]))
        #expect(report["task"].string == "textgen" && report["opset"].int == 17)
        #expect(report["onnx"].string == dir.path("m.onnx") && report["sampleIO"].string == dir.path("io.json"))
        #expect(report["inputs"].array.compactMap(\.string) == ["c_0", "h_0", "ids"])
        #expect(report["outputs"].array.compactMap(\.string) == ["c_n", "h_n", "logits"])
        #expect(report["operators"].array.compactMap(\.string) ==
                ["Gather", "Slice", "LSTM", "Transpose", "Reshape", "MatMul", "Add", "Identity"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.path("m.onnx")))
        #expect(report["bytes"].int == bytes.count && bytes.count > 500)

        let io = try sampleIO("io.json")
        let vocabulary = Set(TinyData.text).count
        #expect(io["task"].string == "textgen" && io["seed"].int == 4)
        #expect(io["inputs"]["ids"]["dtype"].string == "int64" && io["inputs"]["ids"]["shape"].array.compactMap(\.int) == [5, 2])
        #expect(io["outputs"]["logits"]["shape"].array.compactMap(\.int) == [5, 2, vocabulary])
        #expect(io["outputs"]["h_n"]["shape"].array.compactMap(\.int) == [1, 2, 8])
        #expect(io["outputs"]["c_n"]["shape"].array.compactMap(\.int) == [1, 2, 8])
        #expect(io["inputs"]["h_0"]["shape"].array.compactMap(\.int) == [1, 2, 8] && io["inputs"]["c_0"]["dtype"].string == "float32")
        let ids = io["inputs"]["ids"]["data"].array.compactMap(\.int)
        #expect(ids.count == 10 && ids.allSatisfy { (0..<vocabulary).contains($0) })
        // The logits and final states are the checkpoint's forward pass on those ids from those states, value
        // for value.
        func floats(_ value: JSON) -> [Float] { value["data"].array.compactMap(\.double).map { Float($0) } }
        let (h0, c0) = (floats(io["inputs"]["h_0"]), floats(io["inputs"]["c_0"]))
        #expect(h0.count == 16 && h0 != c0 && h0.contains { $0 != 0 })
        let model = try TextgenTask.load(URL(fileURLWithPath: dir.path("run")))
        let start = EncoderState(components: [Tensor(shape: [2, 8], scalars: h0), Tensor(shape: [2, 8], scalars: c0)])
        let (logits, final) = withoutGrad { model.network(ids, shape: [5, 2], states: [start]) }
        #expect(floats(io["outputs"]["logits"]) == logits.scalars)
        #expect(floats(io["outputs"]["h_n"]) == final[0].components[0].scalars)
        #expect(floats(io["outputs"]["c_n"]) == final[0].components[1].scalars)

        // Deterministic: the same command writes the same bytes; another seed draws another sample.
        #expect(lstm(arguments).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("m.onnx"))) == bytes)
        #expect(try sampleIO("io.json")["inputs"]["ids"]["data"].array.compactMap(\.int) == ids)
        #expect(lstm(["export", dir.path("run"), "--onnx", dir.path("m2.onnx"), "--sample-io", dir.path("io2.json"),
                      "--seed", "5", "--sample-steps", "5", "--sample-batch", "2"]).status == 0)
        #expect(try sampleIO("io2.json")["inputs"]["ids"]["data"].array.compactMap(\.int) != ids)
        // Without --json: what was written, the opset and the operators.
        let plain = lstm(["export", dir.path("run"), "--onnx", dir.path("m3.onnx")])
        #expect(plain.status == 0 && plain.output.contains("ONNX opset 17") && plain.output.contains("operators: Gather, Slice, LSTM"))
        #expect(!dir.exists("io3.json"))
    }

    @Test func badInputIsOneLineAndWritesNothing() throws {
        let notCheckpoint = try dir.write("hello", to: "x.safetensors")
        expectOneLineError(lstm(["export", notCheckpoint, "--onnx", dir.path("m.onnx")]), notCheckpoint)
        expectOneLineError(lstm(["export", notCheckpoint, "--onnx", dir.path("m.onnx"), "--sample-steps", "0"]),
                           "--sample-steps must be in 1...1000, got 0")
        expectOneLineError(lstm(["export", notCheckpoint, "--onnx", dir.path("m.onnx"), "--sample-batch", "-2"]),
                           "--sample-batch must be in 1...1000, got -2")
        // A cell without an ONNX operator.
        _ = try expectJSON(lstm(TinyData.classify(dir, data: try TinyData.tsPair(dir)) + ["--cell", "peephole", "--json"]))
        expectOneLineError(lstm(["export", dir.path("run"), "--onnx", dir.path("m.onnx"), "--sample-io", dir.path("io.json")]),
                           "ONNX export: the peephole cell has no ONNX operator; supported cells: lstm, gru, rnn")
        #expect(!dir.exists("m.onnx") && !dir.exists("io.json"))
        // A folder that does not exist.
        _ = try expectJSON(lstm(TinyData.classify(dir, data: dir.path("ts"), output: "lstm") + ["--json"]))
        expectOneLineError(lstm(["export", dir.path("lstm"), "--onnx", dir.path("missing/m.onnx")]),
                           "cannot write --onnx \(dir.path("missing/m.onnx"))")
    }
}
