import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct SGDTests {
    func sgd(_ p0: [Double], lr: Double = 0.1, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
             weightDecay: Double = 0) -> SGD<Double> {
        SGD(parameters: [Parameter(Tensor(p0))], learningRate: lr, momentum: momentum, dampening: dampening,
            nesterov: nesterov, weightDecay: weightDecay)
    }

    @Test func plainStep() {
        // p = [1, -2] - 0.1 * [0.5, 1] = [0.95, -2.1]
        let t = optimizerTrajectory(sgd([1, -2]), [[0.5, 1]])
        expectClose(Tensor(t[0]), Tensor([0.95, -2.1]), atol: 1e-15)
    }

    @Test func momentum() {
        // step 1: b = g = 1, p = 1 - 0.1 * 1 = 0.9
        // step 2: b = 0.9 * 1 + 1 = 1.9, p = 0.9 - 0.1 * 1.9 = 0.71
        let t = optimizerTrajectory(sgd([1], momentum: 0.9), [[1], [1]])
        expectClose(Tensor(t.flatMap { $0 }), Tensor([0.9, 0.71]), atol: 1e-15)
    }

    @Test func nesterov() {
        // step 1: b = 1, g' = 1 + 0.9 * 1 = 1.9, p = 1 - 0.19 = 0.81
        // step 2: b = 0.9 * 1 + 1 = 1.9, g' = 1 + 0.9 * 1.9 = 2.71, p = 0.81 - 0.271 = 0.539
        let t = optimizerTrajectory(sgd([1], momentum: 0.9, nesterov: true), [[1], [1]])
        expectClose(Tensor(t.flatMap { $0 }), Tensor([0.81, 0.539]), atol: 1e-15)
    }

    @Test func dampeningSkipsTheFirstStep() {
        // step 1: b = g = 1 (no dampening on the first step), p = 0.9
        // step 2: b = 0.9 * 1 + (1 - 0.5) * 1 = 1.4, p = 0.9 - 0.14 = 0.76
        let t = optimizerTrajectory(sgd([1], momentum: 0.9, dampening: 0.5), [[1], [1]])
        expectClose(Tensor(t.flatMap { $0 }), Tensor([0.9, 0.76]), atol: 1e-15)
    }

    @Test func weightDecayIsAddedToTheGradient() {
        // g' = 1 + 0.1 * 1 = 1.1, p = 1 - 0.1 * 1.1 = 0.89
        let t = optimizerTrajectory(sgd([1], weightDecay: 0.1), [[1]])
        expectClose(Tensor(t[0]), Tensor([0.89]), atol: 1e-15)
    }

    @Test func stateRoundTrip() {
        expectStateRoundTrip({ SGD<Float>(parameters: $0, learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01) },
                             expectedKeys: ["0.momentum_buffer", "1.momentum_buffer"])
        // Without momentum there is no state, as in PyTorch.
        expectStateRoundTrip({ SGD<Double>(parameters: $0, learningRate: 0.05) }, expectedKeys: [])
    }

    @Test func negativeLearningRateIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD(parameters: [Parameter(Tensor<Float>([1]))], learningRate: -0.1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("SGD: invalid learning rate -0.1"))
    }

    @Test func nesterovWithoutMomentumIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD(parameters: [Parameter(Tensor<Float>([1]))], learningRate: 0.1, nesterov: true)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("SGD: nesterov momentum requires momentum > 0 and dampening 0 (got momentum 0.0"))
    }

    @Test func nesterovWithDampeningIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD(parameters: [Parameter(Tensor<Float>([1]))], learningRate: 0.1, momentum: 0.9, dampening: 0.1,
                    nesterov: true)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("dampening 0.1"))
    }

    @Test func negativeWeightDecayIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD(parameters: [Parameter(Tensor<Float>([1]))], learningRate: 0.1, weightDecay: -1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("SGD: invalid weight decay -1.0"))
    }
}
