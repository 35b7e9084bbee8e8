import Foundation
import LSTMKit

/// What `lstm train sst` reports: the setting, SST's split, training, and the test root scores of the best
/// checkpoint (best dev root accuracy) and of the last one.
public struct SSTTrainingReport: TaskTrainingReport {
    public var task = SSTTask.name
    public var data: String
    public var model: SSTModelKind
    public var classes: Int
    public var split: SplitSizes
    public var vocabularySize: Int
    public var parameterCount: Int
    public var training: TrainingOutcome
    public var best: ClassificationReport
    public var last: ClassificationReport
    /// The tree model's accuracy over every labeled test phrase (best checkpoint); nil for the BiLSTM.
    public var bestPhraseAccuracy: Double?

    public var lines: [String] {
        ["SST \(classes == 5 ? "fine-grained (5 classes)" : "binary") with the \(model.rawValue) model, root labels:"]
            + ClassificationReport.trainingLines(training, best: best, last: last)
            + (bestPhraseAccuracy.map { ["test, best checkpoint, every labeled phrase: accuracy \(fixed(100 * $0, 2))%"] } ?? [])
    }
}

/// What `lstm evaluate` reports for an sst checkpoint.
public struct SSTEvaluationReport: TaskReport {
    public var task = SSTTask.name
    public var checkpoint: String
    public var data: String
    public var model: SSTModelKind
    public var test: ClassificationReport
    public var phraseAccuracy: Double?
    public var lines: [String] {
        ["\(checkpoint) (\(model.rawValue)) on \(data), root labels"] + test.lines(title: "test")
            + (phraseAccuracy.map { ["every labeled phrase: accuracy \(fixed(100 * $0, 2))%"] } ?? [])
    }
}
