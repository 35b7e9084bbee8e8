import Foundation
import LSTMKit
import Testing

/// ROC curves, AUROC, threshold scores and quantiles against scikit-learn 1.9.1 and NumPy
/// (Fixtures/roc.json, from Tools/fixtures/roc.py).
@Suite struct ROCCurveTests {
    struct File: Decodable {
        let about: String
        let cases: [Case]
    }

    struct Case: Decodable {
        struct At: Decodable { let threshold, precision, recall, f1: Double }
        struct Quantile: Decodable { let q, value: Double }
        let name: String
        let scores: [Double]
        let labels: [Bool]
        let fpr, tpr: [Double]
        let thresholds: [Double?]
        let auc: Double
        let at: [At]
        let quantiles: [Quantile]
    }

    static let file: File = try! Fixtures.load("roc")

    @Test func fixtureIsFromThePinnedScikitLearn() {
        #expect(Self.file.about.contains("scikit-learn 1.9.1"))
        #expect(Self.file.cases.count == 7)
    }

    @Test func curveAndAreaMatchScikitLearn() {
        for c in Self.file.cases {
            let roc = ROCCurve(scores: c.scores, positives: c.labels)
            #expect(abs(roc.area - c.auc) <= 1e-12, "\(c.name): \(roc.area) vs \(c.auc)")
            #expect(roc.points.count == c.fpr.count, "\(c.name)")
            for (k, p) in zip(roc.points.indices, roc.points) where k < c.fpr.count {
                #expect(abs(p.falsePositiveRate - c.fpr[k]) <= 1e-12 && abs(p.truePositiveRate - c.tpr[k]) <= 1e-12,
                        "\(c.name) point \(k)")
                #expect(c.thresholds[k].map { $0 == p.threshold } ?? (p.threshold == .infinity), "\(c.name) point \(k)")
            }
        }
    }

    @Test func thresholdScoresMatchScikitLearn() {
        for c in Self.file.cases {
            for a in c.at {
                let s = ThresholdScores(scores: c.scores, positives: c.labels, threshold: a.threshold)
                #expect(abs(s.precision - a.precision) <= 1e-12 && abs(s.recall - a.recall) <= 1e-12
                        && abs(s.f1 - a.f1) <= 1e-12, "\(c.name) at \(a.threshold)")
            }
        }
    }

    @Test func quantilesMatchNumPy() {
        for c in Self.file.cases {
            for q in c.quantiles {
                #expect(abs(quantile(c.scores, q.q) - q.value) <= 1e-12, "\(c.name) q \(q.q)")
            }
        }
    }

    /// AUROC is P(score of a random positive > score of a random negative) + P(tie) / 2, by brute force.
    @Test func areaIsTheMannWhitneyProbability() {
        let scores: [Double] = [3, 1, 2, 2, 5, 0, 2, 4]
        let labels = [true, false, true, false, true, false, false, true]
        var wins = 0.0, pairs = 0.0
        for (s, l) in zip(scores, labels) where l {
            for (t, m) in zip(scores, labels) where !m {
                pairs += 1
                wins += s > t ? 1 : s == t ? 0.5 : 0
            }
        }
        #expect(abs(ROCCurve(scores: scores, positives: labels).area - wins / pairs) <= 1e-15)
        #expect(ROCCurve(scores: [1, 2], positives: [false, true]).area == 1)
        #expect(ROCCurve(scores: [1, 2], positives: [true, false]).area == 0)
    }
}
