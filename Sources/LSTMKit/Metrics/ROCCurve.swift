// The receiver operating characteristic of a score that should be higher for positives (anomalies), and the
// area under it (AUROC), with scikit-learn's conventions (`sklearn.metrics.roc_curve(drop_intermediate=False)`
// and `roc_auc_score`) so the numbers can be checked against it.

/// The ROC curve of `scores` against binary labels: one point per distinct score, from the highest down,
/// after a first point (0, 0) at threshold +infinity. The point of threshold t counts "score >= t" as
/// predicted positive:
///
///     TPR(t) = #{positives with score >= t} / #positives      FPR(t) = #{negatives with score >= t} / #negatives
///     AUROC  = sum over consecutive points of (FPR_k - FPR_k-1) * (TPR_k + TPR_k-1) / 2      (trapezoids)
///
/// Equal scores form one point, so a positive and a negative with the same score count one half, and AUROC is
/// the probability that a random positive scores above a random negative (Mann-Whitney U / (P * N); Hanley
/// and McNeil 1982). 0.5 is chance, 1 a perfect ranking.
///
/// Bad input is a programming error (`failure`): different lengths, a non-finite score, no positive or no
/// negative label.
public struct ROCCurve: Codable, Equatable, Sendable {
    public struct Point: Codable, Equatable, Sendable {
        public var falsePositiveRate: Double
        public var truePositiveRate: Double
        /// Scores >= this are predicted positive (+infinity for the first point).
        public var threshold: Double
    }

    public let points: [Point]
    /// The area under the curve (AUROC).
    public let area: Double
    public let positives: Int
    public let negatives: Int

    public init(scores: [Double], positives labels: [Bool]) {
        if scores.count != labels.count {
            failure("ROCCurve: \(scores.count) scores but \(labels.count) labels")
        }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            failure("ROCCurve: score \(bad) is \(scores[bad]); scores must be finite")
        }
        let p = labels.filter { $0 }.count, n = labels.count - p
        if p == 0 || n == 0 {
            failure("ROCCurve: \(p) positive and \(n) negative labels; the curve needs at least one of each")
        }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points = [Point(falsePositiveRate: 0, truePositiveRate: 0, threshold: .infinity)]
        var (tp, fp, area) = (0, 0, 0.0)
        var k = 0
        while k < order.count {
            let threshold = scores[order[k]]
            while k < order.count && scores[order[k]] == threshold {
                if labels[order[k]] { tp += 1 } else { fp += 1 }
                k += 1
            }
            let point = Point(falsePositiveRate: Double(fp) / Double(n), truePositiveRate: Double(tp) / Double(p),
                              threshold: threshold)
            let previous = points[points.count - 1]
            area += (point.falsePositiveRate - previous.falsePositiveRate)
                * (point.truePositiveRate + previous.truePositiveRate) / 2
            points.append(point)
        }
        (self.points, self.area, self.positives, self.negatives) = (points, area, p, n)
    }
}

/// The q-quantile of `values` with linear interpolation between order statistics (NumPy's default
/// `np.quantile(values, q)`): at position q * (n - 1) of the sorted values. `values` non-empty and finite,
/// q in [0, 1] (else `failure`).
public func quantile(_ values: [Double], _ q: Double) -> Double {
    if values.isEmpty || !(q >= 0 && q <= 1) || values.contains(where: { !$0.isFinite }) {
        failure("quantile: needs finite, non-empty values and q in [0, 1], got \(values.count) values and q = \(q)")
    }
    let sorted = values.sorted()
    let position = q * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
    return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
}

/// Precision, recall and F1 of the positive class when "score >= threshold" predicts positive (sklearn
/// `precision_recall_fscore_support(average="binary")`; 0 where a denominator is 0), and the false-positive
/// rate.
public struct ThresholdScores: Codable, Equatable, Sendable {
    public var threshold: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var falsePositiveRate: Double

    public init(scores: [Double], positives labels: [Bool], threshold: Double) {
        if scores.count != labels.count { failure("ThresholdScores: \(scores.count) scores but \(labels.count) labels") }
        var (tp, fp, fn, tn) = (0, 0, 0, 0)
        for (s, positive) in zip(scores, labels) {
            switch (s >= threshold, positive) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, true): fn += 1
            case (false, false): tn += 1
            }
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        self.threshold = threshold
        precision = ratio(tp, tp + fp)
        recall = ratio(tp, tp + fn)
        f1 = ratio(2 * tp, 2 * tp + fp + fn)
        falsePositiveRate = ratio(fp, fp + tn)
    }
}
