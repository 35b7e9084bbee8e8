import LSTMKit

/// The shape of a `SequenceClassifier`, stored in checkpoints so the model can be rebuilt.
public struct SequenceClassifierConfig: Codable, Equatable, Sendable {
    /// How the per-step outputs become one vector per sequence.
    public enum Pooling: String, Codable, Sendable, CaseIterable {
        /// The final hidden state of the last layer (each direction's own last step, so padding is skipped).
        case last
        /// The mean of the last layer's outputs over each sequence's real steps.
        case mean
    }

    /// The recurrent stack (cell, D = `inputSize`, H, layers, directions, regularization, dropout between layers).
    public var recurrent: RecurrentEncoderConfig
    public var pooling: Pooling
    /// Dropout before the linear head (training only).
    public var dropout: Double
    public var classCount: Int
    /// A Conv1D front-end before the recurrent stack (a CNN-LSTM), or nil (the recurrent stack reads the input).
    /// With it, `recurrent.inputSize` is `conv.channels` and the input has `conv.inputSize` features.
    public var conv: ConvFrontEndConfig?

    public init(recurrent: RecurrentEncoderConfig, pooling: Pooling = .last, dropout: Double = 0, classCount: Int,
                conv: ConvFrontEndConfig? = nil) {
        self.conv = conv
        self.recurrent = recurrent
        self.pooling = pooling
        self.dropout = dropout
        self.classCount = classCount
    }

    /// An LSTM (or `cell`) stack with `dropout` between layers and before the head.
    public init(cell: RecurrentCellKind = .lstm, inputSize: Int, hiddenSize: Int, layerCount: Int = 1,
                bidirectional: Bool = false, pooling: Pooling = .last, dropout: Double = 0, classCount: Int) {
        self.init(recurrent: RecurrentEncoderConfig(cell: cell, inputSize: inputSize, hiddenSize: hiddenSize,
                                                    layerCount: layerCount, bidirectional: bidirectional,
                                                    dropout: dropout),
                  pooling: pooling, dropout: dropout, classCount: classCount)
    }

    /// The width of the pooled vector the head reads: the stack's output size (H times the directions).
    public var pooledSize: Int { recurrent.outputSize }

    /// D, the features per step of the input.
    public var inputSize: Int { conv?.inputSize ?? recurrent.inputSize }

    /// The first problem as (field, message), or nil when the config is valid.
    public var problem: (field: String, message: String)? {
        if let problem = conv?.problem { return problem }
        if let conv, recurrent.inputSize != conv.channels {
            return ("inputSize", "of the recurrent stack must be the front-end's channels \(conv.channels), got \(recurrent.inputSize)")
        }
        if let problem = recurrent.problem { return problem }
        if classCount < 2 { return ("classCount", "must be at least 2, got \(classCount)") }
        if !(dropout >= 0 && dropout < 1) { return ("dropout", "must be in [0, 1), got \(dropout)") }
        return nil
    }
}

/// A recurrent sequence classifier: a (stacked, optionally bidirectional) recurrent stack of any cell reads
/// the sequence, the outputs are pooled into one vector per sequence, and a linear layer gives the class
/// logits. With `conv`, a `ConvFrontEnd` (Conv1D + ReLU blocks, max pooling over time) reads x first and the
/// recurrent stack reads its channels (a CNN-LSTM): x, lengths = frontEnd(x, lengths); x = dropout(x)  [T', B, C]
/// (the same dropout probability as before the head).
///
///     outputs, h_n = recurrent(x, lengths)          x [T, B, D] -> outputs [T, B, dirs * H]
///     v = last:  concat of the last layer's h_n per direction (forward: step length - 1, backward: step 0)
///         mean:  sum_t outputs[t] * mask[t] / length                                 [B, dirs * H]
///     logits = head(dropout(v))                                                      [B, C]
///
/// With `lengths`, padded steps never reach the pooled vector (the recurrent layers mask them), so a
/// sequence gives the same logits whatever it is padded to. LSTM and GRU stacks without recurrent
/// regularization run the fused kernels.
///
/// PyTorch equivalent: `nn.LSTM(D, H, L, dropout=p, bidirectional=b)` + `nn.Dropout(p)` + `nn.Linear(dirs*H, C)`
/// with the same parameter layouts (`recurrent.layers.0.cell.weightIH` is `weight_ih_l0`).
public final class SequenceClassifier<Scalar: TensorScalar>: Module {
    public let config: SequenceClassifierConfig
    /// The convolutional front-end (nil: none; then the parameter names are those of the plain classifier).
    public let frontEnd: ConvFrontEnd<Scalar>?
    public let recurrent: RecurrentEncoder<Scalar>
    public let dropout: Dropout<Scalar>
    public let head: Linear<Scalar>
    public var isTraining = true

    /// - Parameters:
    ///   - config: the architecture.
    ///   - implementation: what the recurrent layers are asked to run (`RecurrentImplementation`).
    ///   - rng: initial weights; the dropout masks are drawn from it afterwards.
    public init(_ config: SequenceClassifierConfig, implementation: RecurrentImplementation = .native, rng: RandomSource) {
        if let (field, message) = config.problem { failure("SequenceClassifier: \(field) \(message)") }
        self.config = config
        frontEnd = config.conv.map { ConvFrontEnd($0, rng: rng) }
        recurrent = RecurrentEncoder(config.recurrent, implementation: implementation, rng: rng)
        dropout = Dropout(probability: config.dropout, rng: rng)
        head = Linear(inputSize: config.pooledSize, outputSize: config.classCount, rng: rng)
    }

    /// The logits [B, C] for a time-major batch `x` [T, B, D] whose sequence b has `lengths[b]` real steps
    /// (nil: all T).
    public func callAsFunction(_ x: Tensor<Scalar>, lengths: [Int]? = nil) -> Tensor<Scalar> {
        head(dropout(pooled(x, lengths: lengths)))
    }

    /// The pooled sequence vectors [B, dirs * H] (see the type's documentation).
    public func pooled(_ x: Tensor<Scalar>, lengths: [Int]? = nil) -> Tensor<Scalar> {
        if x.rank != 3 || x.shape[2] != config.inputSize {
            failure("SequenceClassifier: input of shape \(x.shape), expected [T, B, \(config.inputSize)]")
        }
        var (x, lengths) = (x, lengths)
        if let frontEnd { (x, lengths) = frontEnd(x, lengths: lengths); x = dropout(x) }  // [T', B, C]
        let out = recurrent(x, lengths: lengths)
        let directions = config.recurrent.bidirectional ? 2 : 1
        switch config.pooling {
        case .last:
            let lastLayer = out.finalStates.suffix(directions).map(\.output)     // each [B, H]
            return directions == 1 ? lastLayer[0] : Tensor.concat(lastLayer, axis: 1)
        case .mean:
            let (steps, batch) = (x.shape[0], x.shape[1])
            let sum = out.outputs.sum(axis: 0)                                    // [B, dirs * H] (padding is 0)
            let counts = (0..<batch).map { Scalar(lengths?[$0] ?? steps) }
            return sum / Tensor(shape: [batch, 1], scalars: counts)
        }
    }
}
