import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ClassificationMetricsTests {
    /// `a` and `b` agree to 1e-12 (hand fractions like 7/9 are not exact in binary).
    func close(_ a: Double, _ b: Double) -> Bool { Swift.abs(a - b) < 1e-12 }

    @Test func accuracyOfIndices() {
        // 3 of 4 equal.
        #expect(accuracy(predictions: [0, 2, 1, 1], targets: [0, 1, 1, 1]) == 0.75)
        // The -100 position is not counted: 2 correct of 3 counted.
        #expect(accuracy(predictions: [1, 2, 3, 0], targets: [1, -100, 3, 2], ignoreIndex: -100) == 2.0 / 3)
    }

    @Test func accuracyOfLogits() {
        // argmax rows: 1, 0, 2 (ties take the first index: row [1, 1, 0] -> 0 is not used here).
        let logits = Tensor<Double>(rows: [[0.1, 2, -1], [3, 0, 0], [0, 0, 5]])
        #expect(predictedClasses(logits: logits) == [1, 0, 2])
        #expect(accuracy(logits: logits, targets: [1, 0, 0]) == 2.0 / 3)
        #expect(predictedClasses(logits: Tensor<Float>(rows: [[1, 1, 0]])) == [0])
    }

    /// The running example of ConfusionMatrixTests: precision [2/3, 2/3, 1], recall [2/3, 1, 1/2],
    /// f1 [2/3, 4/5, 2/3], support [3, 2, 2].
    @Test func macroAndWeightedAverages() {
        let s = classificationScores(predictions: ConfusionMatrixTests.predictions,
                                     targets: ConfusionMatrixTests.targets, labels: ConfusionMatrixTests.labels)
        #expect(s.support == [3, 2, 2])
        #expect(s.averagedClasses == [0, 1, 2])
        #expect(close(s.macroPrecision, 7.0 / 9))        // (2/3 + 2/3 + 1) / 3
        #expect(close(s.macroRecall, 13.0 / 18))         // (2/3 + 1 + 1/2) / 3
        #expect(close(s.macroF1, 32.0 / 45))             // (10/15 + 12/15 + 10/15) / 3
        #expect(close(s.weightedPrecision, 16.0 / 21))   // (3 * 2/3 + 2 * 2/3 + 2 * 1) / 7
        #expect(close(s.weightedRecall, 5.0 / 7))        // (3 * 2/3 + 2 * 1 + 2 * 1/2) / 7 = accuracy
        #expect(close(s.weightedF1, 74.0 / 105))         // (3 * 2/3 + 2 * 4/5 + 2 * 2/3) / 7
        #expect(close(s.accuracy, 5.0 / 7))
    }

    /// Class 2 occurs but is never predicted: its precision is 0 by zero_division = 0 (sklearn warns).
    @Test func classNeverPredicted() {
        // targets [0, 1, 2, 2], predictions [0, 1, 1, 1]:
        // class 0: P 1/1, R 1/1, F1 1; class 1: P 1/3, R 1/1, F1 2/(3+1) = 1/2; class 2: P 0/0 -> 0, R 0/2, F1 0.
        let s = classificationScores(predictions: [0, 1, 1, 1], targets: [0, 1, 2, 2], classCount: 3)
        #expect(s.precision == [1, 1.0 / 3, 0])
        #expect(s.recall == [1, 1, 0])
        #expect(s.f1 == [1, 0.5, 0])
        #expect(close(s.macroPrecision, 4.0 / 9))       // (1 + 1/3 + 0) / 3
        #expect(close(s.macroRecall, 2.0 / 3))          // (1 + 1 + 0) / 3
        #expect(close(s.macroF1, 0.5))                  // (1 + 1/2 + 0) / 3
        // A 4th class absent from targets and predictions is left out of the macro average (sklearn's
        // labels=None), so the averages do not change.
        let four = classificationScores(predictions: [0, 1, 1, 1], targets: [0, 1, 2, 2], classCount: 4)
        #expect(four.averagedClasses == [0, 1, 2])
        #expect(four.macroPrecision == s.macroPrecision && four.macroF1 == s.macroF1)
        #expect(four.precision[3] == 0 && four.support[3] == 0)
    }

    /// Class 1 is predicted but never occurs: its recall is 0 by zero_division = 0.
    @Test func classNeverTrue() {
        // targets [0, 0], predictions [0, 1]: class 0: P 1/1, R 1/2, F1 2/(1+2); class 1: P 0/1, R 0/0 -> 0, F1 0.
        let s = classificationScores(predictions: [0, 1], targets: [0, 0])
        #expect(s.recall == [0.5, 0])
        #expect(close(s.macroPrecision, 0.5))           // (1 + 0) / 2
        #expect(close(s.macroRecall, 0.25))             // (1/2 + 0) / 2
        #expect(close(s.macroF1, 1.0 / 3))              // (2/3 + 0) / 2
    }

    @Test func reportTable() {
        let s = classificationScores(predictions: ConfusionMatrixTests.predictions,
                                     targets: ConfusionMatrixTests.targets, labels: ConfusionMatrixTests.labels)
        let lines = s.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A 12-wide name column, 10-wide score columns, a 9-wide support column.
        #expect(lines[0] == "             precision    recall        f1  support")
        #expect(lines[1] == "cat             0.6667    0.6667    0.6667        3")
        #expect(lines[5] == "accuracy                            0.7143        7")
        #expect(lines[6] == "macro avg       0.7778    0.7222    0.7111        7")
        #expect(lines[7] == "weighted avg    0.7619    0.7143    0.7048        7")
    }

    @Test func emptyInputStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = accuracy(predictions: [], targets: [])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("accuracy: empty input (no predictions and no targets)"))
    }

    @Test func lengthMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = classificationScores(predictions: [0, 1, 1], targets: [0, 1])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("ConfusionMatrix: 3 predictions but 2 targets"))
    }

    @Test func everythingIgnoredStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = accuracy(predictions: [0, 1], targets: [-1, -1], ignoreIndex: -1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("accuracy: every one of the 2 targets is the ignore index -1"))
    }
}
