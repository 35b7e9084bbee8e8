import Foundation
import LSTMKit

/// What `lstm train speech` reports: the recordings, the split, training, and the test scores (with the
/// confusion matrix) of the best checkpoint (chosen on validation accuracy) and of the last one.
public struct SpeechTrainingReport: TaskTrainingReport {
    public var task = SpeechTask.name
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

/// What `lstm predict` prints for a speech checkpoint: one line per WAV file, its label and probability.
public struct SpeechPredictions: TaskReport {
    public struct Prediction: Codable, Equatable, Sendable {
        public var file: String
        public var label: String
        public var probability: Double
    }
    public var checkpoint: String
    public var predictions: [Prediction]
    public var lines: [String] {
        predictions.map { "\($0.file)\t\($0.label)\t(p = \(fixed($0.probability, 3)))" }
    }
}
