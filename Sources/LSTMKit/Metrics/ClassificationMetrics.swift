// Classification metrics over predicted and true class indices (or logits, through argmax).
//
// Bad input is a programming error here, as for the losses: empty input, predictions and targets of different
// lengths, class indices outside 0..<classCount and `ignoreIndex` leaving nothing to count stop the program
// with a message naming the metric and the sizes (`failure`). The conventions are scikit-learn's
// (`sklearn.metrics`), so the numbers can be checked against it.

/// The predicted class of each row of `logits` [..., C]: the index of the largest score on the last axis
/// (the first one on ties), in row-major order of the leading axes.
public func predictedClasses<S: TensorScalar>(logits: Tensor<S>) -> [Int] {
    if logits.rank < 1 { failure("predictedClasses: logits shape \(logits.shape) has no class axis") }
    return logits.argmax(axis: -1)
}

/// The fraction of positions where the prediction equals the target: correct / counted (sklearn
/// `accuracy_score`). Positions whose target is `ignoreIndex` (padding) are not counted.
///
///     accuracy(predictions: [0, 2, 1, 1], targets: [0, 1, 1, 1])   // 3 / 4 = 0.75
public func accuracy(predictions: [Int], targets: [Int], ignoreIndex: Int? = nil) -> Double {
    checkPaired(predictions.count, targets.count, "accuracy")
    var correct = 0, counted = 0
    for (p, t) in zip(predictions, targets) where t != ignoreIndex {
        counted += 1
        if p == t { correct += 1 }
    }
    if counted == 0 {
        failure("accuracy: every one of the \(targets.count) targets is the ignore index \(ignoreIndex!), " +
                "nothing to count")
    }
    return Double(correct) / Double(counted)
}

/// Accuracy of the argmax of `logits` [..., C] against one target per leading position.
public func accuracy<S: TensorScalar>(logits: Tensor<S>, targets: [Int], ignoreIndex: Int? = nil) -> Double {
    accuracy(predictions: predictedClasses(logits: logits), targets: targets, ignoreIndex: ignoreIndex)
}

/// Per-class and averaged precision, recall and F1 (sklearn `precision_recall_fscore_support` and
/// `classification_report`), from a `ConfusionMatrix`.
///
/// For class c, with tp = true c predicted c, fp = predicted c but not c, fn = true c predicted otherwise:
///
///     precision[c] = tp / (tp + fp)         0 when c is never predicted (tp + fp = 0)
///     recall[c]    = tp / (tp + fn)         0 when c never occurs in the targets (tp + fn = 0)
///     f1[c]        = 2 * tp / (2 * tp + fp + fn)   (= 2 * P * R / (P + R)), 0 when P + R = 0
///
/// The 0 for an undefined ratio is sklearn's `zero_division=0` (sklearn also warns; this does not).
/// Macro averages are plain means over `averagedClasses`: the classes that occur in the targets or the
/// predictions (sklearn's default `labels=None`); a class absent from both has no defined scores, is left out
/// of the averages and shows 0 per class. Weighted averages weight each class by its support (the number of
/// its targets), as sklearn's `average="weighted"`.
public struct ClassificationScores: Equatable, Sendable, CustomStringConvertible {
    public var precision: [Double]
    public var recall: [Double]
    public var f1: [Double]
    /// The number of targets of each class.
    public var support: [Int]
    /// The classes the macro averages run over: those present in the targets or the predictions.
    public var averagedClasses: [Int]
    public var macroPrecision: Double
    public var macroRecall: Double
    public var macroF1: Double
    public var weightedPrecision: Double
    public var weightedRecall: Double
    public var weightedF1: Double
    /// Correct / total (= micro-averaged precision, recall and F1 for single-label classification).
    public var accuracy: Double
    /// Class names for `description`.
    public var labels: [String]

    /// A table like sklearn's `classification_report` (4 decimals).
    public var description: String {
        let width = max(12, labels.map(\.count).max() ?? 0)
        func row(_ name: String, _ values: [Double], _ count: Int) -> String {
            pad(name, width, left: true) + values.map { pad(formatted($0), 10) }.joined() + pad(String(count), 9)
        }
        let total = support.reduce(0, +)
        var lines = [pad("", width) + ["precision", "recall", "f1"].map { pad($0, 10) }.joined() + pad("support", 9)]
        for c in 0..<precision.count { lines.append(row(labels[c], [precision[c], recall[c], f1[c]], support[c])) }
        lines.append("")
        lines.append(pad("accuracy", width, left: true) + pad("", 20) + pad(formatted(accuracy), 10) +
                     pad(String(total), 9))
        lines.append(row("macro avg", [macroPrecision, macroRecall, macroF1], total))
        lines.append(row("weighted avg", [weightedPrecision, weightedRecall, weightedF1], total))
        return lines.joined(separator: "\n")
    }

    private func formatted(_ x: Double) -> String {
        let scaled = (x * 10_000).rounded()
        let whole = Int(scaled) / 10_000, fraction = Int(scaled) % 10_000
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// Precision, recall and F1 per class and averaged (see `ClassificationScores` for the conventions).
/// - Parameters:
///   - predictions: the predicted class of each example.
///   - targets: the true class of each example (as many as `predictions`).
///   - classCount: the number of classes; nil infers max(index) + 1.
///   - labels: the class names printed in reports (nil: the indices).
public func classificationScores(
    predictions: [Int], targets: [Int], classCount: Int? = nil, labels: [String]? = nil
) -> ClassificationScores {
    ConfusionMatrix(predictions: predictions, targets: targets, classCount: classCount, labels: labels).scores
}

/// Stops unless there are as many predictions as targets and at least one.
func checkPaired(_ predictionCount: Int, _ targetCount: Int, _ metric: String) {
    if predictionCount != targetCount {
        failure("\(metric): \(predictionCount) predictions but \(targetCount) targets (they must pair up)")
    }
    if predictionCount == 0 { failure("\(metric): empty input (no predictions and no targets)") }
}

/// `s` padded with spaces to `width` (right-aligned unless `left`).
func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}
