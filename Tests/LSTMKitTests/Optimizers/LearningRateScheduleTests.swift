import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct LearningRateScheduleTests {
    func rates(_ schedule: some LearningRateSchedule, _ steps: Int) -> Tensor<Double> {
        Tensor((0..<steps).map { schedule.learningRate(atStep: $0) })
    }

    @Test func constant() {
        expectClose(rates(ConstantRate(0.3), 3), Tensor([0.3, 0.3, 0.3]), atol: 0)
    }

    @Test func stepDecay() {
        // 0.1 * 0.5^floor(t / 3)
        expectClose(rates(StepDecay(initial: 0.1, stepSize: 3, gamma: 0.5), 8),
                    Tensor([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]), atol: 1e-16)
        #expect(StepDecay(initial: 1, stepSize: 2).learningRate(atStep: 4) == 0.1 * 0.1)   // default gamma 0.1
    }

    @Test func exponentialDecay() {
        // 1 * 0.9^t
        expectClose(rates(ExponentialDecay(initial: 1, gamma: 0.9), 4), Tensor([1, 0.9, 0.81, 0.729]), atol: 1e-15)
    }

    @Test func cosineAnnealing() {
        // 0.2 + 0.8 * (1 + cos(pi * t / 4)) / 2: t=1 -> 0.2 + 0.4 * (1 + sqrt(0.5)) = 0.88284271...
        let schedule = CosineAnnealing(initial: 1, maxSteps: 4, minimum: 0.2)
        expectClose(rates(schedule, 5), Tensor([1, 0.2 + 0.4 * (1 + 0.5.squareRoot()), 0.6,
                                                0.2 + 0.4 * (1 - 0.5.squareRoot()), 0.2]), atol: 1e-15)
        // Past maxSteps the cosine rises again, as PyTorch's does.
        #expect(Swift.abs(schedule.learningRate(atStep: 6) - 0.6) < 1e-15)
        #expect(CosineAnnealing(initial: 0.1, maxSteps: 10).learningRate(atStep: 10) < 1e-17)   // default minimum 0
    }

    /// PyTorch's `CosineAnnealingLR(T_max=10)` as printed by `get_last_lr()` for steps 0...3 (2.13).
    @Test func cosineAnnealingMatchesPyTorch() {
        expectClose(rates(CosineAnnealing(initial: 0.1, maxSteps: 10), 4),
                    Tensor([0.1, 0.09755282581475769, 0.09045084971874738, 0.07938926261462367]), atol: 1e-15)
    }

    @Test func linearWarmupThenTheWrappedScheduleShifted() {
        // ramp 0.2, 0.4, 0.6, 0.8 (base 1 = then at step 0), then StepDecay from its step 0.
        let schedule = LinearWarmup(warmupSteps: 4, startFactor: 0.2,
                                    then: StepDecay(initial: 1, stepSize: 2, gamma: 0.5))
        expectClose(rates(schedule, 9), Tensor([0.2, 0.4, 0.6, 0.8, 1, 1, 0.5, 0.5, 0.25]), atol: 1e-15)
        // Default start factor 1/3 (PyTorch LinearLR): 0.1, 0.2, then 0.3.
        expectClose(rates(LinearWarmup(warmupSteps: 2, then: ConstantRate(0.3)), 4), Tensor([0.1, 0.2, 0.3, 0.3]),
                    atol: 1e-15)
        // No warmup at all.
        #expect(LinearWarmup(warmupSteps: 0, then: ConstantRate(0.3)).learningRate(atStep: 0) == 0.3)
    }

    @Test func applySetsTheOptimizersRate() {
        let optimizer = SGD(parameters: [Parameter(Tensor<Float>([1]))], learningRate: 1)
        ExponentialDecay(initial: 0.5, gamma: 0.5).apply(to: optimizer, atStep: 2)
        #expect(optimizer.learningRate == 0.125)
    }

    @Test func negativeStepIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = CosineAnnealing(initial: 0.1, maxSteps: 10).learningRate(atStep: -1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("CosineAnnealing: step -1 is negative"))
    }

    @Test func zeroStepSizeIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = StepDecay(initial: 0.1, stepSize: 0)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("StepDecay: invalid stepSize 0"))
    }
}
