import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct CrossEntropyTests {
    let logits = Tensor<Double>(rows: [[1, 2, 3], [1, 1, 1]])
    // Row 0: lse = ln(e + e^2 + e^3); row 1: ln 3.
    var lse0: Double { log(exp(1.0) + exp(2.0) + exp(3.0)) }

    @Test func handComputed() {
        let loss0 = lse0 - 3, loss1 = log(3.0)
        let none = crossEntropy(logits: logits, targets: [2, 0], reduction: .none)
        #expect(none.shape == [2])
        expectClose(none, Tensor([loss0, loss1]), atol: 1e-12)
        #expect(abs(crossEntropy(logits: logits, targets: [2, 0]).item - (loss0 + loss1) / 2) < 1e-12)
        #expect(abs(crossEntropy(logits: logits, targets: [2, 0], reduction: .sum).item - (loss0 + loss1)) < 1e-12)
        #expect(abs(crossEntropy(logits: Tensor<Float>(rows: [[0, 0, 0, 0]]), targets: [3]).item - Float(log(4.0))) < 1e-6)
    }

    @Test func labelSmoothingAsPyTorch() {
        // loss = (1 - eps) * nll + eps * mean over classes of -logp.
        let eps = 0.1
        let logp0 = [1 - lse0, 2 - lse0, 3 - lse0], logp1 = [Double](repeating: -log(3.0), count: 3)
        let l0 = (1 - eps) * -logp0[0] + eps * -logp0.reduce(0, +) / 3
        let l1 = (1 - eps) * -logp1[1] + eps * -logp1.reduce(0, +) / 3
        let none = crossEntropy(logits: logits, targets: [0, 1], labelSmoothing: eps, reduction: .none)
        expectClose(none, Tensor([l0, l1]), atol: 1e-12)
        let mean = crossEntropy(logits: logits, targets: [0, 1], labelSmoothing: eps)
        #expect(abs(mean.item - (l0 + l1) / 2) < 1e-12)
        // With an ignored position: smoothing is zeroed there too and the mean is over the counted one.
        let ignored = crossEntropy(logits: logits, targets: [0, -100], ignoreIndex: -100, labelSmoothing: eps)
        #expect(abs(ignored.item - l0) < 1e-12)
        // eps = 1: the mean of -logp over classes, whatever the target.
        let full = crossEntropy(logits: logits, targets: [2, 2], labelSmoothing: 1, reduction: .none)
        expectClose(full, Tensor([-logp0.reduce(0, +) / 3, log(3.0)]), atol: 1e-12)
    }

    @Test func ignoreIndexAndMask() {
        let loss0 = lse0 - 3
        let ignored = crossEntropy(logits: logits, targets: [2, -100], ignoreIndex: -100, reduction: .none)
        expectClose(ignored, Tensor([loss0, 0]), atol: 1e-12)
        #expect(abs(crossEntropy(logits: logits, targets: [2, -100], ignoreIndex: -100).item - loss0) < 1e-12)
        #expect(abs(crossEntropy(logits: logits, targets: [2, -100], ignoreIndex: -100, reduction: .sum).item
                    - loss0) < 1e-12)
        // An ignore index inside [0, C) (a padding class).
        #expect(abs(crossEntropy(logits: logits, targets: [2, 0], ignoreIndex: 0).item - loss0) < 1e-12)
        // A mask: false positions do not count (their targets are not even checked).
        let masked = crossEntropy(logits: logits, targets: [2, 99], mask: [true, false])
        #expect(abs(masked.item - loss0) < 1e-12)
        // Everything ignored with .sum is 0.
        #expect(crossEntropy(logits: logits, targets: [0, 0], mask: [false, false], reduction: .sum).item == 0)
    }

    @Test func classAxisLastForSequences() {
        // [T=2, B=3, V=4] gives the same losses as the flattened [6, 4], with leading shape [2, 3] for .none.
        let x = randomTensor([2, 3, 4], seed: 1) * 2
        let targets = [0, 3, 1, 2, 2, 0]
        let none = crossEntropy(logits: x, targets: targets, reduction: .none)
        #expect(none.shape == [2, 3])
        expectClose(none.reshaped([6]), crossEntropy(logits: x.reshaped([6, 4]), targets: targets, reduction: .none))
        // The same as PyTorch's layout [B, V, T] after moving the class axis last.
        let pytorchLayout = x.permuted([1, 2, 0])                       // [B, V, T]
        let back = pytorchLayout.permuted([2, 0, 1])                    // [T, B, V]
        expectClose(crossEntropy(logits: back, targets: targets), crossEntropy(logits: x, targets: targets))
    }

    @Test func gradientIsSoftmaxMinusOneHotOverCount() {
        let x = logits.requiringGrad()
        crossEntropy(logits: x, targets: [2, -1], ignoreIndex: -1).backward()
        let p = softmax(logits, axis: -1)
        var expected = p.scalars
        expected[2] -= 1
        for j in 3..<6 { expected[j] = 0 }                               // ignored row: no gradient
        expectClose(x.grad!, Tensor(shape: [2, 3], scalars: expected), atol: 1e-12)
    }

    @Test func gradients() {
        let x = randomTensor([2, 3, 5], seed: 2) * 2
        let targets = [4, 0, 2, 1, 3, 3]
        for reduction in [Reduction.mean, .sum, .none] {
            expectGradientsMatch([x]) { v in crossEntropy(logits: v[0], targets: targets, reduction: reduction) }
            expectGradientsMatch([x]) { v in
                crossEntropy(logits: v[0], targets: [4, -100, 2, 1, -100, 3], ignoreIndex: -100,
                             mask: [true, true, true, false, true, true], labelSmoothing: 0.2, reduction: reduction)
            }
            expectGradientsMatch([x]) { v in
                nllLoss(logProbabilities: logSoftmax(v[0]), targets: targets, mask: [true, false, true, true, true, true],
                        reduction: reduction)
            }
        }
        // nllLoss on raw scores: the gradient is -1/n at each counted target.
        expectGradientsMatch([x]) { v in nllLoss(logProbabilities: v[0], targets: targets) }
    }

    @Test func nllLossMatchesCrossEntropy() {
        let x = randomTensor([4, 3], seed: 3)
        let targets = [2, 0, 1, 1]
        expectClose(nllLoss(logProbabilities: logSoftmax(x), targets: targets), crossEntropy(logits: x, targets: targets))
        expectClose(nllLoss(logProbabilities: logSoftmax(x), targets: [2, 7, 1, 7], ignoreIndex: 7, reduction: .none),
                    crossEntropy(logits: x, targets: [2, 7, 1, 7], ignoreIndex: 7, reduction: .none))
        // Probability 0 (log -inf) away from the target is fine.
        let logp = Tensor<Double>(rows: [[-.infinity, 0], [log(0.25), log(0.75)]])
        #expect(abs(nllLoss(logProbabilities: logp, targets: [1, 0]).item - log(4.0) / 2) < 1e-12)
    }

    @Test func targetOutOfRangeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor<Float>.zeros([3, 4]), targets: [0, 4, 1])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("crossEntropy: target 4 at position 1 is out of range [0, 4) for logits of shape [3, 4]"))
    }

    @Test func wrongTargetCountStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor<Float>.zeros([2, 3, 4]), targets: [0, 1, 2])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("crossEntropy: 3 targets for logits of shape [2, 3, 4] (expected 6, the product of the leading dimensions [2, 3])"))
    }

    @Test func allIgnoredWithMeanStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor<Float>.zeros([2, 3]), targets: [-100, -100], ignoreIndex: -100)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("crossEntropy: all 2 targets are ignored or masked, so the mean over targets is undefined"))
    }

    @Test func nonFiniteLogitsStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var logits = Tensor<Float>.zeros([2, 3])
            logits[1, 2] = .nan
            _ = crossEntropy(logits: logits, targets: [0, 1])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("crossEntropy: logits has the non-finite value nan at index [1, 2] (shape [2, 3])"))
    }

    @Test func labelSmoothingOutOfRangeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor<Float>.zeros([2, 3]), targets: [0, 1], labelSmoothing: 1.5)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("crossEntropy: labelSmoothing 1.5 is outside [0, 1]"))
    }

    @Test func rankOneLogitsStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor<Float>.zeros([3]), targets: [0])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("crossEntropy: logits shape [3] must have rank >= 2 with classes on the last axis"))
    }

    @Test func maskOfWrongLengthStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = nllLoss(logProbabilities: Tensor<Float>.zeros([2, 3]), targets: [0, 1], mask: [true])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("nllLoss: mask has 1 entries for logProbabilities of shape [2, 3] (expected 2)"))
    }

    @Test func nanLogProbabilitiesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = nllLoss(logProbabilities: Tensor<Float>([0, .nan, -.infinity, 0]).reshaped([2, 2]), targets: [0, 1])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("nllLoss: logProbabilities has the non-finite value nan at index [0, 1] (shape [2, 2])"))
    }
}
