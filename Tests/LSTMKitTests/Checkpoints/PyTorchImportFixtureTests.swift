import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// `PyTorchStateDict` against PyTorch: the state_dicts in Fixtures/pytorch-import/*.safetensors were saved by
/// `safetensors.torch.save_file` from seeded `nn.LSTM` / `nn.GRU` modules (Tools/fixtures/pytorch_import.py),
/// and Fixtures/pytorch-import.json holds PyTorch's float32 outputs on the same input. The imported encoder
/// must give them within 1e-5, with the architecture read from the names and shapes alone.
@Suite struct PyTorchImportFixtureTests {
    struct Config: Decodable, Equatable {
        let inputSize: Int, hiddenSize: Int, layerCount: Int
        /// Recurrent cases only (the classifier cases are bidirectional and give classCount).
        let bidirectional: Bool?
    }

    struct Case: Decodable {
        let name: String
        let file: String
        let names: [String]
        let config: Config?
        let x: FixtureTensor?
        let outputs: FixtureTensor?
        let hN: FixtureTensor?
        let cN: FixtureTensor?
        let `as`: String
    }

    struct File: Decodable { let cases: [Case] }

    static let file: File = try! Fixtures.load("pytorch-import")

    static func fixture(_ name: String) -> Case { file.cases.first { $0.name == name }! }

    static func url(_ relative: String) -> URL {
        Fixtures.url("pytorch-import")!.deletingLastPathComponent().appendingPathComponent(relative)
    }

