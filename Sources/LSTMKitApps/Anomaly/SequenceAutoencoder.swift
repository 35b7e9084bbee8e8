import LSTMKit

/// The shape of a `SequenceAutoencoder`, stored in checkpoints so the model can be rebuilt.
public struct SequenceAutoencoderConfig: Codable, Equatable, Sendable {
    /// The encoder stack (cell, D = `inputSize`, H, layers). Unidirectional: its last layer's final h is the code.
    public var encoder: RecurrentEncoderConfig
    /// The decoder's hidden size and layers (its input is the code, width `encoder.hiddenSize`).
    public var decoderHiddenSize: Int
    public var decoderLayerCount: Int

    public init(encoder: RecurrentEncoderConfig, decoderHiddenSize: Int? = nil, decoderLayerCount: Int? = nil) {
        self.encoder = encoder
        self.decoderHiddenSize = decoderHiddenSize ?? encoder.hiddenSize
        self.decoderLayerCount = decoderLayerCount ?? encoder.layerCount
    }

    /// D, the features per step (read and reconstructed).
    public var inputSize: Int { encoder.inputSize }

    /// The decoder stack: the same cell, reading the code at every step.
    public var decoder: RecurrentEncoderConfig {
        RecurrentEncoderConfig(cell: encoder.cell, inputSize: encoder.hiddenSize, hiddenSize: decoderHiddenSize,
                               layerCount: decoderLayerCount, dropout: encoder.dropout)
    }

    /// The first problem as (field, message), or nil when the config is valid.
    public var problem: (field: String, message: String)? {
        if encoder.bidirectional { return ("bidirectional", "is not supported by the autoencoder's encoder") }
        if encoder.projectionSize != 0 { return ("projectionSize", "is not supported by the autoencoder") }
        if let problem = encoder.problem { return problem }
        if decoderHiddenSize < 1 { return ("decoderHiddenSize", "must be at least 1, got \(decoderHiddenSize)") }
        if decoderLayerCount < 1 { return ("decoderLayerCount", "must be at least 1, got \(decoderLayerCount)") }
        return nil
    }
}

/// A recurrent sequence-to-sequence autoencoder (Srivastava et al. 2015, "Unsupervised Learning of Video
/// Representations using LSTMs", the unconditioned decoder; used for anomaly detection by Malhotra et al. 2016,
/// "LSTM-based Encoder-Decoder for Multi-sensor Anomaly Detection"). The encoder reads the whole window; its
/// last layer's final hidden state is the code z, the only path from input to output; the decoder reads z at
/// every step and a linear layer maps its outputs back to the features:
///
///     _, h_T = encoder(x)                          x [T, B, D] -> z = h_T of the last layer     [B, H]
///     u_t = z  for t = 1 ... T                     (the code repeated, "RepeatVector")           [T, B, H]
///     o = decoder(u);  x^_t = W o_t + b                                                        [T, B, D]
///     loss  = sum over real steps of ||x^_t - x_t||^2 / (real steps * D)             (masked mean squared error)
///     score = ||x^ - x||^2 / (T_b * D) per sequence b                          (the anomaly score: reconstruction error)
///
/// Trained on normal sequences only, it reconstructs what it has seen well and the rest badly, so the
/// reconstruction error ranks anomalies above normal data. Unlike Malhotra et al. the decoder is not fed
/// the true previous values (no teacher forcing), so it cannot copy its input step by step.
///
/// It is built only from layers that have their own readable references, fused kernels and witnesses
/// (`RecurrentEncoder`, `Linear`, `mseLoss`); `SequenceAutoencoderTests` gradchecks the whole model in Double.
/// PyTorch equivalent: `nn.LSTM(D, H, L)` encoder, `h_n[-1].expand(T, B, H)` into `nn.LSTM(H, H', L')`, then
/// `nn.Linear(H', D)`.
public final class SequenceAutoencoder<Scalar: TensorScalar>: Module {
    public let config: SequenceAutoencoderConfig
    public let encoder: RecurrentEncoder<Scalar>
    public let decoder: RecurrentEncoder<Scalar>
    public let output: Linear<Scalar>
    public var isTraining = true

    public init(_ config: SequenceAutoencoderConfig, implementation: RecurrentImplementation = .native,
                rng: RandomSource) {
        if let (field, message) = config.problem { failure("SequenceAutoencoder: \(field) \(message)") }
        self.config = config
        encoder = RecurrentEncoder(config.encoder, implementation: implementation, rng: rng)
        decoder = RecurrentEncoder(config.decoder, implementation: implementation, rng: rng)
        output = Linear(inputSize: config.decoderHiddenSize, outputSize: config.inputSize, rng: rng)
    }

    /// The reconstruction x^ [T, B, D] of a time-major batch `x` [T, B, D] whose sequence b has `lengths[b]`
    /// real steps (nil: all T); padded steps of x^ are not meaningful.
    public func callAsFunction(_ x: Tensor<Scalar>, lengths: [Int]? = nil) -> Tensor<Scalar> {
        if x.rank != 3 || x.shape[2] != config.inputSize {
            failure("SequenceAutoencoder: input of shape \(x.shape), expected [T, B, \(config.inputSize)]")
        }
        let (steps, batch) = (x.shape[0], x.shape[1])
        let code = encoder(x, lengths: lengths).finalStates.last!.output                   // [B, H]
        let repeated = code.unsqueezed(0).broadcast(to: [steps, batch, config.encoder.hiddenSize])
        return output(decoder(repeated, lengths: lengths).outputs)                          // [T, B, D]
    }

    /// The masked mean squared reconstruction error of the batch (the training loss).
    public func loss(_ x: Tensor<Scalar>, lengths: [Int]? = nil) -> Tensor<Scalar> {
        let squared = { let e = self(x, lengths: lengths) - x; return e * e }()
        guard let lengths else { return squared.mean() }
        let mask = Self.mask(steps: x.shape[0], lengths: lengths)                          // [T, B, 1]
        let count = Scalar(lengths.reduce(0, +) * config.inputSize)
        return (squared * mask).sum() / Tensor(count)
    }

    /// Each sequence's reconstruction error (the anomaly score), without building a graph.
    public func scores(_ x: Tensor<Scalar>, lengths: [Int]? = nil) -> [Double] {
        let (steps, batch, d) = (x.shape[0], x.shape[1], x.shape[2])
        let squared = withoutGrad { let e = self(x, lengths: lengths) - x; return e * e }.scalars
        return (0..<batch).map { b in
            let real = lengths?[b] ?? steps
            var sum = 0.0
            for t in 0..<real { for k in 0..<d { sum += Double(squared[(t * batch + b) * d + k]) } }
            return sum / Double(real * d)
        }
    }

    static func mask(steps: Int, lengths: [Int]) -> Tensor<Scalar> {
        Tensor(shape: [steps, lengths.count, 1],
               scalars: (0..<steps).flatMap { t in lengths.map { t < $0 ? Scalar(1) : Scalar(0) } })
    }
}
