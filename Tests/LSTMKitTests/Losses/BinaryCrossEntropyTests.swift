import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct BinaryCrossEntropyTests {
    /// The textbook form -(p y ln sigmoid(x) + (1 - y) ln(1 - sigmoid(x))), fine for moderate x.
    private func naive(_ x: Double, _ y: Double, _ p: Double = 1) -> Double {
        let s = 1 / (1 + exp(-x))
        return -(p * y * log(s) + (1 - y) * log(1 - s))
    }

    @Test func handComputed() {
        let x = Tensor<Double>([0, 2, -3, 1]), y = Tensor<Double>([1, 0, 1, 0.25])
        let none = binaryCrossEntropyWithLogits(logits: x, targets: y, reduction: .none)
        // ln 2 ; 2 + ln(1 + e^-2) ; ln(1 + e^3) ; 0.75 + ln(1 + e^-1).
        let e0: Double = log(2.0), e1: Double = 2 + log(1 + exp(-2.0))
        let e2: Double = log(1 + exp(3.0)), e3: Double = 0.75 + log(1 + exp(-1.0))
        let expected = [e0, e1, e2, e3]
        expectClose(none, Tensor(expected), atol: 1e-12)
        for i in 0..<4 { #expect(abs(expected[i] - naive(x.scalars[i], y.scalars[i])) < 1e-12) }
        #expect(abs(binaryCrossEntropyWithLogits(logits: x, targets: y).item - expected.reduce(0, +) / 4) < 1e-12)
        #expect(abs(binaryCrossEntropyWithLogits(logits: x, targets: y, reduction: .sum).item
                    - expected.reduce(0, +)) < 1e-12)
    }

    @Test func stableForLargeLogits() {
        let x = Tensor<Float>([100, -100, 100, -100]), y = Tensor<Float>([0, 1, 1, 0])
        let losses = binaryCrossEntropyWithLogits(logits: x, targets: y, reduction: .none)
        expectClose(losses, Tensor([100, 100, 0, 0]), atol: 1e-5)
    }

    @Test func positiveWeightPerClass() {
        // Logits [N=2, C=3] with one weight per class, broadcast over rows.
        let x = Tensor<Double>(rows: [[0.5, -1, 2], [1.5, 0, -0.5]])
        let y = Tensor<Double>(rows: [[1, 0, 1], [0, 1, 0.5]])
        let p = Tensor<Double>([2, 3, 0.5])
        let losses = binaryCrossEntropyWithLogits(logits: x, targets: y, positiveWeight: p, reduction: .none)
        var expected = [Double]()
        for i in 0..<6 { expected.append(naive(x.scalars[i], y.scalars[i], p.scalars[i % 3])) }
        expectClose(losses, Tensor(shape: [2, 3], scalars: expected), atol: 1e-12)
        // A weight of 1 everywhere is the unweighted loss.
        expectClose(binaryCrossEntropyWithLogits(logits: x, targets: y, positiveWeight: .ones([3])),
                    binaryCrossEntropyWithLogits(logits: x, targets: y), atol: 1e-15)
    }

    @Test func gradients() {
        let x = randomTensor([2, 3, 4], seed: 1) * 3
        let y = randomTensor([2, 3, 4], seed: 2, low: 0, high: 1)
        let p = randomTensor([4], seed: 3, low: 0.5, high: 3)
        for reduction in [Reduction.mean, .sum, .none] {
            expectGradientsMatch([x]) { v in binaryCrossEntropyWithLogits(logits: v[0], targets: y, reduction: reduction) }
            expectGradientsMatch([x, y, p]) { v in
                binaryCrossEntropyWithLogits(logits: v[0], targets: v[1], positiveWeight: v[2], reduction: reduction)
            }
        }
    }

    @Test func gradientIsSigmoidMinusTarget() {
        let x = Tensor<Double>([0.3, -1.2, 2]).requiringGrad(), y = Tensor<Double>([1, 0, 0.5])
        binaryCrossEntropyWithLogits(logits: x, targets: y, reduction: .sum).backward()
        expectClose(x.grad!, sigmoid(x.detached()) - y, atol: 1e-12)
    }

    @Test func shapeMismatchStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = binaryCrossEntropyWithLogits(logits: Tensor<Float>.zeros([4, 1]), targets: Tensor<Float>.zeros([4]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("binaryCrossEntropyWithLogits: logits shape [4, 1] and targets shape [4] differ"))
    }

    @Test func nonFiniteLogitsStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = binaryCrossEntropyWithLogits(logits: Tensor<Float>(rows: [[0, 1], [-.infinity, 2]]),
                                             targets: Tensor<Float>.zeros([2, 2]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("binaryCrossEntropyWithLogits: logits has the non-finite value -inf at index [1, 0] (shape [2, 2])"))
    }

    @Test func positiveWeightOfWrongShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = binaryCrossEntropyWithLogits(logits: Tensor<Float>.zeros([2, 3]), targets: Tensor<Float>.zeros([2, 3]),
                                             positiveWeight: Tensor<Float>.ones([2, 1, 3]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("binaryCrossEntropyWithLogits: positiveWeight shape [2, 1, 3] does not broadcast to logits shape [2, 3]"))
    }
}
