import Foundation
import LSTMKit

/// Accuracy, per-class precision / recall / F1 and the confusion matrix of a classifier on labeled data:
/// what sentiment and sequence-classification report, as lines and as JSON.
public struct ClassificationReport: Codable, Equatable, Sendable {
    public struct ClassScores: Codable, Equatable, Sendable {
        public var name: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    public var examples: Int
    public var accuracy: Double
    public var macroF1: Double
    public var weightedF1: Double
    /// The mean cross-entropy of the true classes (nil when not computed).
    public var loss: Double?
    public var classes: [ClassScores]
    /// Rows: true class, columns: predicted class, in the order of `classes`.
    public var confusionMatrix: [[Int]]

    public init(predictions: [Int], targets: [Int], classNames: [String], loss: Double? = nil) {
        let matrix = ConfusionMatrix(predictions: predictions, targets: targets, classCount: classNames.count,
                                     labels: classNames)
        self.init(matrix, loss: loss)
    }

    public init(_ matrix: ConfusionMatrix, loss: Double? = nil) {
        let scores = matrix.scores
        let names = matrix.labels
        examples = matrix.total
        accuracy = matrix.accuracy
        macroF1 = scores.macroF1
        weightedF1 = scores.weightedF1
        self.loss = loss
        classes = names.indices.map {
            ClassScores(name: names[$0], precision: scores.precision[$0], recall: scores.recall[$0], f1: scores.f1[$0],
                        support: scores.support[$0])
        }
        confusionMatrix = matrix.counts
    }

    /// The confusion matrix again (for its printed table).
    public var matrix: ConfusionMatrix {
        var m = ConfusionMatrix(classCount: classes.count, labels: classes.map(\.name))
        for (t, row) in confusionMatrix.enumerated() {
            for (p, n) in row.enumerated() where n > 0 {
                m.add(predictions: Array(repeating: p, count: n), targets: Array(repeating: t, count: n))
            }
        }
        return m
    }

    /// The training report of a classifier: the best validation result, the test scores of the best checkpoint
    /// (with its tables) and of the last one, the time, the kernel and the checkpoints.
    public static func trainingLines(_ training: TrainingOutcome, best: ClassificationReport,
                                     last: ClassificationReport) -> [String] {
        var lines: [String] = []
        if let v = training.bestValue {
            lines.append("best \(training.monitor) \(fixed(100 * v, 2))% at step \(training.bestStep ?? 0) of " +
                         "\(training.steps)" + (training.stoppedEarly ? " (stopped early)" : ""))
        }
        lines += best.lines(title: "test, best checkpoint")
        lines.append("test, last checkpoint: accuracy \(fixed(100 * last.accuracy, 2))%, macro F1 \(fixed(last.macroF1, 4))")
        lines.append("training \(fixed(training.seconds, 1)) s; recurrent kernel: \(training.implementation); " +
                     "checkpoints: \(training.best), \(training.last)")
        return lines
    }

    /// "accuracy 80.21% (1066 examples), macro F1 0.8021", the per-class table and the confusion matrix.
    public func lines(title: String) -> [String] {
        var first = "\(title): accuracy \(fixed(100 * accuracy, 2))% (\(examples) examples), macro F1 \(fixed(macroF1, 4))"
        if let loss { first += ", loss \(fixed(loss, 4))" }
        let m = matrix
        return [first, m.scores.description, m.description]
    }
}
