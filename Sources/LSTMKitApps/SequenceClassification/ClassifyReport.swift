import Foundation
import LSTMKit

/// What `lstm train classify` reports: the data, the split, training, and the test scores of the best
/// checkpoint (chosen on validation accuracy) and of the last one.
public struct ClassifyTrainingReport: TaskTrainingReport {
    public var task = ClassifyTask.name
    public var dataset: String?
    public var data: String
    public var source: String
    public var split: String
    public var features: Int
    public var classNames: [String]
    public var parameterCount: Int
    public var training: TrainingOutcome
    public var best: ClassificationReport
    public var last: ClassificationReport

    public var lines: [String] { ClassificationReport.trainingLines(training, best: best, last: last) }
}

/// What `lstm evaluate` reports for a classify checkpoint.
public struct ClassifyEvaluationReport: TaskReport {
    public var task = ClassifyTask.name
    public var checkpoint: String
    public var data: String
    public var source: String
    public var split: String
    public var test: ClassificationReport
    public var lines: [String] { ["\(source): \(data); \(split)"] + test.lines(title: "test (\(checkpoint))") }
}

/// What `lstm predict --file` reports for a classify checkpoint.
public struct SequencePredictions: TaskReport {
    public var checkpoint: String
    public var file: String
    /// The predicted class of each sequence, in file order.
    public var predictions: [String]
    /// The scores against the file's labels, when it has them.
    public var scores: ClassificationReport?
    public var lines: [String] {
        predictions.enumerated().map { "\($0 + 1)\t\($1)" } + (scores?.lines(title: "against the file's labels") ?? [])
    }
}
