import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ReduceLROnPlateauTests {
    /// The rate after each metric, starting from `rate`.
    func rates(_ plateau: ReduceLROnPlateau, _ metrics: [Double], from rate: Double) -> [Double] {
        var lr = rate
        return metrics.map { m in
            lr = plateau.step(metric: m, learningRate: lr)
            return lr
        }
    }

    @Test func minModeWithPatience() {
        // best: 1 -> 0.9; then 0.95, 0.91, 0.92 are bad steps 1, 2, 3 > patience 2: the rate halves on 0.92.
        // 0.85 is better; 0.89995 is not (it must be below 0.85 * (1 - 1e-4)).
        let plateau = ReduceLROnPlateau(factor: 0.5, patience: 2)
        #expect(rates(plateau, [1.0, 0.9, 0.95, 0.91, 0.92, 0.85], from: 1) == [1, 1, 1, 1, 0.5, 0.5])
        #expect(plateau.best == 0.85 && plateau.numBadEpochs == 0 && plateau.lastEpoch == 6)
        plateau.step(metric: 0.84995, learningRate: 0.5)
        #expect(plateau.best == 0.85 && plateau.numBadEpochs == 1)
    }

    @Test func maxModeAbsoluteThresholdCooldownAndMinimum() {
        // threshold 0.01 (abs), patience 1, cooldown 2, factor 0.3, minimum 0.005, rate 0.1:
        // 0.1, 0.2 better; 0.2 bad 1; 0.205 (not > 0.21) bad 2 -> 0.03, cooldown 2;
        // two cooldown steps (bad steps ignored); bad 1; bad 2 -> max(0.009, 0.005) = 0.009;
        // two cooldown steps; bad 1; bad 2 -> max(0.0027, 0.005) = 0.005; later reductions change nothing.
        let plateau = ReduceLROnPlateau(mode: .max, factor: 0.3, patience: 1, threshold: 0.01,
                                        thresholdMode: .absolute, cooldown: 2, minimumRate: 0.005)
        let metrics = [0.1, 0.2, 0.2, 0.205] + Array(repeating: 0.1, count: 12)
        let expected = [0.1, 0.1, 0.1, 0.03, 0.03, 0.03, 0.03, 0.009, 0.009, 0.009, 0.009, 0.005,
                        0.005, 0.005, 0.005, 0.005]
        expectClose(Tensor(rates(plateau, metrics, from: 0.1)), Tensor(expected), atol: 1e-15)
    }

    @Test func patienceZeroReducesOnTheFirstBadStep() {
        // max, relative: 1.05 > 1 * 1.0001 is better; the repeated 1.05 is bad -> 0.5.
        let plateau = ReduceLROnPlateau(mode: .max, factor: 0.5, patience: 0)
        #expect(rates(plateau, [1.0, 1.05, 1.05, 1.2], from: 0.1) == [0.1, 0.1, 0.05, 0.05])
    }

    @Test func reductionsSmallerThanEpsilonAreSkipped() {
        // 1e-8 * 0.1 = 1e-9: the change 9e-9 is below epsilon 1e-8, so the rate stays.
        let plateau = ReduceLROnPlateau(patience: 0)
        #expect(rates(plateau, [1, 2, 3], from: 1e-8) == [1e-8, 1e-8, 1e-8])
    }

    @Test func stepsTheOptimizersRate() {
        let optimizer = Adam(parameters: [Parameter(Tensor<Float>([1]))], learningRate: 0.1)
        let plateau = ReduceLROnPlateau(factor: 0.5, patience: 0)
        plateau.step(metric: 1, optimizer: optimizer)
        #expect(optimizer.learningRate == 0.1)
        #expect(plateau.step(metric: 1, optimizer: optimizer) == 0.05)
        #expect(optimizer.learningRate == 0.05)
    }

    @Test func factorOfOneIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ReduceLROnPlateau(factor: 1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("ReduceLROnPlateau: invalid factor 1.0 (must be in [0, 1))"))
    }
}
