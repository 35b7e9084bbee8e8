import LSTMKit

/// The shape of a `PianoRollModel`, stored in its checkpoints.
public struct MusicModelConfig: Codable, Equatable, Sendable {
    /// The recurrent stack; `inputSize` is 88 (`PianoRoll.keyCount`).
    public var recurrent: RecurrentEncoderConfig
    public var inputDropout: Double
    public var dropout: Double
}

/// A next-frame model of polyphonic music (Boulanger-Lewandowski et al. 2012's RNN baseline; Chung et al. 2014
/// with LSTM and GRU units): a recurrent network reads the piano roll and gives, at every step, 88 independent
/// Bernoulli probabilities for the keys of the next frame.
///
///     x[t]      = roll[t] (multi-hot, [B, 88]), dropped out with p_in in training
///     h[t]      = RNN(x[t], h[t-1])                            [B, H]  (LSTM or GRU stack)
///     logits[t] = dropout(h[t]) @ W^T + b                      [B, 88]
///     p(roll[t+1][k] = 1 | roll[0...t]) = sigmoid(logits[t][k])
///     NLL(frame t+1) = sum over the 88 keys k of BCE(logits[t][k], roll[t+1][k])
///
/// Parameter paths: `recurrent.layers.<k>.cell.{weightIH, weightHH, biasIH, biasHH}` (PyTorch `nn.LSTM`'s
/// `weight_ih_l<k>`...), `head.weight` [88, H], `head.bias` [88] (`nn.Linear(H, 88)`).
public final class PianoRollModel: Module {
    public typealias Scalar = Float
    public let config: MusicModelConfig
    public let recurrent: RecurrentEncoder<Float>
    public let inputDropout: Dropout<Float>
    public let outputDropout: Dropout<Float>
    public let head: Linear<Float>
    public var isTraining = true

    /// - Parameters:
    ///   - config: the architecture.
    ///   - implementation: what the recurrent layers are asked to run (`RecurrentImplementation`).
    ///   - rng: the initial weights; the stack keeps drawing its masks from it.
    ///   - dropoutRNG: the masks of the input and output dropout (default: a stream seeded from `rng`'s next
    ///     draw, taken before the weights).
    public init(_ config: MusicModelConfig, implementation: RecurrentImplementation = .native, rng: RandomSource,
                dropoutRNG: RandomSource? = nil) {
        self.config = config
        let masks = dropoutRNG ?? RandomSource(seed: rng.next())
        recurrent = RecurrentEncoder(config.recurrent, implementation: implementation, rng: rng)
        inputDropout = Dropout(probability: config.inputDropout, rng: masks)
        outputDropout = Dropout(probability: config.dropout, rng: masks)
        head = Linear(inputSize: config.recurrent.outputSize, outputSize: PianoRoll.keyCount, rng: rng)
    }

    /// The logits [T, B, 88] of frames 1...T for input frames x [T, B, 88] from `states` (nil: zeros), and
    /// the states after the last step.
    public func callAsFunction(_ x: Tensor<Float>, states: [EncoderState<Float>]? = nil)
        -> (logits: Tensor<Float>, states: [EncoderState<Float>]) {
        if x.rank != 3 || x.shape[2] != PianoRoll.keyCount {
            failure("PianoRollModel: input of shape \(x.shape), expected [T, B, \(PianoRoll.keyCount)]")
        }
        let out = recurrent(inputDropout(x), initialStates: states)        // [T, B, H]
        return (head(outputDropout(out.outputs)), out.finalStates)         // [T, B, 88]
    }

    /// The summed frame NLL (nats) of a batch and the number of frames it counts: the BCE of every key of
    /// every target frame where `batch.mask` is 1, summed over keys and frames.
    public func nll(_ batch: PianoRollBatch) -> Tensor<Float> {
        let logits = self(batch.inputs).logits                               // [T, B, 88]
        let bce = binaryCrossEntropyWithLogits(logits: logits, targets: batch.targets, reduction: .none)
        return (bce * batch.mask).sum()                                     // mask [T, B, 1]
    }
}
