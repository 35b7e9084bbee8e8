import LSTMKit
/// Padded, time-major batches of `LabeledSequences` for a `SequenceClassifier`, and whole-set prediction.
public enum SequenceClassificationBatch {
    /// The inputs [T, B, D] (T = the longest example, shorter ones zero-padded at the end), the lengths and
    /// the labels of `examples`.
    public static func make<S: TensorScalar>(_ examples: [LabeledSequence], featureCount d: Int)
        -> (inputs: Tensor<S>, lengths: [Int], labels: [Int])
    {
        if examples.isEmpty { failure("SequenceClassificationBatch.make: no examples") }
        let steps = examples.map(\.steps).max()!, batch = examples.count
        var scalars = [S](repeating: 0, count: steps * batch * d)
        for (b, e) in examples.enumerated() {
            if e.values.count != e.steps * d {
                failure("SequenceClassificationBatch.make: example \(b) has \(e.values.count) values, " +
                        "expected steps \(e.steps) * features \(d)")
            }
            for t in 0..<e.steps {
                let src = t * d, dst = (t * batch + b) * d
                for f in 0..<d { scalars[dst + f] = S(e.values[src + f]) }
            }
        }
        return (Tensor(shape: [steps, batch, d], scalars: scalars), examples.map(\.steps), examples.map(\.label))
    }

    /// The predicted class of every example (evaluation mode, no gradients), in batches of `batchSize`.
    public static func predict<S: TensorScalar>(_ model: SequenceClassifier<S>, _ data: LabeledSequences,
                                                batchSize: Int = 256) -> [Int] {
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        var predictions: [Int] = []
        withoutGrad {
            var start = 0
            while start < data.count {
                let chunk = Array(data.examples[start..<min(start + batchSize, data.count)])
                let batch: (inputs: Tensor<S>, lengths: [Int], labels: [Int]) = make(chunk, featureCount: data.featureCount)
                predictions += model(batch.inputs, lengths: batch.lengths).argmax(axis: 1)
                start += batchSize
            }
        }
        return predictions
    }
}

extension TaskTraining where Model == SequenceClassifier<Float> {
    /// The loop every sequence classifier trains with (`lstm train classify`, `lstm train speech`): shuffled
    /// batches of `batchSize` (each epoch's order from `shuffleSeed` and the epoch), cross-entropy of the
    /// padded batch, validation accuracy as the monitored metric.
    func fitClassifier(train: LabeledSequences, validation: LabeledSequences, batchSize: Int,
                       shuffleSeed: UInt64) throws -> TrainingOutcome {
        try fit(train: { epoch in
            let order = epochRandomSource(seed: shuffleSeed, epoch: epoch).permutation(train.count)
            return stride(from: 0, to: order.count, by: batchSize).map { start in
                order[start..<min(start + batchSize, order.count)].map { train.examples[$0] }
            }
        }, validate: { m in
            let predictions = SequenceClassificationBatch.predict(m, validation)
            return .init(loss: nil, metrics: ["accuracy": accuracy(predictions: predictions,
                                                                    targets: validation.examples.map(\.label))])
        }, loss: { m, chunk in
            let batch: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
                SequenceClassificationBatch.make(chunk, featureCount: train.featureCount)
            return crossEntropy(logits: m(batch.inputs, lengths: batch.lengths), targets: batch.labels)
        })
    }
}
