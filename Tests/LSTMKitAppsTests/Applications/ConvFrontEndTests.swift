import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

/// The CNN-LSTM classifier: the Conv1D front-end's shapes and parameter names, padding invariance (the mask
/// between blocks), and the config's Codable round trip (old configs without `conv` still decode).
@Suite struct ConvFrontEndTests {
    static let conv = ConvFrontEndConfig(inputSize: 3, channels: 4, kernelSize: 3, layerCount: 2, pool: 2)

    static func config(pooling: SequenceClassifierConfig.Pooling) -> SequenceClassifierConfig {
        var c = SequenceClassifierConfig(inputSize: 4, hiddenSize: 5, pooling: pooling, classCount: 3)
        c.conv = conv
        return c
    }

    @Test func namesShapesAndTheFunctionalOps() {
        let model = SequenceClassifier<Double>(Self.config(pooling: .last), rng: RandomSource(seed: 1))
        let named = model.namedParameters()
        #expect(named.prefix(4).map(\.path) == ["frontEnd.layers.0.weight", "frontEnd.layers.0.bias",
                                                 "frontEnd.layers.1.weight", "frontEnd.layers.1.bias"])
        #expect(named.prefix(4).map(\.parameter.shape) == [[4, 3, 3], [4], [4, 4, 3], [4]])
        #expect(named.contains { $0.path == "recurrent.layers.0.cell.weightIH" && $0.parameter.shape == [20, 4] })
        // The front-end is relu(conv1d(., same)) twice, then max pooling over time, time-major in and out.
        let x = randomTensor([7, 2, 3], seed: 2)                                      // [T, B, D]
        let (y, lengths) = model.frontEnd!(x, lengths: [7, 5])
        #expect(y.shape == [3, 2, 4] && lengths == [3, 2])
        let f = model.frontEnd!.layers
        var h = relu(conv1d(x.permuted([1, 2, 0]), weight: f[0].weight.data, bias: f[0].bias!.data, padding: .same))
        let mask = Tensor<Double>(shape: [2, 1, 7], scalars: (0..<14).map { $0 < 7 || $0 - 7 < 5 ? 1 : 0 })
        h = h * mask
        h = relu(conv1d(h, weight: f[1].weight.data, bias: f[1].bias!.data, padding: .same)) * mask
        expectClose(y, maxPool1d(h, kernel: 2).permuted([2, 0, 1]), atol: 1e-12, rtol: 1e-12)
        // Without a front-end the names are the plain classifier's.
        let plain = SequenceClassifier<Double>(SequenceClassifierConfig(inputSize: 3, hiddenSize: 5, classCount: 3),
                                               rng: RandomSource(seed: 1))
        #expect(plain.frontEnd == nil && plain.namedParameters().first?.path == "recurrent.layers.0.cell.weightIH")
    }

    @Test(arguments: SequenceClassifierConfig.Pooling.allCases)
    func paddingDoesNotChangeTheLogits(_ pooling: SequenceClassifierConfig.Pooling) {
        let model = SequenceClassifier<Double>(Self.config(pooling: pooling), rng: RandomSource(seed: 3))
        model.eval()
        let short = LabeledSequence(values: (0..<12).map { Float($0) / 6 }, steps: 4, label: 1)
        let long = LabeledSequence(values: (0..<21).map { Float($0 % 4) / 3 }, steps: 7, label: 2)
        let alone: (inputs: Tensor<Double>, lengths: [Int], labels: [Int]) =
            SequenceClassificationBatch.make([short], featureCount: 3)
        let padded: (inputs: Tensor<Double>, lengths: [Int], labels: [Int]) =
            SequenceClassificationBatch.make([long, short], featureCount: 3)
        let a = model(alone.inputs, lengths: alone.lengths)
        let b = model(padded.inputs, lengths: padded.lengths).slice(axis: 0, 1..<2)
        expectClose(b, a, atol: 1e-12, rtol: 1e-10)
    }

    @Test func configRoundTripsAndValidates() throws {
        var c = ClassifyConfig()
        c.data = "x.csv"
        c.conv = ConvFrontEndConfig(channels: 8, kernelSize: 5, layerCount: 2, pool: 2)
        let decoded = try JSONDecoder().decode(ClassifyConfig.self, from: JSONEncoder().encode(c))
        #expect(decoded.conv == c.conv)
        #expect(decoded.modelConfig(featureCount: 6, classCount: 4).conv?.inputSize == 6)
        #expect(decoded.modelConfig(featureCount: 6, classCount: 4).recurrent.inputSize == 8)
        // A model config written before the front-end existed decodes with conv nil.
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.config(pooling: .mean))) as! [String: Any]
        object["conv"] = nil
        let old = try JSONDecoder().decode(SequenceClassifierConfig.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.conv == nil && old.inputSize == 4)
        for (field, bad) in [("convChannels", ConvFrontEndConfig(channels: 0)), ("convKernel", ConvFrontEndConfig(channels: 2, kernelSize: 0)),
                             ("convLayers", ConvFrontEndConfig(channels: 2, layerCount: 0)), ("convPool", ConvFrontEndConfig(channels: 2, pool: 0))] {
            c.conv = bad
            #expect(throws: ConfigError(field, bad.problem?.message ?? "")) { try c.validate() }
        }
    }
}
