import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct DropoutTests {
    @Test func keptFractionAndScale() {
        let dropout = Dropout<Double>(probability: 0.3, rng: RandomSource(seed: 1))
        let y = dropout(Tensor.ones([100, 100]))
        let kept = y.scalars.filter { $0 != 0 }
        #expect(y.shape == [100, 100])
        #expect(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-12 })
        // Kept fraction ~ Binomial(10000, 0.7) / 10000: standard deviation 0.0046.
        let fraction = Double(kept.count) / 10_000, mean = y.mean().item
        #expect(abs(fraction - 0.7) < 0.023)
        #expect(abs(mean - 1) < 0.033)
    }

    @Test func gradientIsTheScaledMask() {
        let dropout = Dropout<Double>(probability: 0.5, rng: RandomSource(seed: 2))
        let x = randomTensor([4, 5], seed: 3).requiringGrad()
        let y = dropout(x)
        y.sum().backward()
        for i in 0..<x.count {
            #expect(x.grad!.scalars[i] == (y.scalars[i] == 0 ? 0 : 2))
        }
    }

    @Test func gradientCheckWithAFixedMask() {
        // A fresh generator with the same seed on every call, so each evaluation draws the same mask.
        expectGradientsMatch([randomTensor([3, 4], seed: 4)]) { x in
            Dropout<Double>(probability: 0.25, rng: RandomSource(seed: 5))(x[0])
        }
    }

    @Test func seededMasksAreDeterministic() {
        let a = Dropout<Float>(probability: 0.5, rng: RandomSource(seed: 6))
        let b = Dropout<Float>(probability: 0.5, rng: RandomSource(seed: 6))
        let x = Tensor<Float>.ones([8, 8])
        let first = a(x)
        #expect(first.scalars == b(x).scalars)
        #expect(a(x).scalars != first.scalars)      // the stream moves on: a new mask per call
    }

    @Test func evalModeAndZeroProbabilityAreIdentity() {
        let dropout = Dropout<Double>(probability: 0.9, rng: RandomSource(seed: 7))
        let x = randomTensor([5, 6], seed: 8)
        dropout.eval()
        #expect(!dropout.isTraining)
        #expect(dropout(x).scalars == x.scalars)
        #expect(dropout(x).scalars == x.scalars)
        dropout.train()
        #expect(dropout(x).scalars != x.scalars)
        let none = Dropout<Double>(probability: 0, rng: RandomSource(seed: 9))
        #expect(none.isTraining)
        #expect(none(x).scalars == x.scalars)
    }

    @Test func hasNoParameters() {
        #expect(Dropout<Float>(probability: 0.1).namedParameters().isEmpty)
    }

    @Test func probabilityOneStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Dropout<Float>(probability: 1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Dropout: probability 1.0 is outside [0, 1)"))
    }

    @Test func negativeProbabilityStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Dropout<Float>(probability: -0.1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Dropout: probability -0.1 is outside [0, 1)"))
    }
}
