import Foundation
import LSTMKit
import LSTMKitApps

/// The test report printed by `lstm train classify` and `lstm evaluate`: accuracy, per-class precision /
/// recall / F1 and the confusion matrix; returns the same numbers as a JSON-ready dictionary.
func classificationReport(predictions: [Int], targets: [Int], classNames: [String], console: Console,
                          title: String) -> [String: Any] {
    let matrix = ConfusionMatrix(predictions: predictions, targets: targets, classCount: classNames.count,
                                 labels: classNames)
    let scores = matrix.scores
    classifySay(console, "\(title): accuracy \(fixed(100 * matrix.accuracy, 2))% (\(targets.count) examples), " +
                "macro F1 \(fixed(scores.macroF1, 4))")
    classifySay(console, scores.description)
    classifySay(console, matrix.description)
    let perClass: [[String: Any]] = classNames.indices.map { c in
        ["class": classNames[c], "precision": scores.precision[c], "recall": scores.recall[c], "f1": scores.f1[c],
         "support": scores.support[c]]
    }
    return ["accuracy": matrix.accuracy, "macroF1": scores.macroF1, "weightedF1": scores.weightedF1,
            "examples": targets.count, "perClass": perClass, "confusionMatrix": matrix.counts,
            "classNames": classNames]
}
