import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct RMSPropTests {
    func rmsprop(momentum: Double = 0, centered: Bool = false) -> RMSProp<Double> {
        RMSProp(parameters: [Parameter(Tensor<Double>([1]))], learningRate: 0.01, momentum: momentum, centered: centered)
    }

    @Test func twoStepsByHand() {
        // lr 0.01, alpha 0.99, g = 1 twice.
        // step 1: s = 0.01, p = 1 - 0.01 * 1 / (sqrt(0.01) + 1e-8) = 0.9000000099...
        // step 2: s = 0.99 * 0.01 + 0.01 = 0.0199, p = p1 - 0.01 / (sqrt(0.0199) + 1e-8) = 0.82911189...
        let t = optimizerTrajectory(rmsprop(), [[1], [1]])
        let p1 = 1 - 0.01 / (0.1 + 1e-8)
        expectClose(Tensor(t.flatMap { $0 }), Tensor([p1, p1 - 0.01 / (0.0199.squareRoot() + 1e-8)]), atol: 1e-12)
        expectClose(Tensor(t[1]), Tensor([0.8291118945242908]), atol: 1e-12)   // PyTorch 2.13
    }

    @Test func centeredSubtractsTheSquaredMeanGradient() {
        // step 1: s = 0.01, a = 0.01, d = sqrt(0.01 - 0.0001) + 1e-8, p = 1 - 0.01 / d = 0.89949622...
        let t = optimizerTrajectory(rmsprop(centered: true), [[1]])
        expectClose(Tensor(t[0]), Tensor([1 - 0.01 / (0.0099.squareRoot() + 1e-8)]), atol: 1e-12)
        expectClose(Tensor(t[0]), Tensor([0.8994962285750879]), atol: 1e-12)   // PyTorch 2.13
    }

    @Test func momentumAccumulatesTheNormalizedStep() {
        // step 1: b = 1 / (0.1 + 1e-8) ~ 10, p = 1 - 0.01 * b
        // step 2: b = 0.9 * b + 1 / (sqrt(0.0199) + 1e-8), p = p1 - 0.01 * b
        let t = optimizerTrajectory(rmsprop(momentum: 0.9), [[1], [1]])
        let b1 = 1 / (0.1 + 1e-8), b2 = 0.9 * b1 + 1 / (0.0199.squareRoot() + 1e-8)
        expectClose(Tensor(t.flatMap { $0 }), Tensor([1 - 0.01 * b1, 1 - 0.01 * b1 - 0.01 * b2]), atol: 1e-12)
        expectClose(Tensor(t[1]), Tensor([0.7391119035242899]), atol: 1e-12)   // PyTorch 2.13
    }

    @Test func weightDecayIsAddedToTheGradient() {
        // g' = 1 + 0.5 * 2 = 2, s = 0.01 * 4 = 0.04, p = 2 - 0.01 * 2 / (0.2 + 1e-8)
        let optimizer = RMSProp(parameters: [Parameter(Tensor<Double>([2]))], learningRate: 0.01, weightDecay: 0.5)
        let t = optimizerTrajectory(optimizer, [[1]])
        expectClose(Tensor(t[0]), Tensor([2 - 0.01 * 2 / (0.2 + 1e-8)]), atol: 1e-12)
    }

    @Test func stateRoundTrip() {
        let keys: Set<String> = ["0.step", "0.square_avg", "0.momentum_buffer", "0.grad_avg",
                                 "1.step", "1.square_avg", "1.momentum_buffer", "1.grad_avg"]
        expectStateRoundTrip({ RMSProp<Float>(parameters: $0, weightDecay: 0.01, momentum: 0.5, centered: true) },
                             expectedKeys: keys)
        expectStateRoundTrip({ RMSProp<Double>(parameters: $0) },
                             expectedKeys: ["0.step", "0.square_avg", "1.step", "1.square_avg"])
    }

    @Test func negativeAlphaIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RMSProp(parameters: [Parameter(Tensor<Float>([1]))], alpha: -0.1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("RMSProp: invalid alpha -0.1"))
    }
}
