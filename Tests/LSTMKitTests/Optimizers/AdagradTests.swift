import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct AdagradTests {
    func adagrad(_ p0: Double = 1, learningRateDecay: Double = 0, weightDecay: Double = 0,
                 initialAccumulatorValue: Double = 0) -> Adagrad<Double> {
        Adagrad(parameters: [Parameter(Tensor([p0]))], learningRate: 0.1, learningRateDecay: learningRateDecay,
                weightDecay: weightDecay, initialAccumulatorValue: initialAccumulatorValue)
    }

    @Test func twoStepsByHand() {
        // g = 1 twice: sum = 1, p = 1 - 0.1 * 1 / (1 + 1e-10); sum = 2, p = p1 - 0.1 / (sqrt(2) + 1e-10)
        let t = optimizerTrajectory(adagrad(), [[1], [1]])
        let p1 = 1 - 0.1 / (1 + 1e-10)
        expectClose(Tensor(t.flatMap { $0 }), Tensor([p1, p1 - 0.1 / (2.0.squareRoot() + 1e-10)]), atol: 1e-12)
        expectClose(Tensor(t[1]), Tensor([0.8292893218963453]), atol: 1e-12)   // PyTorch 2.13
    }

    @Test func learningRateDecay() {
        // step 2 uses clr = 0.1 / (1 + 1 * 0.5): p = p1 - (0.1 / 1.5) / (sqrt(2) + 1e-10) = 0.85285954...
        let t = optimizerTrajectory(adagrad(learningRateDecay: 0.5), [[1], [1]])
        expectClose(Tensor(t[1]), Tensor([1 - 0.1 / (1 + 1e-10) - (0.1 / 1.5) / (2.0.squareRoot() + 1e-10)]), atol: 1e-12)
        expectClose(Tensor(t[1]), Tensor([0.8528595479342302]), atol: 1e-12)   // PyTorch 2.13
    }

    @Test func initialAccumulatorAndWeightDecay() {
        // sum starts at 3: sum = 3 + 1 = 4, p = 1 - 0.1 * 1 / (2 + 1e-10) = 0.95
        expectClose(Tensor(optimizerTrajectory(adagrad(initialAccumulatorValue: 3), [[1]])[0]),
                    Tensor([1 - 0.1 / (2 + 1e-10)]), atol: 1e-12)
        // p = 2, g' = 1 + 0.5 * 2 = 2, sum = 1 + 4 = 5, p = 2 - 0.1 * 2 / (sqrt(5) + 1e-10) = 1.91055728...
        let t = optimizerTrajectory(adagrad(2, weightDecay: 0.5, initialAccumulatorValue: 1), [[1]])
        expectClose(Tensor(t[0]), Tensor([2 - 0.2 / (5.0.squareRoot() + 1e-10)]), atol: 1e-12)
        expectClose(Tensor(t[0]), Tensor([1.9105572809040083]), atol: 1e-12)   // PyTorch 2.13
    }

    @Test func stateExistsFromConstruction() {
        let optimizer = Adagrad(parameters: [Parameter(Tensor<Float>([1, 2]))], initialAccumulatorValue: 3)
        #expect(optimizer.stateTensors["0.sum"]?.scalars == [3, 3])
        #expect(optimizer.stateTensors["0.step"]?.item == 0)
    }

    @Test func stateRoundTrip() {
        expectStateRoundTrip({ Adagrad<Float>(parameters: $0, learningRateDecay: 0.1, weightDecay: 0.01,
                                              initialAccumulatorValue: 0.5) },
                             expectedKeys: ["0.step", "0.sum", "1.step", "1.sum"])
    }

    @Test func negativeInitialAccumulatorIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Adagrad(parameters: [Parameter(Tensor<Float>([1]))], initialAccumulatorValue: -1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Adagrad: invalid initial accumulator value -1.0"))
    }
}
