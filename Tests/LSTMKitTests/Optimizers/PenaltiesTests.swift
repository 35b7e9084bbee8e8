import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct PenaltiesTests {
    func parameters() -> [Parameter<Double>] {
        [Parameter(Tensor([1, -2]), name: "a"), Parameter(Tensor(rows: [[0.5]]), name: "b")]
    }

    @Test func values() {
        let ps = parameters()
        // l1 = 0.1 * (1 + 2 + 0.5) = 0.35;  l2 = 0.1 * (1 + 4 + 0.25) = 0.525
        #expect(Swift.abs(l1Penalty(ps, weight: 0.1).item - 0.35) < 1e-15)
        #expect(Swift.abs(l2Penalty(ps, weight: 0.1).item - 0.525) < 1e-15)
        #expect(l1Penalty(ps, weight: 0.1).shape == [])
        #expect(l2Penalty([Parameter<Double>](), weight: 0.1).item == 0)
    }

    @Test func gradients() {
        let ps = parameters()
        (l2Penalty(ps, weight: 0.1) + l1Penalty(ps, weight: 0.01)).backward()
        // dp = 2 * 0.1 * p + 0.01 * sign(p)
        expectClose(ps[0].grad!, Tensor([0.2 + 0.01, -0.4 - 0.01]), atol: 1e-15)
        expectClose(ps[1].grad!, Tensor(rows: [[0.1 + 0.01]]), atol: 1e-15)
    }

    /// Finite differences against autodiff, on the very parameters the penalty reads: their gradients are
    /// first checked to be the nonzero closed form, so the comparison cannot be 0 against 0.
    @Test func gradientsMatchFiniteDifferences() throws {
        // Away from 0, where |p| has no derivative (finite differences use steps of 1e-6).
        let qs = [Parameter(Tensor([0.7, -1.3, 2.1]), name: "a"), Parameter(Tensor(rows: [[-0.4, 0.25]]), name: "b")]
        let penalty = { l2Penalty(qs, weight: 0.3) + l1Penalty(qs, weight: 0.2) }
        penalty().backward()
        // dp = 2 * 0.3 * p + 0.2 * sign(p)
        expectClose(try #require(qs[0].grad), Tensor([0.6 * 0.7 + 0.2, 0.6 * -1.3 - 0.2, 0.6 * 2.1 + 0.2]), atol: 1e-14)
        expectClose(try #require(qs[1].grad), Tensor(rows: [[0.6 * -0.4 - 0.2, 0.6 * 0.25 + 0.2]]), atol: 1e-14)
        qs.forEach { $0.grad = nil }
        expectGradientsMatch([], parameters: qs) { _ in penalty() }
    }

    /// PyTorch-style `weightDecay = lambda` is the gradient of `l2Penalty(weight: lambda / 2)`.
    @Test func weightDecayEqualsHalfWeightL2Penalty() {
        let a = parameters(), b = parameters()
        let decayed = SGD(parameters: a, learningRate: 0.1, momentum: 0.9, weightDecay: 0.2)
        let penalized = SGD(parameters: b, learningRate: 0.1, momentum: 0.9)
        for _ in 0..<3 {
            decayed.zeroGrad()
            penalized.zeroGrad()
            (a[0].value * a[0].value).sum().backward()
            ((b[0].value * b[0].value).sum() + l2Penalty(b, weight: 0.1)).backward()
            a[1].grad = .zeros([1, 1])   // so the decay also reaches the parameter unused by the loss
            decayed.step()
            penalized.step()
        }
        for (x, y) in zip(a, b) { expectClose(x.data, y.data, atol: 1e-14) }
    }

    @Test func negativeWeightIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = l1Penalty([Parameter(Tensor<Float>([1]))], weight: -1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("l1Penalty: invalid weight -1.0"))
    }
}
