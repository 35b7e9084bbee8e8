import LSTMKit
/// The shape of a `SequenceClassifier`, stored in checkpoints so the model can be rebuilt.
public struct SequenceClassifierConfig: Codable, Equatable, Sendable {
    /// The recurrent cell.
    public enum Cell: String, Codable, Sendable, CaseIterable { case lstm, gru }
    /// How the per-step outputs become one vector per sequence.
    public enum Pooling: String, Codable, Sendable, CaseIterable {
        /// The final hidden state of the last layer (each direction's own last step, so padding is skipped).
        case last
        /// The mean of the last layer's outputs over each sequence's real steps.
        case mean
    }

    public var cell: Cell
    public var inputSize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var bidirectional: Bool
    public var pooling: Pooling
    /// Dropout between recurrent layers and before the linear head (training only).
    public var dropout: Double
    public var classCount: Int

    public init(cell: Cell = .lstm, inputSize: Int, hiddenSize: Int, layerCount: Int = 1,
                bidirectional: Bool = false, pooling: Pooling = .last, dropout: Double = 0, classCount: Int) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.bidirectional = bidirectional
        self.pooling = pooling
        self.dropout = dropout
        self.classCount = classCount
    }

    /// The width of the pooled vector the head reads: hiddenSize times the number of directions.
    public var pooledSize: Int { hiddenSize * (bidirectional ? 2 : 1) }
}

/// A recurrent sequence classifier: a (stacked, optionally bidirectional) LSTM or GRU reads the sequence,
/// the outputs are pooled into one vector per sequence, and a linear layer gives the class logits.
///
///     outputs, h_n = recurrent(x, lengths)          x [T, B, D] -> outputs [T, B, dirs * H]
///     v = last:  concat of the last layer's h_n per direction (forward: step length - 1, backward: step 0)
///         mean:  sum_t outputs[t] * mask[t] / length                                 [B, dirs * H]
///     logits = head(dropout(v))                                                      [B, C]
///
/// With `lengths`, padded steps never reach the pooled vector (the recurrent layers mask them), so a
/// sequence gives the same logits whatever it is padded to. The fused LSTM / GRU kernels run automatically
/// (Float or Double, no recurrent regularization).
///
/// PyTorch equivalent: `nn.LSTM(D, H, L, dropout=p, bidirectional=b)` + `nn.Dropout(p)` + `nn.Linear(dirs*H, C)`
/// with the same parameter layouts (`recurrent.layers.0.cell.weightIH` is `weight_ih_l0`).
public final class SequenceClassifier<Scalar: TensorScalar>: Module {
    public let config: SequenceClassifierConfig
    /// The recurrent stack when `config.cell == .lstm`.
    public let lstm: LSTM<Scalar>?
    /// The recurrent stack when `config.cell == .gru`.
    public let gru: GRU<Scalar>?
    public let dropout: Dropout<Scalar>
    public let head: Linear<Scalar>
    public var isTraining = true

    /// - Parameter rng: initial weights and dropout masks.
    public init(_ config: SequenceClassifierConfig, rng: RandomSource) {
        let c = config
        if c.inputSize < 1 || c.hiddenSize < 1 || c.layerCount < 1 || c.classCount < 2 {
            failure("SequenceClassifier: inputSize \(c.inputSize), hiddenSize \(c.hiddenSize) and layerCount " +
                    "\(c.layerCount) must be >= 1 and classCount \(c.classCount) >= 2")
        }
        if !(c.dropout >= 0 && c.dropout < 1) { failure("SequenceClassifier: dropout \(c.dropout) is outside [0, 1)") }
        self.config = c
        switch c.cell {
        case .lstm:
            lstm = LSTM(inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount,
                        dropout: c.dropout, bidirectional: c.bidirectional, rng: rng)
            gru = nil
        case .gru:
            lstm = nil
            gru = GRU(inputSize: c.inputSize, hiddenSize: c.hiddenSize, layerCount: c.layerCount,
                      dropout: c.dropout, bidirectional: c.bidirectional, rng: rng)
        }
        dropout = Dropout(probability: c.dropout, rng: rng)
        head = Linear(inputSize: c.pooledSize, outputSize: c.classCount, rng: rng)
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
        let outputs: Tensor<Scalar>, finals: [Tensor<Scalar>]
        if let lstm {
            let out = lstm(x, lengths: lengths)
            (outputs, finals) = (out.outputs, out.finalStates.map { $0.components[0] })
        } else {
            let out = gru!(x, lengths: lengths)
            (outputs, finals) = (out.outputs, out.finalStates.map { $0.components[0] })
        }
        let directions = config.bidirectional ? 2 : 1
        switch config.pooling {
        case .last:
            let lastLayer = Array(finals.suffix(directions))                    // each [B, H]
            return directions == 1 ? lastLayer[0] : Tensor.concat(lastLayer, axis: 1)
        case .mean:
            let (steps, batch) = (x.shape[0], x.shape[1])
            let sum = outputs.sum(axis: 0)                                       // [B, dirs * H] (padding is 0)
            let counts = (0..<batch).map { Scalar(lengths?[$0] ?? steps) }
            return sum / Tensor(shape: [batch, 1], scalars: counts)
        }
    }
}
