import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ConfusionMatrixTests {
    // The running example (classes cat = 0, dog = 1, bird = 2):
    //   targets      0 0 0 1 1 2 2
    //   predictions  0 0 1 1 1 0 2
    // rows = true class, columns = predicted class:
    //   cat  [2, 1, 0]    dog [0, 2, 0]    bird [1, 0, 1]
    static let targets = [0, 0, 0, 1, 1, 2, 2]
    static let predictions = [0, 0, 1, 1, 1, 0, 2]
    static let labels = ["cat", "dog", "bird"]

    @Test func countsAndTotals() {
        let m = ConfusionMatrix(predictions: Self.predictions, targets: Self.targets, labels: Self.labels)
        #expect(m.classCount == 3)
        #expect(m.counts == [[2, 1, 0], [0, 2, 0], [1, 0, 1]])
        #expect(m.total == 7)
        #expect((0..<3).map(m.support) == [3, 2, 2])            // row sums
        #expect((0..<3).map(m.predictedCount) == [3, 3, 1])     // column sums
        #expect(m.accuracy == 5.0 / 7.0)                         // trace 2 + 2 + 1 over 7
    }

    @Test func perClassScores() {
        let m = ConfusionMatrix(predictions: Self.predictions, targets: Self.targets, classCount: 3)
        // precision = tp / column sum: cat 2/3, dog 2/3, bird 1/1
        let precision: [Double] = [2.0 / 3, 2.0 / 3, 1]
        #expect((0..<3).map(m.precision) == precision)
        // recall = tp / row sum: cat 2/3, dog 2/2, bird 1/2
        let recall: [Double] = [2.0 / 3, 1, 0.5]
        #expect((0..<3).map(m.recall) == recall)
        // f1 = 2 tp / (column + row): cat 4/6, dog 4/5, bird 2/3
        let f1: [Double] = [4.0 / 6, 4.0 / 5, 2.0 / 3]
        #expect((0..<3).map(m.f1) == f1)
    }

    @Test func batchesAccumulate() {
        var m = ConfusionMatrix(classCount: 3, labels: Self.labels)
        m.add(predictions: Array(Self.predictions.prefix(4)), targets: Array(Self.targets.prefix(4)))
        m.add(predictions: Array(Self.predictions.dropFirst(4)), targets: Array(Self.targets.dropFirst(4)))
        #expect(m == ConfusionMatrix(predictions: Self.predictions, targets: Self.targets, labels: Self.labels))
    }

    @Test func ignoreIndexAndLogits() {
        // Position 1 is padding (-100) and is skipped: pairs (1, 1), (0, 2) -> [[0, 0, 0], [0, 1, 0], [1, 0, 0]].
        let m = ConfusionMatrix(predictions: [1, 2, 0], targets: [1, -100, 2], classCount: 3, ignoreIndex: -100)
        #expect(m.counts == [[0, 0, 0], [0, 1, 0], [1, 0, 0]])
        // Logits [2, 2, 3]: argmax rows 1, 0, 2, 2 against targets 1, 0, 0, 2.
        let logits = Tensor<Float>(shape: [2, 2, 3], scalars: [0, 5, 1,  3, 0, 0,  0, 0, 9,  1, 1, 2])
        let fromLogits = ConfusionMatrix(logits: logits, targets: [1, 0, 0, 2])
        #expect(fromLogits.counts == [[1, 0, 1], [0, 1, 0], [0, 0, 1]])
        #expect(fromLogits.labels == ["0", "1", "2"])
    }

    @Test func inferredClassCount() {
        // Largest index 4 -> 5 classes; labels may ask for more.
        #expect(ConfusionMatrix(predictions: [4, 0], targets: [1, 1]).classCount == 5)
        #expect(ConfusionMatrix(predictions: [0], targets: [1], labels: ["a", "b", "c"]).classCount == 3)
    }

    @Test func description() {
        let m = ConfusionMatrix(predictions: Self.predictions, targets: Self.targets, labels: Self.labels)
        // The corner label is 16 wide; each column is 2 spaces + the wider of label and counts.
        let expected = """
            ConfusionMatrix: 3 classes, 7 samples (rows: true class, columns: predicted class)
            true \\ predicted  cat  dog  bird
            cat                 2    1     0
            dog                 0    2     0
            bird                1    0     1
            """
        #expect(m.description == expected)
        let ones = Array(repeating: 1, count: 123)
        let wide = ConfusionMatrix(predictions: ones, targets: ones)
        #expect(wide.description.hasSuffix("\n1                 0  123"))   // column 1 is 3 wide
    }

    @Test func outOfRangeClassStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ConfusionMatrix(predictions: [0, 3], targets: [0, 1], classCount: 3)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("ConfusionMatrix: position 1 has target 1 and prediction 3, outside 0..<3"))
    }

    @Test func labelCountMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ConfusionMatrix(classCount: 3, labels: ["a", "b"])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("ConfusionMatrix: 2 labels for 3 classes"))
    }
}
