import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct RegressionLossesTests {
    // Differences prediction - target: [1, -2, 0, 0.5].
    let prediction = Tensor<Double>(rows: [[1, 2], [3, 1]])
    let target = Tensor<Double>(rows: [[0, 4], [3, 0.5]])

    @Test func mseHandComputed() {
        #expect(mseLoss(prediction, target).item == 5.25 / 4)
        #expect(mseLoss(prediction, target, reduction: .sum).item == 5.25)
        let none = mseLoss(prediction, target, reduction: .none)
        #expect(none.shape == [2, 2] && none.scalars == [1, 4, 0, 0.25])
    }

    @Test func maeHandComputed() {
        #expect(maeLoss(prediction, target).item == 3.5 / 4)
        #expect(maeLoss(prediction, target, reduction: .sum).item == 3.5)
        #expect(maeLoss(prediction, target, reduction: .none).scalars == [1, 2, 0, 0.5])
    }

    @Test func huberHandComputed() {
        // delta 1: |1| -> 1 * (1 - 0.5) = 0.5 ; |-2| -> 1.5 ; 0 -> 0 ; |0.5| -> 0.125.
        #expect(huberLoss(prediction, target, reduction: .none).scalars == [0.5, 1.5, 0, 0.125])
        #expect(huberLoss(prediction, target).item == 2.125 / 4)
        // delta 2: 0.5 ; |-2| is not < 2 -> 2 * (2 - 1) = 2 ; 0 ; 0.125.
        #expect(huberLoss(prediction, target, delta: 2, reduction: .sum).item == 2.625)
        // A large delta is half the squared error.
        expectClose(huberLoss(prediction, target, delta: 10), mseLoss(prediction, target) / 2)
    }

    @Test func floatMatchesDouble() {
        let p = randomTensor([3, 4], seed: 1), t = randomTensor([3, 4], seed: 2)
        let pf = p.converted(to: Float.self), tf = t.converted(to: Float.self)
        #expect(abs(Double(mseLoss(pf, tf).item) - mseLoss(p, t).item) < 1e-6)
        #expect(abs(Double(huberLoss(pf, tf, delta: 0.5).item) - huberLoss(p, t, delta: 0.5).item) < 1e-6)
    }

    @Test func gradients() {
        let p = randomTensor([2, 3, 4], seed: 3) * 2, t = randomTensor([2, 3, 4], seed: 4) * 2
        for reduction in [Reduction.mean, .sum, .none] {
            expectGradientsMatch([p, t]) { x in mseLoss(x[0], x[1], reduction: reduction) }
            expectGradientsMatch([p, t]) { x in maeLoss(x[0], x[1], reduction: reduction) }
            expectGradientsMatch([p, t]) { x in huberLoss(x[0], x[1], delta: 0.7, reduction: reduction) }
        }
    }

    @Test func mseGradientIsTwiceTheDifferenceOverN() {
        let p = prediction.requiringGrad()
        mseLoss(p, target).backward()
        expectClose(p.grad!, Tensor(rows: [[0.5, -1], [0, 0.25]]))
    }

    @Test func shapeMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mseLoss(Tensor<Float>.zeros([2, 3]), Tensor<Float>.zeros([3, 2]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("mseLoss: prediction shape [2, 3] and target shape [3, 2] differ"))
    }

    @Test func nonFinitePredictionStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = maeLoss(Tensor<Float>([0, 1, .nan]), Tensor<Float>.zeros([3]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("maeLoss: prediction has the non-finite value nan at index [2] (shape [3])"))
    }

    @Test func nonPositiveDeltaStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = huberLoss(Tensor<Float>.zeros([2]), Tensor<Float>.zeros([2]), delta: 0)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("huberLoss: delta 0.0 must be positive and finite"))
    }
}
