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

    /// - Parameter rng: the initial weights; the stack keeps drawing its masks from it, and the two dropout
    ///   layers from streams seeded from it.
    public init(_ config: MusicModelConfig, implementation: RecurrentImplementation = .native, rng: RandomSource) {
        self.config = config
        let masks = RandomSource(seed: rng.next())
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

/// Piano rolls padded into one batch for next-frame prediction: inputs are frames 0...L-2 of each sequence,
/// targets frames 1...L-1, so a sequence of L frames counts L - 1 predicted frames (its first frame is
/// only read, never predicted).
public struct PianoRollBatch {
    /// [T, B, 88], T = the longest sequence's L - 1; zero after a sequence's end.
    public var inputs: Tensor<Float>
    public var targets: Tensor<Float>
    /// [T, B, 1]: 1 where the target frame exists.
    public var mask: Tensor<Float>
    /// The frames counted (the ones of `mask`).
    public var frames: Int

    /// The batch of `sequences` (each at least one step; one-step sequences count no frame).
    public init(_ sequences: [[[Int]]]) {
        let k = PianoRoll.keyCount, b = sequences.count
        let t = Swift.max(1, (sequences.map(\.count).max() ?? 1) - 1)
        var x = [Float](repeating: 0, count: t * b * k), y = x, m = [Float](repeating: 0, count: t * b)
        var frames = 0
        for (j, sequence) in sequences.enumerated() {
            let roll = PianoRoll.multiHot(sequence)
            for s in 0..<(sequence.count - 1) {
                for key in 0..<k {
                    x[(s * b + j) * k + key] = roll[s * k + key]
                    y[(s * b + j) * k + key] = roll[(s + 1) * k + key]
                }
                m[s * b + j] = 1
                frames += 1
            }
        }
        inputs = Tensor(shape: [t, b, k], scalars: x)
        targets = Tensor(shape: [t, b, k], scalars: y)
        mask = Tensor(shape: [t, b, 1], scalars: m)
        self.frames = frames
    }
}
