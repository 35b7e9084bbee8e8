import Foundation
import LSTMKit

/// The post-hoc scores of generated sequences (TimeGAN, Yoon et al. 2019), each from a small network trained
/// after the GAN and never seen by it:
///
/// - discriminative score: a GRU classifier (H = 8, last state -> logit) trained to tell real from generated
///   sequences on 80% of an equal mix, its accuracy on the other 20%. 50% is ideal (indistinguishable);
///   100% means every generated sequence is recognised.
/// - predictive score ("train on synthetic, test on real"): a GRU (H = 8) trained to predict every step's
///   values from the steps before it on the generated sequences, its mean absolute error on real held-out
///   sequences; the same predictor trained on real sequences gives the reference ("train on real").
public enum GANScores {
    public static let hiddenSize = 8

    /// The accuracy of a fresh classifier on the held-out 20% of `real` + `generated` (equal counts used).
    public static func discriminative(real: GANSequences, generated: GANSequences, steps: Int = 1000,
                                      seed: UInt64) -> Double {
        let n = Swift.min(real.sequences.count, generated.sequences.count)
        let rng = RandomSource(seed: seed)
        let all = GANSequences(sequences: Array(real.sequences.prefix(n)) + Array(generated.sequences.prefix(n)),
                               steps: real.steps, features: real.features)
        let labels = [Float](repeating: 1, count: n) + [Float](repeating: 0, count: n)
        let order = rng.permutation(2 * n), cut = (2 * n * 4) / 5
        let train = Array(order[..<cut]), test = Array(order[cut...])
        let gru = RecurrentEncoder<Float>(RecurrentEncoderConfig(cell: .gru, inputSize: real.features, hiddenSize: hiddenSize), rng: rng)
        let head = Linear<Float>(inputSize: hiddenSize, outputSize: 1, rng: rng)
        func logits(_ indices: [Int]) -> Tensor<Float> {
            let out = gru(all.batch(indices)).outputs                       // [T, B, H]
            let t = out.shape[0]
            return head(out.slice(axis: 0, (t - 1)..<t).squeezed(0))         // [B, 1]
        }
        let optimizer = Adam(parameters: gru.parameters() + head.parameters(), learningRate: 3e-3)
        for _ in 0..<steps {
            let batch = (0..<Swift.min(128, train.count)).map { _ in train[rng.int(in: 0..<train.count)] }
            let y = Tensor<Float>(shape: [batch.count, 1], scalars: batch.map { labels[$0] })
            let loss = binaryCrossEntropyWithLogits(logits: logits(batch), targets: y)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
        }
        let scores = withoutGrad { logits(test).scalars }
        let correct = zip(test, scores).filter { ($1 > 0 ? 1 : 0) == labels[$0] }.count
        return Double(correct) / Double(test.count)
    }

    /// The MAE on `test` of a fresh next-step predictor trained on `train`.
    public static func predictive(train: GANSequences, test: GANSequences, steps: Int = 1000, seed: UInt64) -> Double {
        let rng = RandomSource(seed: seed)
        let d = train.features
        let gru = RecurrentEncoder<Float>(RecurrentEncoderConfig(cell: .gru, inputSize: d, hiddenSize: hiddenSize), rng: rng)
        let head = Linear<Float>(inputSize: hiddenSize, outputSize: d, rng: rng)
        func split(_ x: Tensor<Float>) -> (inputs: Tensor<Float>, targets: Tensor<Float>) {
            let t = x.shape[0]
            return (x.slice(axis: 0, 0..<(t - 1)), x.slice(axis: 0, 1..<t))
        }
        let optimizer = Adam(parameters: gru.parameters() + head.parameters(), learningRate: 3e-3)
        for _ in 0..<steps {
            let (x, y) = split(train.batch((0..<128).map { _ in rng.int(in: 0..<train.sequences.count) }))
            let loss = abs(head(gru(x).outputs) - y).mean()
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
        }
        return withoutGrad {
            let (x, y) = split(test.batch(Array(0..<test.sequences.count)))
            return Double(abs(head(gru(x).outputs) - y).mean().item)
        }
    }
}
