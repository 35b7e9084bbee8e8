import Foundation
import LSTMKit

/// What the report of an anomaly detector draws: the ROC curve of the best checkpoint's scores on the test part
/// (anomalies are the positives) and, for each class, the share of its windows at or above the threshold.
public struct AnomalyTrace: Codable, Equatable, Sendable {
    /// The ROC curve's points (at most `maxPoints`, evenly spread, the first and last kept).
    public var falsePositiveRate: [Double]
    public var truePositiveRate: [Double]
    public var auroc: Double
    /// The threshold (a quantile of the validation part's normal scores) and its rates on the test part.
    public var threshold: Double
    public var thresholdFalsePositiveRate: Double
    public var thresholdTruePositiveRate: Double
    public var classes: [String]
    /// Whether each class is normal.
    public var normal: [Bool]
    /// The share of each class's test windows flagged (score >= threshold).
    public var flagged: [Double]

    public static let maxPoints = 500

    /// From the test part's `scores`, `positives` (anomalies), its scores at the threshold and per class.
    public init(scores: [Double], positives: [Bool], atThreshold: ThresholdScores, perClass: [AnomalyScores.PerClass]) {
        let roc = ROCCurve(scores: scores, positives: positives)
        let points = RunHistory.subsample(roc.points, to: Self.maxPoints)
        falsePositiveRate = points.map(\.falsePositiveRate)
        truePositiveRate = points.map(\.truePositiveRate)
        auroc = roc.area
        threshold = atThreshold.threshold
        thresholdFalsePositiveRate = atThreshold.falsePositiveRate
        thresholdTruePositiveRate = atThreshold.recall
        classes = perClass.map(\.name)
        normal = perClass.map(\.normal)
        flagged = perClass.map(\.flagged)
    }
}
