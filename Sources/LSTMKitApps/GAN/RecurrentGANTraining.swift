import Foundation
import LSTMKit

/// Trains a recurrent GAN (`SequenceGenerator`, `SequenceDiscriminator`) on a set of sequences with the losses
/// of `discriminatorLoss` / `generatorLoss`, alternating one discriminator and one generator Adam step, and
/// records the curves. The loop is its own (not `Trainer`'s): a GAN has two models, two optimizers and two
/// losses per step, which the one-model `Trainer` does not express.
public enum RecurrentGANTraining {
    public struct Settings: Codable, Equatable, Sendable {
        public var steps = 2000
        public var batchSize = 64
        public var noiseSize = 8
        public var hiddenSize = 32
        public var learningRate = 1e-3
        /// Record the curve (and print a progress line) every this many steps.
        public var every = 100
        public var seed: UInt64 = 0
        public init() {}
    }

    /// One row of the training curve: the mean losses and discriminator outputs over the last `every` steps.
    public struct CurvePoint: Codable, Equatable, Sendable {
        public var step: Int
        public var discriminatorLoss: Double
        public var generatorLoss: Double
        /// Mean sigmoid(D) on real and on generated sequences.
        public var realScore: Double
        public var fakeScore: Double
    }

    public struct Result {
        public let generator: SequenceGenerator<Float>
        public let discriminator: SequenceDiscriminator<Float>
        public let curve: [CurvePoint]
        public let seconds: Double
    }

    public static func train(_ data: GANSequences, settings s: Settings,
                             progress: (CurvePoint) -> Void = { _ in }) -> Result {
        let started = Date()
        let rng = RandomSource(seed: s.seed)
        let g = SequenceGenerator<Float>(noiseSize: s.noiseSize, hiddenSize: s.hiddenSize, featureCount: data.features, rng: rng)
        let d = SequenceDiscriminator<Float>(featureCount: data.features, hiddenSize: s.hiddenSize, rng: rng)
        let optG = Adam(parameters: g.parameters(), learningRate: s.learningRate, beta1: 0.5)
        let optD = Adam(parameters: d.parameters(), learningRate: s.learningRate, beta1: 0.5)
        var curve: [CurvePoint] = []
        var sums = [Double](repeating: 0, count: 4)
        for step in 1...s.steps {
            let real = data.batch((0..<s.batchSize).map { _ in rng.int(in: 0..<data.sequences.count) })
            // Discriminator step: real sequences against detached generated ones.
            let fake = g(g.noise(steps: data.steps, batch: s.batchSize, rng: rng))
            let realLogits = d(real), fakeLogits = d(fake.detached())
            let lossD = discriminatorLoss(realLogits: realLogits, fakeLogits: fakeLogits)
            optD.zeroGrad()
            lossD.backward()
            clipGradientNorm(optD.parameters, maxNorm: 5)
            optD.step()
            // Generator step: through the discriminator, only G's parameters updated.
            let lossG = generatorLoss(fakeLogits: d(g(g.noise(steps: data.steps, batch: s.batchSize, rng: rng))))
            optG.zeroGrad()
            lossG.backward()
            clipGradientNorm(optG.parameters, maxNorm: 5)
            optG.step()
            d.zeroGrad()
            sums[0] += Double(lossD.item)
            sums[1] += Double(lossG.item)
            sums[2] += Double(sigmoid(realLogits.detached()).mean().item)
            sums[3] += Double(sigmoid(fakeLogits.detached()).mean().item)
            if step % s.every == 0 || step == s.steps {
                let n = Double(step % s.every == 0 ? s.every : step % s.every)
                let point = CurvePoint(step: step, discriminatorLoss: sums[0] / n, generatorLoss: sums[1] / n,
                                       realScore: sums[2] / n, fakeScore: sums[3] / n)
                curve.append(point)
                progress(point)
                sums = [0, 0, 0, 0]
            }
        }
        g.eval()
        d.eval()
        return Result(generator: g, discriminator: d, curve: curve, seconds: Date().timeIntervalSince(started))
    }

    /// `count` generated sequences.
    public static func generate(_ g: SequenceGenerator<Float>, count: Int, steps: Int, seed: UInt64) -> GANSequences {
        let x = withoutGrad { g(g.noise(steps: steps, batch: count, rng: RandomSource(seed: seed))) }
        return GANSequences(sequences: GANSequences.sequences(of: x), steps: steps, features: x.shape[2])
    }
}
