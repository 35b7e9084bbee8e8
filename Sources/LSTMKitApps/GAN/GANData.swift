import Foundation
import LSTMKit

/// The sequence sets of `lstm demo gan`: windows of T steps with D features, every value in [0, 1].
public struct GANSequences: Sendable {
    /// Each sequence row-major [T, D].
    public var sequences: [[Float]]
    public var steps: Int
    public var features: Int

    /// The batch [T, B, D] of the sequences at `indices`.
    public func batch(_ indices: [Int]) -> Tensor<Float> {
        let (t, d, b) = (steps, features, indices.count)
        var x = [Float](repeating: 0, count: t * b * d)
        for (j, i) in indices.enumerated() {
            for s in 0..<t { for f in 0..<d { x[(s * b + j) * d + f] = sequences[i][s * d + f] } }
        }
        return Tensor(shape: [t, b, d], scalars: x)
    }

    /// Sequences of a batch [T, B, D].
    public static func sequences(of batch: Tensor<Float>) -> [[Float]] {
        let (t, b, d) = (batch.shape[0], batch.shape[1], batch.shape[2]), x = batch.scalars
        return (0..<b).map { j in (0..<(t * d)).map { i in x[((i / d) * b + j) * d + i % d] } }
    }

    /// The sine toy of TimeGAN (Yoon et al. 2019): D features, each sin(f t + p) with its own frequency
    /// f ~ U(0, 0.1) and phase p ~ U(0, 0.1) per sequence, mapped to [0, 1] by (x + 1) / 2: a mixture of
    /// frequencies across the features.
    public static func sines(count: Int, steps: Int = 24, features: Int = 5, seed: UInt64) -> GANSequences {
        let rng = RandomSource(seed: seed)
        let sequences = (0..<count).map { _ -> [Float] in
            let u = rng.uniforms(count: 2 * features)
            var x = [Float](repeating: 0, count: steps * features)
            for f in 0..<features {
                let (frequency, phase) = (0.1 * u[2 * f], 0.1 * u[2 * f + 1])
                for t in 0..<steps { x[t * features + f] = Float((sin(frequency * Double(t) + phase) + 1) / 2) }
            }
            return x
        }
        return GANSequences(sequences: sequences, steps: steps, features: features)
    }

    /// Every window of `steps` consecutive values of a series (stride `stride`; the values as given).
    public static func windows(of series: [Double], steps: Int, stride: Int = 1) -> GANSequences {
        let starts = Swift.stride(from: 0, through: series.count - steps, by: stride)
        return GANSequences(sequences: starts.map { series[$0..<($0 + steps)].map { Float($0) } }, steps: steps, features: 1)
    }
}
