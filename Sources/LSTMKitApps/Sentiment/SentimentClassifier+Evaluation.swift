import LSTMKit
import Foundation

/// Inference and evaluation of a `SentimentClassifier` over many sentences.
extension SentimentClassifier {
    /// The mean cross-entropy of one training batch (the batch's targets are class labels).
    public func loss(_ batch: TokenBatch<Float>) -> Tensor<Float> {
        crossEntropy(logits: self(batch), targets: batch.targets.classLabels)
    }

    /// The class probabilities of each sequence of token IDs: [N, C] (softmax of the logits), computed in
    /// evaluation mode without a graph, `batchSize` sequences at a time (sorted by length, so batches carry
    /// little padding; the rows come back in the input order). The training/evaluation mode is restored.
    /// 64 by default: the recurrent kernels keep every step's gates ([T, B, 4H] per direction), so a smaller
    /// batch keeps the memory peak of an evaluation low (256 took about 160 MB more at MR's lengths).
    /// Each sequence must have >= 1 ID.
    public func probabilities(_ sequences: [[Int]], batchSize: Int = 64) -> Tensor<Float> {
        if batchSize < 1 { failure("SentimentClassifier.probabilities: batchSize \(batchSize) must be >= 1") }
        let classes = config.classCount
        var rows = [Float](repeating: 0, count: sequences.count * classes)
        let order = sequences.indices.sorted { sequences[$0].count < sequences[$1].count }
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        withoutGrad {
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let members = Array(order[start..<Swift.min(start + batchSize, order.count)])
                let lengths = members.map { sequences[$0].count }
                if let b = members.first(where: { sequences[$0].isEmpty }) {
                    failure("SentimentClassifier.probabilities: sequence \(b) is empty (needs >= 1 token ID)")
                }
                let steps = lengths.max()!, batch = members.count
                var ids = [Int](repeating: config.paddingIndex, count: steps * batch)
                for (j, m) in members.enumerated() {
                    for (t, id) in sequences[m].enumerated() { ids[t * batch + j] = id }
                }
                let p = softmax(logits(ids: ids, lengths: lengths), axis: -1)            // [b, C]
                for (j, m) in members.enumerated() {
                    for c in 0..<classes { rows[m * classes + c] = p.scalars[j * classes + c] }
                }
            }
        }
        return Tensor(shape: [sequences.count, classes], scalars: rows)
    }

    /// Accuracy, per-class scores and mean cross-entropy of labeled examples.
    public func evaluate(_ examples: [TokenSequenceExample<Float>], labels classNames: [String]? = nil,
                         batchSize: Int = 64) -> SentimentEvaluation {
        let targets = examples.map { example -> Int in
            guard case .label(let y) = example.target else {
                failure("SentimentClassifier.evaluate: an example has a \(example.target) target, not a label")
            }
            return y
        }
        let p = probabilities(examples.map(\.tokens), batchSize: batchSize)           // [N, C]
        let classes = config.classCount
        var loss = 0.0
        for (n, y) in targets.enumerated() {
            loss -= Foundation.log(Double(Swift.max(p.scalars[n * classes + y], Float.leastNormalMagnitude)))
        }
        let matrix = ConfusionMatrix(predictions: p.argmax(axis: 1), targets: targets, classCount: classes,
                                     labels: classNames)
        return SentimentEvaluation(confusion: matrix, loss: loss / Double(Swift.max(targets.count, 1)))
    }
}

/// The result of `SentimentClassifier.evaluate`.
public struct SentimentEvaluation: Sendable, Equatable {
    /// Rows: true class, columns: predicted class.
    public var confusion: ConfusionMatrix
    /// The mean cross-entropy (natural log) of the true classes.
    public var loss: Double

    public var accuracy: Double { confusion.accuracy }
    public var scores: ClassificationScores { confusion.scores }
}
