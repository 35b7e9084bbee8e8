import Foundation
import LSTMKit

/// What `lstm train sentiment` reports: the data, the split, training, and the test scores of the best
/// checkpoint (chosen on validation accuracy) and of the last one.
public struct SentimentTrainingReport: TaskTrainingReport {
    public var task = SentimentTask.name
    public var data: String
    public var source: String
    public var split: SplitSizes
    public var vocabularySize: Int
    public var parameterCount: Int
    public var training: TrainingOutcome
    public var best: ClassificationReport
    public var last: ClassificationReport

    public var lines: [String] { ClassificationReport.trainingLines(training, best: best, last: last) }
}

/// The sizes of a train / validation / test split.
public struct SplitSizes: Codable, Equatable, Sendable {
    public var train: Int
    public var validation: Int
    public var test: Int
    public var text: String { "\(train) / \(validation) / \(test) (train / validation / test)" }
}

/// What `lstm evaluate` reports for a sentiment checkpoint.
public struct SentimentEvaluationReport: TaskReport {
    public var task = SentimentTask.name
    public var checkpoint: String
    public var data: String
    /// "test" (the checkpoint's own data: its test split) or "all" (other data: every text).
    public var part: String
    public var test: ClassificationReport
    public var lines: [String] {
        ["\(checkpoint) on \(data), " + (part == "test" ? "test split" : "all texts (not the training data, so no split)")]
            + test.lines(title: "test")
    }
}

/// One prediction of `lstm predict` on a sentiment checkpoint.
public struct TextPrediction: Codable, Equatable, Sendable {
    public var text: String
    public var label: String
    /// The probability of each class, in `classNames` order.
    public var probabilities: [Double]
    /// The text's tokens (after `maxTokens`), and how many of them the vocabulary does not know (`<unk>`):
    /// a prediction from unknown words only is a guess.
    public var tokens: Int
    public var unknownTokens: Int
}

/// What `lstm predict` reports for texts.
public struct TextPredictions: TaskReport {
    public var checkpoint: String
    public var classNames: [String]
    public var predictions: [TextPrediction]

    public init(checkpoint: String, classNames: [String], predictions: [TextPrediction]) {
        self.checkpoint = checkpoint
        self.classNames = classNames
        self.predictions = predictions
    }

    public var lines: [String] {
        predictions.map { p in
            let probability = p.probabilities[classNames.firstIndex(of: p.label) ?? 0]
            let note = p.tokens == 0 ? "  (no words: a guess)"
                : p.unknownTokens == p.tokens ? "  (every word unknown to the model: a guess)" : ""
            return "\(p.label) \(fixed(probability, 3))  \(p.text)" + note
        }
    }
}