    @Test(arguments: ["lstm-2layer-bidirectional", "gru-2layer-wrapped", "gru-bidirectional", "lstm-float64"])
    func outputsMatchPyTorch(_ name: String) throws {
        let c = Self.fixture(name)
        let stateDict = try PyTorchStateDict(contentsOf: Self.url(c.file))
        #expect(stateDict.prefix == (name.hasSuffix("wrapped") ? "model." : ""))
        #expect(stateDict.convertedFromDouble == (name == "lstm-float64"))
        #expect(Set(stateDict.tensors.keys.map(stateDict.fileName)) == Set(c.names))
        let cell: RecurrentCellKind = c.as == "gru" ? .gru : .lstm
        let encoder = try stateDict.recurrentEncoder(cell: cell)
        let config = try #require(c.config)
        #expect(encoder.config == RecurrentEncoderConfig(cell: cell, inputSize: config.inputSize, hiddenSize: config.hiddenSize,
                                                         layerCount: config.layerCount, bidirectional: config.bidirectional!))
        for implementation in [RecurrentImplementation.reference, .native] {
            encoder.implementation = implementation
            let out = encoder(try #require(c.x).tensor(Float.self))
            expectClose(out.outputs, c.outputs!.tensor(), atol: 1e-5, rtol: 1e-5, "\(name) outputs \(implementation)")
            let hN = Tensor.stack(out.finalStates.map { $0.components[0] })
            expectClose(hN, c.hN!.tensor(), atol: 1e-5, rtol: 1e-5, "\(name) h_n")
            if let cN = c.cN {
                expectClose(Tensor.stack(out.finalStates.map { $0.components[1] }), cN.tensor(), atol: 1e-5, rtol: 1e-5,
                            "\(name) c_n")
            }
        }
    }

    @Test func prefixes() throws {
        let url = Self.url(Self.fixture("gru-2layer-wrapped").file)
        let explicit = try PyTorchStateDict(contentsOf: url, prefix: "model.")
        #expect(explicit.prefix == "model." && explicit.ignored.isEmpty && explicit.tensors["weight_ih_l1"] != nil)
        #expect(PyTorchStateDict.commonPrefix(["a.b.weight", "a.b.bias", "a.c.weight"]) == "a.")
        #expect(PyTorchStateDict.commonPrefix(["weight_ih_l0", "weight_hh_l0"]) == "")
        #expect(PyTorchStateDict.commonPrefix(["embedding.weight", "lstm.weight_ih_l0", "fc.bias"]) == "")
        #expect(PyTorchStateDict.commonPrefix(["m.lstm.weight_ih_l0", "m.lstm.bias_ih_l0"]) == "m.lstm.")
        expectCheckpointError(.missingTensor, [url.path, "no tensor name starts with the prefix 'rnn.'", "'model.bias_hh_l0'"]) {
            _ = try PyTorchStateDict(contentsOf: url, prefix: "rnn.")
        }
        // A part of a bigger model: the other tensors are listed as ignored.
        let textgen = Self.url(Self.fixture("textgen-lstm").file)
        let part = try PyTorchStateDict(contentsOf: textgen, prefix: "lstm.")
        #expect(part.ignored == ["embedding.weight", "fc.bias", "fc.weight"])
        #expect(try part.recurrentEncoder(cell: .lstm).config.layerCount == 2)
        #expect(try PyTorchStateDict(contentsOf: textgen).recurrentModules == ["lstm."])
    }

    @Test func refusesHalfPrecision() {
        let url = Self.url(Self.fixture("lstm-float16").file)
        expectCheckpointError(.dtypeMismatch, [url.path, "dtype 'F16'", "v.float()"]) {
            _ = try PyTorchStateDict(contentsOf: url)
        }
    }

    /// The 2-layer bidirectional LSTM's file, changed by `edit`, written to a temporary file.
    func edited(_ dir: URL, _ edit: (inout SafeTensors) -> Void) throws -> URL {
        var file = try SafeTensors(contentsOf: Self.url(Self.fixture("lstm-2layer-bidirectional").file))
        edit(&file)
        let url = dir.appendingPathComponent("edited.safetensors")
        try file.write(to: url)
        return url
    }

    @Test func badFilesGiveOneLineErrors() throws {
        try withCheckpointDirectory { dir in
            var url = try edited(dir) { file in
                var w = file.tensors["weight_hh_l1"]!.tensor(as: Float.self)!
                w[3, 2] = .nan
                file.tensors["weight_hh_l1"] = AnyTensor(w)
            }
            expectCheckpointError(.malformed, [url.path, "tensor 'weight_hh_l1' of shape [16, 4] holds nan at flat index 14"]) {
                _ = try PyTorchStateDict(contentsOf: url)
            }
            url = try edited(dir) { $0.tensors["bias_hh_l1_reverse"] = nil }
            expectCheckpointError(.missingTensor, [url.path, "missing tensor 'bias_hh_l1_reverse'"]) {
                _ = try PyTorchStateDict(contentsOf: url).recurrentEncoder()
            }
            url = try edited(dir) { $0.tensors["fc.weight"] = AnyTensor(Tensor<Float>.zeros([2, 8])) }
            expectCheckpointError(.unexpectedTensor, [url.path, "1 tensor the model does not have: 'fc.weight'"]) {
                _ = try PyTorchStateDict(contentsOf: url).recurrentEncoder()
            }
            url = try edited(dir) { $0.tensors["weight_ih_l1_reverse"] = AnyTensor(Tensor<Float>.zeros([16, 7])) }
            expectCheckpointError(.shapeMismatch, [url.path, "tensor 'weight_ih_l1_reverse' has shape [16, 7]",
                                                   "expects [16, 8]"]) {
                _ = try PyTorchStateDict(contentsOf: url).recurrentEncoder()
            }
            url = try edited(dir) { file in
                for name in file.tensors.keys where name.hasPrefix("bias") { file.tensors[name] = nil }
            }
            expectCheckpointError(.missingTensor, [url.path, "bias=False layers are not imported"]) {
                _ = try PyTorchStateDict(contentsOf: url).recurrentEncoder()
            }
        }
        let gru = Self.url(Self.fixture("gru-bidirectional").file)
        expectCheckpointError(.shapeMismatch, [gru.path, "'weight_hh_l0' of shape [9, 3] is an nn.GRU's",
                                               "import it as gru"]) {
            _ = try PyTorchStateDict(contentsOf: gru).recurrentEncoder(cell: .lstm)
        }
        let textgen = Self.url(Self.fixture("textgen-lstm").file)
        expectCheckpointError(.missingTensor, [textgen.path, "has no tensor 'weight_ih_l0'",
                                               "recurrent layers are under 'lstm.'"]) {
            _ = try PyTorchStateDict(contentsOf: textgen).recurrentEncoder()
        }
    }
}
