import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

/// The LSTM autoencoder of the anomaly task: its equations, its gradients (Double finite differences through
/// the whole model, masked loss included), that padding changes nothing, and the window-stats features.
@Suite struct SequenceAutoencoderTests {
    static let config = SequenceAutoencoderConfig(encoder: RecurrentEncoderConfig(inputSize: 2, hiddenSize: 3))

    @Test func reconstructionFollowsTheEquations() {
        let model = SequenceAutoencoder<Double>(Self.config, implementation: .reference, rng: RandomSource(seed: 1))
        let x = randomTensor([5, 2, 2], seed: 2)                                       // [T, B, D]
        let y = model(x)
        #expect(y.shape == [5, 2, 2])
        // By hand: the encoder's final h, repeated; the decoder over it; the linear map.
        let code = model.encoder(x).finalStates.last!.output                           // [B, H]
        let repeated = Tensor.stack(Array(repeating: code, count: 5), axis: 0)
        expectClose(y, model.output(model.decoder(repeated).outputs), atol: 1e-14, rtol: 1e-14)
        // The loss is the mean squared error; each score is one window's mean squared error.
        let e = ((y - x) * (y - x)).scalars
        #expect(abs(model.loss(x).scalars[0] - e.reduce(0, +) / 20) < 1e-14)
        let scores = model.scores(x)
        for b in 0..<2 {
            let mine = (0..<5).flatMap { t in (0..<2).map { e[(t * 2 + b) * 2 + $0] } }
            #expect(abs(scores[b] - mine.reduce(0, +) / 10) < 1e-14)
        }
        // Parameter names: encoder, decoder, output.
        #expect(model.namedParameters().map(\.path).contains("decoder.layers.0.cell.weightIH"))
        #expect(model.namedParameters().last?.path == "output.bias")
    }

    @Test func gradientsMatchFiniteDifferences() {
        let model = SequenceAutoencoder<Double>(Self.config, implementation: .reference, rng: RandomSource(seed: 3))
        let x = randomTensor([4, 2, 2], seed: 4)
        expectGradientsMatch([x], parameters: model.parameters()) { model.loss($0[0], lengths: [4, 3]) }
    }

    @Test func fusedKernelGivesTheReferenceLossAndGradients() {
        let x = randomTensor([6, 3, 2], seed: 5)
        let reference = SequenceAutoencoder<Double>(Self.config, implementation: .reference, rng: RandomSource(seed: 6))
        let fused = SequenceAutoencoder<Double>(Self.config, implementation: .fused, rng: RandomSource(seed: 6))
        let (a, b) = (reference.loss(x, lengths: [6, 4, 2]), fused.loss(x, lengths: [6, 4, 2]))
        #expect(abs(a.scalars[0] - b.scalars[0]) < 1e-12)
        a.backward()
        b.backward()
        for (p, q) in zip(reference.parameters(), fused.parameters()) {
            expectClose(p.grad!, q.grad!, atol: 1e-12, rtol: 1e-10)
        }
    }

    @Test func paddingChangesNeitherScoresNorLoss() {
        let model = SequenceAutoencoder<Double>(Self.config, rng: RandomSource(seed: 7))
        let short = LabeledSequence(values: (0..<8).map { Float($0) / 4 }, steps: 4, label: 0)
        let long = LabeledSequence(values: (0..<14).map { Float($0 % 5) / 3 }, steps: 7, label: 0)
        let alone: (inputs: Tensor<Double>, lengths: [Int], labels: [Int]) = SequenceClassificationBatch.make([short], featureCount: 2)
        let padded: (inputs: Tensor<Double>, lengths: [Int], labels: [Int]) =
            SequenceClassificationBatch.make([long, short], featureCount: 2)
        let a = model.scores(alone.inputs, lengths: alone.lengths)[0]
        let b = model.scores(padded.inputs, lengths: padded.lengths)[1]
        #expect(abs(a - b) < 1e-12)
        let loss = model.loss(padded.inputs, lengths: padded.lengths).scalars[0]
        let both = model.scores(padded.inputs, lengths: padded.lengths)
        #expect(abs(loss - (both[0] * 7 + both[1] * 4) / 11) < 1e-12)
    }

    @Test func windowStatsAreShapeLevelAndScale() {
        let data = LabeledSequences(featureCount: 2, classNames: ["a", "b"], examples: [
            LabeledSequence(values: [1, 5, 3, 5, 2, 5], steps: 3, label: 0)])
        let f = AnomalyData.featurize(data, .windowStats, floor: 0.001)
        #expect(f.featureCount == 6 && f.examples[0].steps == 3)
        let s = (2.0 / 3).squareRoot() + 0.001                   // channel 0: 1, 3, 2 -> mean 2, std sqrt(2/3)
        let expected: [Double] = [-1 / s, 0, 2, 5, log(s), log(0.001)]
        for (v, e) in zip(f.examples[0].values.prefix(6), expected) { #expect(abs(Double(v) - e) < 1e-5) }
        #expect(AnomalyData.featurize(data, .raw, floor: 0.001).examples == data.examples)
    }
}
