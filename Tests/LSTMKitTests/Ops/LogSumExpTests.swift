import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// `logSumExp`: values against the naive formula, stability, the -inf lane, shapes, and the gradient against
/// finite differences. PyTorch's `torch.logsumexp` is the fixture witness (`CRFFixtureTests`).
@Suite struct LogSumExpTests {
    @Test func matchesTheNaiveFormulaOnEveryAxis() {
        let x = randomTensor([2, 3, 4], seed: 1, low: -2, high: 2)
        for axis in 0..<3 {
            let naive = log(exp(x).sum(axis: axis))
            expectClose(logSumExp(x, axis: axis), naive, atol: 1e-14, rtol: 1e-14, "axis \(axis)")
            expectClose(logSumExp(x, axis: axis - 3), naive, atol: 1e-14, rtol: 1e-14, "axis \(axis - 3)")
            #expect(logSumExp(x, axis: axis, keepDims: true).shape == x.sum(axis: axis, keepDims: true).shape)
        }
        #expect(logSumExp(x).shape == [2, 3])
    }

    @Test func largeAndSmallValuesDoNotOverflow() {
        let x = Tensor<Float>(rows: [[1000, 1000], [-1000, -1001], [88, 89]])
        let y = logSumExp(x, axis: 1)
        expectClose(y, Tensor([1000 + Float(M_LN2), -1000 + Float(Foundation.log1p(Foundation.exp(-1.0))),
                               89 + Float(Foundation.log1p(Foundation.exp(-1.0)))]), atol: 1e-4, rtol: 1e-6)
        #expect(y.scalars.allSatisfy { $0.isFinite })
    }

    @Test func aLaneOfMinusInfinityGivesMinusInfinityAndNoGradient() {
        let x = Tensor<Double>(rows: [[-.infinity, -.infinity], [0, -.infinity]]).requiringGrad()
        let y = logSumExp(x, axis: 1)
        #expect(y.scalars == [-.infinity, 0])
        y.sum().backward()
        #expect(x.grad!.scalars == [0, 0, 1, 0])
    }

    @Test func gradientIsSoftmaxTimesUpstream() {
        let x = randomTensor([3, 5], seed: 2)
        let (_, grads) = gradients(of: { v in logSumExp(v[0], axis: 1).sum() }, at: [x])
        expectClose(grads[0], softmax(x, axis: 1), atol: 1e-15)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let x3 = randomTensor([2, 3, 4], seed: 3, low: -3, high: 3)
        expectGradientsMatch([x3]) { x in logSumExp(x[0], axis: 1) }
        expectGradientsMatch([x3]) { x in logSumExp(x[0], axis: 0, keepDims: true) }
        expectGradientsMatch([x3]) { x in logSumExp(x[0]) }
        expectGradientsMatch([randomTensor([4, 1], seed: 4)]) { x in logSumExp(x[0], axis: 1) }
    }

    @Test func anEmptyAxisIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = logSumExp(Tensor<Float>.zeros([2, 0]), axis: 1)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("logSumExp: axis 1 of shape [2, 0] is empty"))
    }
}
