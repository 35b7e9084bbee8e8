import Foundation
import LSTMKit

/// How well reconstruction errors separate one part's anomalies from its normal windows.
public struct AnomalyScores: Codable, Equatable, Sendable {
    public struct PerClass: Codable, Equatable, Sendable {
        public var name: String
        public var normal: Bool
        public var windows: Int
        public var meanScore: Double
        /// AUROC of this class's windows against the part's normal windows (nil for a normal class or none).
        public var auroc: Double?
        /// The fraction of this class's windows at or above the threshold (flagged as anomalies).
        public var flagged: Double
    }

    public var normal: Int
    public var anomalies: Int
    /// AUROC of all anomalies against all normal windows (nil when the part lacks one of them).
    public var auroc: Double?
    /// Precision, recall, F1 and false-positive rate of "score >= threshold".
    public var atThreshold: ThresholdScores
    public var perClass: [PerClass]

    init(scores: [Double], labels: [Int], normalClasses: [Int], classNames: [String], threshold: Double) {
        let positives = labels.map { !normalClasses.contains($0) }
        normal = positives.filter { !$0 }.count
        anomalies = positives.count - normal
        auroc = normal > 0 && anomalies > 0 ? ROCCurve(scores: scores, positives: positives).area : nil
        atThreshold = ThresholdScores(scores: scores, positives: positives, threshold: threshold)
        let normalScores = zip(scores, positives).filter { !$0.1 }.map(\.0)
        perClass = classNames.indices.compactMap { k in
            let mine = zip(scores, labels).filter { $0.1 == k }.map(\.0)
            if mine.isEmpty { return nil }
            let isNormal = normalClasses.contains(k)
            let auroc = isNormal || normalScores.isEmpty ? nil
                : ROCCurve(scores: normalScores + mine,
                           positives: Array(repeating: false, count: normalScores.count) + Array(repeating: true, count: mine.count)).area
            return PerClass(name: classNames[k], normal: isNormal, windows: mine.count,
                            meanScore: mine.reduce(0, +) / Double(mine.count), auroc: auroc,
                            flagged: Double(mine.filter { $0 >= threshold }.count) / Double(mine.count))
        }
    }

    /// "test: AUROC 0.9876 (1,234 normal, 2,345 anomalous windows); at the threshold ...", then one line per class.
    public func lines(title: String) -> [String] {
        let t = atThreshold
        var lines = ["\(title): AUROC \(auroc.map { fixed($0, 4) } ?? "n/a") (\(normal) normal, \(anomalies) anomalous windows); " +
                     "at the threshold: precision \(fixed(t.precision, 4)), recall \(fixed(t.recall, 4)), F1 \(fixed(t.f1, 4)), " +
                     "false-positive rate \(fixed(t.falsePositiveRate, 4))"]
        let width = perClass.map(\.name.count).max() ?? 5
        lines.append("  " + "class".padding(toLength: width, withPad: " ", startingAt: 0) + "  windows  mean score  flagged  AUROC vs normal")
        for c in perClass {
            lines.append("  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0) +
                         String(repeating: " ", count: max(1, 9 - String(c.windows).count)) + "\(c.windows)" +
                         String(repeating: " ", count: max(1, 12 - fixed(c.meanScore, 4).count)) + fixed(c.meanScore, 4) +
                         String(repeating: " ", count: max(1, 8 - fixed(100 * c.flagged, 1).count)) + fixed(100 * c.flagged, 1) + "%" +
                         "  " + (c.normal ? "(normal)" : c.auroc.map { fixed($0, 4) } ?? "n/a"))
        }
        return lines
    }
}

/// What `lstm train anomaly` reports: data, split, training, the threshold, and the validation and test
/// scores of the best checkpoint (lowest validation reconstruction error of normal windows).
public struct AnomalyTrainingReport: TaskTrainingReport {
    public var task = AnomalyTask.name
    public var data: String
    public var source: String
    public var split: String
    public var features: String
    public var normalClasses: [String]
    public var trainWindows: Int
    public var parameterCount: Int
    public var training: TrainingOutcome
    public var thresholdQuantile: Double
    public var threshold: Double
    public var validation: AnomalyScores
    public var test: AnomalyScores
    /// The test AUROC of the last checkpoint.
    public var lastTestAUROC: Double?

    public var lines: [String] {
        var lines: [String] = []
        if let v = training.bestValue {
            lines.append("best \(training.monitor) \(fixed(v, 5)) at step \(training.bestStep ?? 0) of \(training.steps)" +
                         (training.stoppedEarly ? " (stopped early)" : ""))
        }
        lines.append("threshold \(fixed(threshold, 5)): the \(fixed(thresholdQuantile, 3)) quantile of the validation part's " +
                     "normal scores")
        lines += validation.lines(title: "validation, best checkpoint")
        lines += test.lines(title: "test, best checkpoint")
        lines.append("test, last checkpoint: AUROC \(lastTestAUROC.map { fixed($0, 4) } ?? "n/a")")
        lines.append("training \(fixed(training.seconds, 1)) s; recurrent kernel: \(training.implementation); " +
                     "checkpoints: \(training.best), \(training.last)")
        return lines
    }
}

/// What `lstm evaluate` reports for an anomaly checkpoint.
public struct AnomalyEvaluationReport: TaskReport {
    public var checkpoint: String
    public var data: String
    public var source: String
    public var threshold: Double
    public var test: AnomalyScores
    public var lines: [String] {
        ["\(checkpoint) on \(data) (\(source)); threshold \(fixed(threshold, 5)) from the validation part"]
            + test.lines(title: "test")
    }
}
