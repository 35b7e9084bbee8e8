import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

/// The recurrent GAN's wiring: gradchecks of the discriminator loss through D (generated sequences detached)
/// and of the generator loss through D into G, the data, and a tiny run with its scores.
@Suite struct RecurrentGANTests {
    let rng = RandomSource(seed: 3)

    /// L_D depends on D's parameters only: G's get no gradient (the fake batch is detached), D's match finite differences.
    @Test func discriminatorLossGradcheck() {
        let g = SequenceGenerator<Double>(noiseSize: 2, hiddenSize: 3, featureCount: 2, rng: rng)
        let d = SequenceDiscriminator<Double>(featureCount: 2, hiddenSize: 4, rng: rng)
        let z = g.noise(steps: 3, batch: 2, rng: rng)
        let real = randomTensor([3, 2, 2], seed: 4, low: 0, high: 1)
        expectGradientsMatch([real], parameters: d.parameters()) {
            discriminatorLoss(realLogits: d($0[0]), fakeLogits: d(g(z).detached()))
        }
        g.zeroGrad()
        d.zeroGrad()
        discriminatorLoss(realLogits: d(real), fakeLogits: d(g(z).detached())).backward()
        #expect(g.parameters().allSatisfy { $0.grad == nil })
        #expect(d.parameters().allSatisfy { $0.grad != nil })
    }

    /// L_G flows through D into G: G's parameters and the noise match finite differences.
    @Test func generatorLossGradcheck() {
        let g = SequenceGenerator<Double>(noiseSize: 2, hiddenSize: 3, featureCount: 2, rng: rng)
        let d = SequenceDiscriminator<Double>(featureCount: 2, hiddenSize: 4, rng: rng)
        let z = g.noise(steps: 3, batch: 2, rng: rng)
        expectGradientsMatch([z], parameters: g.parameters()) { generatorLoss(fakeLogits: d(g($0[0]))) }
    }

    @Test func sinesAndWindowsAreInTheUnitInterval() {
        let s = GANSequences.sines(count: 4, steps: 24, features: 5, seed: 1)
        #expect(s.sequences.count == 4 && s.sequences.allSatisfy { $0.count == 120 && $0.allSatisfy { $0 >= 0 && $0 <= 1 } })
        let batch = s.batch([2, 0])
        #expect(batch.shape == [24, 2, 5])
        #expect(GANSequences.sequences(of: batch) == [s.sequences[2], s.sequences[0]])
        let w = GANSequences.windows(of: (0..<10).map(Double.init), steps: 4, stride: 3)
        #expect(w.sequences == [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]])
    }

    /// Real against itself: a classifier cannot beat chance by much; constant "generated" sequences are easy.
    @Test func scoresSeparateWhatDiffersAndNotWhatDoesNot() {
        let real = GANSequences.sines(count: 200, steps: 12, features: 2, seed: 1)
        let same = GANSequences.sines(count: 200, steps: 12, features: 2, seed: 2)
        let flat = GANSequences(sequences: Array(repeating: [Float](repeating: 0.05, count: 24), count: 200), steps: 12, features: 2)
        #expect(GANScores.discriminative(real: real, generated: flat, steps: 200, seed: 1) > 0.95)
        #expect(GANScores.discriminative(real: real, generated: same, steps: 200, seed: 1) < 0.7)
        let onReal = GANScores.predictive(train: real, test: same, steps: 60, seed: 1)
        let onFlat = GANScores.predictive(train: flat, test: same, steps: 60, seed: 1)
        #expect(onReal < onFlat)
    }
}
