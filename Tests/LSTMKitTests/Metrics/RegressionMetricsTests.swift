import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct RegressionMetricsTests {
    // sklearn's documentation example: y_true [3, -0.5, 2, 7], y_pred [2.5, 0.0, 2, 8].
    // errors (pred - true): -0.5, 0.5, 0, 1
    static let targets: [Double] = [3, -0.5, 2, 7]
    static let predictions: [Double] = [2.5, 0.0, 2, 8]

    @Test func squaredAndAbsoluteErrors() {
        // MSE = (0.25 + 0.25 + 0 + 1) / 4 = 0.375; RMSE = sqrt(0.375); MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5
        #expect(meanSquaredError(predictions: Self.predictions, targets: Self.targets) == 0.375)
        #expect(rootMeanSquaredError(predictions: Self.predictions, targets: Self.targets) == 0.375.squareRoot())
        #expect(meanAbsoluteError(predictions: Self.predictions, targets: Self.targets) == 0.5)
    }

    @Test func meanAbsolutePercentage() {
        // (0.5/3 + 0.5/0.5 + 0/2 + 1/7) / 4 = 0.32738095238095238 (sklearn gives the same)
        let mape = meanAbsolutePercentageError(predictions: Self.predictions, targets: Self.targets)
        #expect(Swift.abs(mape - (0.5 / 3 + 1 + 0 + 1.0 / 7) / 4) < 1e-15)
        // The zero target is skipped: (10/100 + 5/50) / 2 = 0.1.
        let skipping = meanAbsolutePercentageError(predictions: [110.0, 5, 45], targets: [100, 0, 50])
        #expect(Swift.abs(skipping - 0.1) < 1e-15)
    }

    @Test func r2() {
        // mean(y) = 11.5 / 4 = 2.875; SS_tot = 0.125^2 + 3.375^2 + 0.875^2 + 4.125^2 = 29.1875;
        // SS_res = 0.25 + 0.25 + 0 + 1 = 1.5; R^2 = 1 - 1.5 / 29.1875 = 0.9486081370449679 (sklearn's docs)
        #expect(Swift.abs(r2Score(predictions: Self.predictions, targets: Self.targets) - 0.9486081370449679) < 1e-15)
        // Predicting the mean gives 0; constant targets give 1 if exact, else 0 (sklearn force_finite).
        #expect(r2Score(predictions: [2.875, 2.875, 2.875, 2.875], targets: Self.targets) == 0)
        #expect(r2Score(predictions: [2.0, 2, 2], targets: [2, 2, 2]) == 1)
        #expect(r2Score(predictions: [1.0, 2, 3], targets: [2, 2, 2]) == 0)
    }

    @Test func tensorsAndFloat() {
        let p = Tensor<Float>(rows: [[2.5, 0], [2, 8]]), t = Tensor<Float>(rows: [[3, -0.5], [2, 7]])
        #expect(meanSquaredError(predictions: p, targets: t) == 0.375)
        #expect(meanAbsoluteError(predictions: p, targets: t) == 0.5)
        #expect(rootMeanSquaredError(predictions: p, targets: t) == 0.375.squareRoot())
        #expect(Swift.abs(r2Score(predictions: p, targets: t) - 0.9486081370449679) < 1e-12)
        #expect(Swift.abs(meanAbsolutePercentageError(predictions: p, targets: t) - 0.32738095238095238) < 1e-7)
        #expect(meanSquaredError(predictions: [Float(1)], targets: [3]) == 4)
    }

    @Test func lengthMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = meanSquaredError(predictions: [1.0, 2], targets: [1.0])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("meanSquaredError: 2 predictions but 1 targets"))
    }

    @Test func shapeMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = r2Score(predictions: Tensor<Float>.zeros([2, 3]), targets: Tensor<Float>.zeros([3, 2]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("r2Score: predictions shape [2, 3] and targets shape [3, 2] differ"))
    }

    @Test func allZeroTargetsStopMAPE() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = meanAbsolutePercentageError(predictions: [1.0, 2], targets: [0.0, 0])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("meanAbsolutePercentageError: all 2 targets are 0"))
    }

    @Test func r2NeedsTwoSamples() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = r2Score(predictions: [1.0], targets: [2.0])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("r2Score: needs at least 2 samples, got 1"))
    }
}
