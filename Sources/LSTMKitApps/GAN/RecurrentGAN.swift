import LSTMKit

/// The generator of a recurrent GAN (C-RNN-GAN, Mogren 2016; noise at every step as in RCGAN, Esteban et al.
/// 2017): an LSTM reads a fresh noise vector at every step and a linear layer with a sigmoid gives that step's
/// values in [0, 1] (the data are scaled to [0, 1]).
///
///     z[t] ~ N(0, 1)                             [T, B, Z]
///     h[t] = LSTM(z[t], h[t-1])                  [T, B, H]
///     x[t] = sigmoid(h[t] @ W^T + b)             [T, B, D]
public final class SequenceGenerator<Scalar: TensorScalar>: Module {
    public let recurrent: RecurrentEncoder<Scalar>
    public let head: Linear<Scalar>
    public var isTraining = true
    public let noiseSize: Int

    public init(noiseSize: Int, hiddenSize: Int, featureCount: Int, rng: RandomSource) {
        self.noiseSize = noiseSize
        recurrent = RecurrentEncoder(RecurrentEncoderConfig(inputSize: noiseSize, hiddenSize: hiddenSize), rng: rng)
        head = Linear(inputSize: hiddenSize, outputSize: featureCount, rng: rng)
    }

    /// Sequences [T, B, D] from noise z [T, B, Z].
    public func callAsFunction(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
        sigmoid(head(recurrent(z).outputs))
    }

    /// Noise for `batch` sequences of `steps` steps.
    public func noise(steps: Int, batch: Int, rng: RandomSource) -> Tensor<Scalar> {
        Tensor(shape: [steps, batch, noiseSize], scalars: rng.normals(count: steps * batch * noiseSize).map { Scalar($0) })
    }
}

/// The discriminator of a recurrent GAN (C-RNN-GAN): a bidirectional LSTM reads the sequence and a linear layer
/// gives a real-versus-generated logit at every step; the losses average the per-step decisions.
///
///     [h_fwd[t], h_bwd[t]] = BiLSTM(x)[t]        [T, B, 2H]
///     logit[t] = [h_fwd[t], h_bwd[t]] @ W^T + b  [T, B, 1]
public final class SequenceDiscriminator<Scalar: TensorScalar>: Module {
    public let recurrent: RecurrentEncoder<Scalar>
    public let head: Linear<Scalar>
    public var isTraining = true

    public init(featureCount: Int, hiddenSize: Int, rng: RandomSource) {
        recurrent = RecurrentEncoder(RecurrentEncoderConfig(inputSize: featureCount, hiddenSize: hiddenSize,
                                                            bidirectional: true), rng: rng)
        head = Linear(inputSize: 2 * hiddenSize, outputSize: 1, rng: rng)
    }

    /// Per-step logits [T, B, 1] of sequences [T, B, D].
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { head(recurrent(x).outputs) }
}
