import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct SequenceClassificationTests {
    static func config(_ cell: RecurrentCellKind, _ pooling: SequenceClassifierConfig.Pooling,
                       bidirectional: Bool) -> SequenceClassifierConfig {
        SequenceClassifierConfig(cell: cell, inputSize: 3, hiddenSize: 4, layerCount: 2, bidirectional: bidirectional,
                                 pooling: pooling, dropout: 0.1, classCount: 5)
    }

    /// Padding never changes a sequence's logits (last and mean pooling, LSTM and GRU, one or two directions).
    @Test(arguments: [RecurrentCellKind.lstm, .gru])
    func paddingDoesNotChangeTheLogits(cell: RecurrentCellKind) {
        for pooling in SequenceClassifierConfig.Pooling.allCases {
            for bidirectional in [false, true] {
                let model = SequenceClassifier<Float>(Self.config(cell, pooling, bidirectional: bidirectional),
                                                      rng: RandomSource(seed: 1))
                model.eval()
                let short = LabeledSequence(values: (0..<6).map { Float($0) / 6 }, steps: 2, label: 1)
                let long = LabeledSequence(values: (0..<15).map { Float($0 % 4) / 3 }, steps: 5, label: 3)
                let alone: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
                    SequenceClassificationBatch.make([short], featureCount: 3)
                let padded: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
                    SequenceClassificationBatch.make([long, short], featureCount: 3)
                #expect(padded.inputs.shape == [5, 2, 3] && padded.lengths == [5, 2] && padded.labels == [3, 1])
                let a = model(alone.inputs, lengths: alone.lengths)                        // [1, 5]
                let b = model(padded.inputs, lengths: padded.lengths).slice(axis: 0, 1..<2)
                #expect(a.shape == [1, 5])
                expectClose(b, a, atol: 1e-5, rtol: 1e-4)
            }
        }
    }

    /// A tiny task learns: is the first feature's sum over time positive?
    @Test func learnsATinyTask() {
        let rng = RandomSource(seed: 3)
        let examples = (0..<64).map { _ -> LabeledSequence in
            let steps = 3 + rng.int(in: 0..<4)
            let values = rng.uniforms(count: steps * 2).map { Float($0 * 2 - 1) }
            let sum = stride(from: 0, to: values.count, by: 2).reduce(Float(0)) { $0 + values[$1] }
            return LabeledSequence(values: values, steps: steps, label: sum > 0 ? 1 : 0)
        }
        let data = LabeledSequences(featureCount: 2, classNames: ["neg", "pos"], examples: examples)
        let model = SequenceClassifier<Float>(
            SequenceClassifierConfig(inputSize: 2, hiddenSize: 8, pooling: .mean, classCount: 2), rng: rng)
        let optimizer = Adam(parameters: model.parameters(), learningRate: 0.03)
        let batch: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
            SequenceClassificationBatch.make(examples, featureCount: 2)
        for _ in 0..<60 {
            let loss = crossEntropy(logits: model(batch.inputs, lengths: batch.lengths), targets: batch.labels)
            model.zeroGrad()
            loss.backward()
            optimizer.step()
        }
        let predictions = SequenceClassificationBatch.predict(model, data, batchSize: 10)
        #expect(accuracy(predictions: predictions, targets: batch.labels) >= 0.9)
    }

    @Test func scalerIsFittedPerFeatureOverAllSteps() {
        let data = LabeledSequences(featureCount: 2, classNames: ["a", "b"], examples: [
            LabeledSequence(values: [0, 10, 2, 10], steps: 2, label: 0),
            LabeledSequence(values: [4, 10], steps: 1, label: 1),
        ])
        let scaler = data.fittedScaler(StandardScaler())
        #expect(scaler.mean == [2, 10])
        let scaled = data.scaled(by: scaler)
        #expect(scaled.examples[1].values[1] == 0 && abs(scaled.examples[0].values[0] + 1.2247) < 1e-3)
    }

    @Test func stratifiedSplitKeepsClassShares() {
        let labels = (0..<100).map { $0 < 80 ? 0 : 1 }
        let s = SplitIndices.stratified(labels: labels, train: 0.8, validation: 0.1, using: RandomSource(seed: 0))
        #expect(s.test.filter { labels[$0] == 1 }.count == 2 && s.test.count == 10 && s.train.count == 80)
        #expect(Set(s.train + s.validation + s.test).count == 100)
    }
}
