/// Counts of (true class, predicted class) pairs: `counts[t][p]` is the number of samples of class t
/// predicted as p (rows: true class, columns: predicted class, as sklearn's `confusion_matrix`).
///
///     var matrix = ConfusionMatrix(classCount: 3, labels: ["cat", "dog", "bird"])
///     for batch in validation { matrix.add(predictions: predictedClasses(logits: model(batch.inputs)),
///                                          targets: batch.targets) }
///     print(matrix)
///     // ConfusionMatrix: 3 classes, 7 samples (rows: true class, columns: predicted class)
///     // true \ predicted  cat  dog  bird
///     // cat                 2    1     0
///     // dog                 0    2     0
///     // bird                1    0     1
///     matrix.scores.macroF1
///
/// Precision, recall and F1 follow sklearn's conventions (zero_division = 0); see `ClassificationScores`.
/// Class indices outside 0..<classCount, mismatched lengths and empty input stop the program (programming
/// errors, as in the losses).
public struct ConfusionMatrix: Equatable, Sendable, CustomStringConvertible {
    public let classCount: Int
    /// The row and column names (default "0", "1", ...).
    public let labels: [String]
    /// counts[true class][predicted class].
    public private(set) var counts: [[Int]]

    /// An empty matrix to fill with `add`.
    public init(classCount: Int, labels: [String]? = nil) {
        if classCount < 1 { failure("ConfusionMatrix: classCount must be at least 1, got \(classCount)") }
        if let labels, labels.count != classCount {
            failure("ConfusionMatrix: \(labels.count) labels for \(classCount) classes")
        }
        self.classCount = classCount
        self.labels = labels ?? (0..<classCount).map(String.init)
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    /// The matrix of `predictions` against `targets` (positions whose target is `ignoreIndex` are skipped).
    /// - Parameters:
    ///   - predictions: the predicted class of each position.
    ///   - targets: the true class of each position (as many as `predictions`).
    ///   - classCount: nil infers the largest index of the counted pairs + 1 (at least `labels.count`).
    ///   - labels: the class names (nil: the indices).
    ///   - ignoreIndex: a target value whose positions are not counted (padding).
    public init(predictions: [Int], targets: [Int], classCount: Int? = nil, labels: [String]? = nil,
                ignoreIndex: Int? = nil) {
        checkPaired(predictions.count, targets.count, "ConfusionMatrix")
        let counted = zip(predictions, targets).filter { $0.1 != ignoreIndex }
        if counted.isEmpty {
            failure("ConfusionMatrix: every one of the \(targets.count) targets is the ignore index " +
                    "\(ignoreIndex!), nothing to count")
        }
        let inferred = counted.map { max($0.0, $0.1) }.max()! + 1
        self.init(classCount: classCount ?? max(inferred, labels?.count ?? 0), labels: labels)
        add(predictions: predictions, targets: targets, ignoreIndex: ignoreIndex)
    }

    /// The matrix of the argmax of `logits` [..., C] against the targets; C classes.
    public init<S: TensorScalar>(logits: Tensor<S>, targets: [Int], labels: [String]? = nil, ignoreIndex: Int? = nil) {
        if logits.rank < 1 { failure("ConfusionMatrix: logits shape \(logits.shape) has no class axis") }
        self.init(predictions: predictedClasses(logits: logits), targets: targets, classCount: logits.shape.last!,
                  labels: labels, ignoreIndex: ignoreIndex)
    }

    /// Adds one batch of pairs.
    public mutating func add(predictions: [Int], targets: [Int], ignoreIndex: Int? = nil) {
        checkPaired(predictions.count, targets.count, "ConfusionMatrix.add")
        for (i, (p, t)) in zip(predictions, targets).enumerated() where t != ignoreIndex {
            if !(0..<classCount).contains(t) || !(0..<classCount).contains(p) {
                failure("ConfusionMatrix: position \(i) has target \(t) and prediction \(p), " +
                        "outside 0..<\(classCount)")
            }
            counts[t][p] += 1
        }
    }

    /// The number of counted samples.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    /// The number of samples whose true class is c (row sum).
    public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }
    /// The number of samples predicted as c (column sum).
    public func predictedCount(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }

    /// Correct / total (the trace over the sum).
    public var accuracy: Double {
        if total == 0 { failure("ConfusionMatrix.accuracy: the matrix is empty (nothing was added)") }
        return Double((0..<classCount).reduce(0) { $0 + counts[$1][$1] }) / Double(total)
    }

    /// tp / (tp + fp); 0 when c is never predicted (sklearn zero_division = 0).
    public func precision(_ c: Int) -> Double { ratio(counts[c][c], predictedCount(c)) }
    /// tp / (tp + fn); 0 when c never occurs in the targets.
    public func recall(_ c: Int) -> Double { ratio(counts[c][c], support(c)) }
    /// 2 * tp / (2 * tp + fp + fn); 0 when that denominator is 0.
    public func f1(_ c: Int) -> Double { ratio(2 * counts[c][c], predictedCount(c) + support(c)) }

    /// Precision, recall, F1 per class and averaged.
    public var scores: ClassificationScores {
        let classes = Array(0..<classCount)
        let precision = classes.map(precision), recall = classes.map(recall), f1 = classes.map(f1)
        let support = classes.map(support)
        let averaged = classes.filter { support[$0] > 0 || predictedCount($0) > 0 }
        let n = Double(averaged.count), total = Double(self.total)
        func macro(_ xs: [Double]) -> Double { averaged.reduce(0) { $0 + xs[$1] } / n }
        func weighted(_ xs: [Double]) -> Double { classes.reduce(0) { $0 + xs[$1] * Double(support[$1]) } / total }
        return ClassificationScores(
            precision: precision, recall: recall, f1: f1, support: support, averagedClasses: averaged,
            macroPrecision: macro(precision), macroRecall: macro(recall), macroF1: macro(f1),
            weightedPrecision: weighted(precision), weightedRecall: weighted(recall), weightedF1: weighted(f1),
            accuracy: accuracy, labels: labels)
    }

    /// The table: a title line, then a header row of predicted labels and one row per true class.
    public var description: String {
        let corner = "true \\ predicted"
        let first = max(corner.count, labels.map(\.count).max()!)
        let widths = (0..<classCount).map { p in
            max(labels[p].count, counts.map { String($0[p]).count }.max()!)
        }
        func row(_ name: String, _ cells: (Int) -> String) -> String {
            pad(name, first, left: true) + (0..<classCount).map { "  " + pad(cells($0), widths[$0]) }.joined()
        }
        var lines = ["ConfusionMatrix: \(classCount) classes, \(total) samples " +
                     "(rows: true class, columns: predicted class)"]
        lines.append(row(corner) { labels[$0] })
        for t in 0..<classCount {
            lines.append(row(labels[t]) { String(counts[t][$0]) })
        }
        return lines.joined(separator: "\n")
    }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }
}
