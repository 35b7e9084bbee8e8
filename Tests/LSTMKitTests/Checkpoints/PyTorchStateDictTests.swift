import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Loading a PyTorch `state_dict` saved with `safetensors.torch.save_file`: the file is written here from
/// Swift in PyTorch's naming (no Python needed), as this PyTorch module would write it:
///
///     class Tagger(nn.Module):
///         def __init__(self):
///             super().__init__()
///             self.lstm = nn.LSTM(3, 4, num_layers=2, dropout=0.25)
///             self.head = nn.Linear(4, 5)
///     safetensors.torch.save_file(Tagger().state_dict(), "tagger.safetensors", metadata={"format": "pt"})
@Suite struct PyTorchStateDictTests {
    /// The state_dict names and shapes of `Tagger`, in PyTorch's order (written by hand from the PyTorch docs).
    static let taggerStateDict: [(String, [Int])] = [
        ("lstm.weight_ih_l0", [16, 3]), ("lstm.weight_hh_l0", [16, 4]), ("lstm.bias_ih_l0", [16]),
        ("lstm.bias_hh_l0", [16]), ("lstm.weight_ih_l1", [16, 4]), ("lstm.weight_hh_l1", [16, 4]),
        ("lstm.bias_ih_l1", [16]), ("lstm.bias_hh_l1", [16]), ("head.weight", [5, 4]), ("head.bias", [5]),
    ]

    /// Tensor k of the list holds k * 1000 + i at flat index i, so every value says where it came from.
    static func stateDictFile<S: TensorScalar>(_ entries: [(String, [Int])], _ type: S.Type) -> SafeTensors {
        var file = SafeTensors(metadata: ["format": "pt"])
        for (k, (name, shape)) in entries.enumerated() {
            let count = shape.reduce(1, *)
            file.tensors[name] = AnyTensor(Tensor<S>(shape: shape, scalars: (0..<count).map { S(k * 1000 + $0) }))
        }
        return file
    }

    @Test func nameMapOfAStack() {
        let lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4, layerCount: 2, bidirectional: true)
        let names = lstm.pytorchParameterNames()
        #expect(names["layers.0.cell.weightIH"] == "weight_ih_l0")
        #expect(names["layers.1.cell.biasHH"] == "bias_hh_l1")
        #expect(names["reverseLayers.1.cell.weightHH"] == "weight_hh_l1_reverse")
        #expect(names.count == 16)
        let prefixed = Checkpoint.prefixedNameMap(["a.b": "c"], modelPrefix: "lstm.", filePrefix: "rnn.")
        #expect(prefixed == ["lstm.a.b": "rnn.c"])
    }

    @Test func loadsATaggerStateDict() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("tagger.safetensors")
            try Self.stateDictFile(Self.taggerStateDict, Float.self).write(to: url)

            let tagger = TinyTagger<Float>(TinyConfig(), rng: RandomSource(seed: 0))
            let names = Checkpoint.prefixedNameMap(tagger.lstm.pytorchParameterNames(),
                                                   modelPrefix: "lstm.", filePrefix: "lstm.")
            // Without the map the LSTMKit paths are missing.
            expectCheckpointError(.missingTensor, [url.path, "missing tensors for 8 model parameters",
                                                   "'lstm.layers.0.cell.weightIH'"]) {
                try Checkpoint.load(into: tagger, from: url)
            }
            let info = try Checkpoint.load(into: tagger, from: url, options: .init(nameMap: names))
            #expect(info.formatVersion == nil && info.userEntries == ["format": "pt"])
            // weight_hh_l1 is entry 5: 5000, 5001, ...; head.bias is entry 9.
            let cell1 = tagger.lstm.layers[1].cell
            #expect(Array(cell1.weightHH.data.scalars.prefix(3)) == [Float(5000), 5001, 5002])
            #expect(cell1.weightHH.shape == [16, 4])
            #expect(cell1.biasIH?.data.scalars.first == 6000)
            #expect(tagger.lstm.layers[0].cell.weightIH.data.scalars.last == Float(47))   // 16 * 3 - 1
            #expect(tagger.head.weight.data[1, 0] == Float(8004))                   // row 1 of a [5, 4] weight
            #expect(tagger.head.bias?.data.scalars == [9000, 9001, 9002, 9003, 9004])

            // Saving with the same map writes PyTorch's names (what `load_file` + `load_state_dict` expect).
            let out = dir.appendingPathComponent("out.safetensors")
            try Checkpoint.save(tagger, to: out, nameMap: names)
            let written = try SafeTensors(contentsOf: out)
            #expect(Set(written.tensors.keys) == Set(Self.taggerStateDict.map(\.0)))
            let writtenHH = written.tensors["lstm.weight_hh_l1"]?.tensor(as: Float.self)
            #expect(writtenHH?.scalars == cell1.weightHH.data.scalars)
        }
    }

    /// A bidirectional nn.LSTM saved from float64 weights loads into a Float stack with conversion.
    @Test func loadsABidirectionalDoubleStateDict() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("bilstm.safetensors")
            let entries: [(String, [Int])] = [
                ("weight_ih_l0", [12, 2]), ("weight_hh_l0", [12, 3]), ("bias_ih_l0", [12]), ("bias_hh_l0", [12]),
                ("weight_ih_l0_reverse", [12, 2]), ("weight_hh_l0_reverse", [12, 3]), ("bias_ih_l0_reverse", [12]),
                ("bias_hh_l0_reverse", [12]),
            ]
            try Self.stateDictFile(entries, Double.self).write(to: url)
            let lstm = LSTM<Float>(inputSize: 2, hiddenSize: 3, bidirectional: true)
            let options = Checkpoint.LoadOptions(nameMap: lstm.pytorchParameterNames())
            expectCheckpointError(.dtypeMismatch, [url.path, "has dtype F64"]) {
                try Checkpoint.load(into: lstm, from: url, options: options)
            }
            var converting = options
            converting.allowDTypeConversion = true
            try Checkpoint.load(into: lstm, from: url, options: converting)
            #expect(lstm.reverseLayers[0].cell.weightHH.data.scalars.first == 5000)
            #expect(lstm.layers[0].cell.biasHH?.data.scalars.last == 3011)
        }
    }

    /// A state_dict of another shape (nn.LSTM(3, 8)) names the tensor, the parameter and both shapes.
    @Test func shapeMismatchNamesBothNames() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("wide.safetensors")
            let entries: [(String, [Int])] = [
                ("weight_ih_l0", [32, 3]), ("weight_hh_l0", [32, 8]), ("bias_ih_l0", [32]), ("bias_hh_l0", [32]),
            ]
            try Self.stateDictFile(entries, Float.self).write(to: url)
            let lstm = LSTM<Float>(inputSize: 3, hiddenSize: 4)
            expectCheckpointError(.shapeMismatch, [url.path, "tensor 'weight_ih_l0' has shape [32, 3]",
                                                   "the model expects [16, 3]",
                                                   "for the parameter 'layers.0.cell.weightIH'"]) {
                try Checkpoint.load(into: lstm, from: url, options: .init(nameMap: lstm.pytorchParameterNames()))
            }
        }
    }
}
