import LSTMKit
/// How a sentence classifier turns the recurrent outputs h[t] of one sentence into one vector.
public enum SentimentPooling: String, Codable, Sendable, CaseIterable {
    /// The elementwise maximum over the sentence's real steps: `v = max_t h[t]`.
    case max
    /// The mean over the sentence's real steps: `v = sum_t h[t] / length`.
    case mean
    /// Additive self-attention (Lin et al. 2017, one head): `s[t] = w^T tanh(W h[t] + b)`,
    /// `a = softmax(s)` over the real steps, `v = sum_t a[t] h[t]`.
    case attention
}

/// The architecture of a `SentimentClassifier` (stored in checkpoints as part of the config).
public struct SentimentModelConfig: Codable, Equatable, Sendable {
    /// V, the vocabulary size (rows of the embedding, `<pad>` = 0 included).
    public var vocabularySize: Int
    /// E, the word-vector size.
    public var embeddingSize: Int
    /// The recurrent stack over the word vectors (cell, H per direction, layers, bidirectional (2H features
    /// per step) or not, regularization); its `inputSize` is `embeddingSize`.
    public var recurrent: RecurrentEncoderConfig
    public var pooling: SentimentPooling
    /// Dropout on the word vectors, in [0, 1).
    public var embeddingDropout: Double
    /// Dropout on the pooled vector before the output layer (and between stacked layers), in [0, 1).
    public var dropout: Double
    /// A, the size of the attention layer (used only with `.attention`).
    public var attentionSize: Int
    /// C, the number of classes.
    public var classCount: Int
    /// The embedding row that stays zero (the vocabulary's `<pad>`).
    public var paddingIndex: Int
    /// Word vectors start uniform in [-r, r] (Kim 2014's random vectors use 0.25); 0 keeps PyTorch's
    /// `nn.Embedding` default N(0, 1). Small vectors learn much faster with Adam: its steps are ~lr per
    /// element whatever the scale, so N(0, 1) vectors barely move in a few epochs.
    public var embeddingInitRange: Double

    public init(vocabularySize: Int, embeddingSize: Int = 300, hiddenSize: Int = 150, layerCount: Int = 1,
                bidirectional: Bool = true, pooling: SentimentPooling = .max, embeddingDropout: Double = 0.5,
                dropout: Double = 0.5, attentionSize: Int = 64, classCount: Int = 2, paddingIndex: Int = 0,
                embeddingInitRange: Double = 0.25) {
        self.init(vocabularySize: vocabularySize, embeddingSize: embeddingSize,
                  recurrent: RecurrentEncoderConfig(inputSize: embeddingSize, hiddenSize: hiddenSize,
                                                    layerCount: layerCount, bidirectional: bidirectional,
                                                    dropout: layerCount > 1 ? dropout : 0),
                  pooling: pooling, embeddingDropout: embeddingDropout, dropout: dropout, attentionSize: attentionSize,
                  classCount: classCount, paddingIndex: paddingIndex, embeddingInitRange: embeddingInitRange)
    }

    public init(vocabularySize: Int, embeddingSize: Int, recurrent: RecurrentEncoderConfig, pooling: SentimentPooling,
                embeddingDropout: Double, dropout: Double, attentionSize: Int, classCount: Int, paddingIndex: Int,
                embeddingInitRange: Double) {
        self.vocabularySize = vocabularySize
        self.embeddingSize = embeddingSize
        self.recurrent = recurrent
        self.pooling = pooling
        self.embeddingDropout = embeddingDropout
        self.dropout = dropout
        self.attentionSize = attentionSize
        self.classCount = classCount
        self.paddingIndex = paddingIndex
        self.embeddingInitRange = embeddingInitRange
    }

    /// The width of the pooled vector: 2H when bidirectional, else H (P with a projection).
    public var featureSize: Int { recurrent.outputSize }

    /// The first problem as (field, message), or nil when the config is valid.
    public var problem: (field: String, message: String)? {
        for (field, value) in [("vocabularySize", vocabularySize), ("embeddingSize", embeddingSize),
                               ("attentionSize", attentionSize)] where value < 1 {
            return (field, "must be at least 1, got \(value)")
        }
        if classCount < 2 { return ("classCount", "must be at least 2, got \(classCount)") }
        if paddingIndex < 0 || paddingIndex >= vocabularySize {
            return ("paddingIndex", "must be in 0..<\(vocabularySize), got \(paddingIndex)")
        }
        if recurrent.inputSize != embeddingSize {
            return ("recurrent.inputSize", "must equal embeddingSize \(embeddingSize), got \(recurrent.inputSize)")
        }
        if let problem = recurrent.problem { return problem }
        for (field, p) in [("embeddingDropout", embeddingDropout), ("dropout", dropout)] where !(p >= 0 && p < 1) {
            return (field, "must be in [0, 1), got \(p)")
        }
        if !(embeddingInitRange >= 0 && embeddingInitRange.isFinite) {
            return ("embeddingInitRange", "must be >= 0, got \(embeddingInitRange)")
        }
        return nil
    }
}

/// A word-level (Bi)LSTM text classifier (any `RecurrentCellKind`; a BiLSTM by default):
///
///     x[t]   = dropout(embedding(id[t]))                     [T, B, E]   (row `paddingIndex` is zero;
///                                                                         init U(-0.25, 0.25) by default)
///     h[t]   = BiRNN(x, lengths)[t]                            [T, B, F]   F = 2H (H if one direction)
///     v      = pool(h over the real steps of each sentence)   [B, F]      max, mean or attention
///     logits = Linear(dropout(v))                             [B, C]
///
/// Padding never changes a sentence's result: the LSTM skips padded steps (each direction starts and ends at
/// the sentence's own length), and every pooling looks only at real steps (max pooling adds -1e9 at padded
/// steps, mean divides by the length, attention gives padded steps weight exactly 0).
///
///     let model = SentimentClassifier(config: SentimentModelConfig(vocabularySize: 100), rng: RandomSource(seed: 0))
///     let logits = model(batch)                   // TokenBatch [T, B] -> [B, 2]
public final class SentimentClassifier: Module {
    public typealias Scalar = Float
    public let config: SentimentModelConfig
    public let embedding: Embedding<Float>
    public let recurrent: RecurrentEncoder<Float>
    /// W [A, F], b [A] of the attention scores (attention pooling only).
    public let attentionHidden: Linear<Float>?
    /// w [1, A] of the attention scores (attention pooling only).
    public let attentionScore: Linear<Float>?
    public let embeddingDropout: Dropout<Float>
    public let dropout: Dropout<Float>
    /// The output layer, [C, F].
    public let output: Linear<Float>
    public var isTraining = true

    /// - Parameters:
    ///   - config: the architecture.
    ///   - implementation: what the recurrent layers are asked to run (`RecurrentImplementation`).
    ///   - rng: draws the initial weights.
    ///   - dropoutRNG: draws the dropout masks (default: a stream derived from `rng`).
    public init(config: SentimentModelConfig, implementation: RecurrentImplementation = .native, rng: RandomSource,
                dropoutRNG: RandomSource? = nil) {
        let c = config
        if let (field, message) = c.problem { failure("SentimentClassifier: \(field) \(message)") }
        self.config = config
        let dropRNG = dropoutRNG ?? RandomSource(seed: rng.next())
        embedding = Embedding(count: c.vocabularySize, dimension: c.embeddingSize, paddingIndex: c.paddingIndex,
                              rng: rng)
        if c.embeddingInitRange > 0 {
            let r = Float(c.embeddingInitRange)
            var table = Tensor<Float>.randomUniform([c.vocabularySize, c.embeddingSize], low: -r, high: r,
                                                    using: rng).scalars                      // [V, E]
            for j in 0..<c.embeddingSize { table[c.paddingIndex * c.embeddingSize + j] = 0 }
            embedding.weight.data = Tensor(shape: [c.vocabularySize, c.embeddingSize], scalars: table)
        }
        recurrent = RecurrentEncoder(c.recurrent, implementation: implementation, rng: rng)
        if c.pooling == .attention {
            attentionHidden = Linear(inputSize: c.featureSize, outputSize: c.attentionSize, rng: rng)
            attentionScore = Linear(inputSize: c.attentionSize, outputSize: 1, bias: false, rng: rng)
        } else {
            attentionHidden = nil
            attentionScore = nil
        }
        embeddingDropout = Dropout(probability: c.embeddingDropout, rng: dropRNG)
        dropout = Dropout(probability: c.dropout, rng: dropRNG)
        output = Linear(inputSize: c.featureSize, outputSize: c.classCount, rng: rng)
    }

    /// The class scores of a batch: [B, C].
    public func callAsFunction(_ batch: TokenBatch<Float>) -> Tensor<Float> {
        logits(ids: batch.inputs, lengths: batch.lengths)
    }

    /// The class scores of sentences given as padded IDs [T, B] (row-major, time-major) with their lengths
    /// [B] (each in 1...T): [B, C].
    public func logits(ids: [Int], lengths: [Int]) -> Tensor<Float> {
        let batch = lengths.count
        if batch == 0 || ids.count % batch != 0 {
            failure("SentimentClassifier: \(ids.count) ids do not fill [T, B] with B = \(batch) lengths")
        }
        let steps = ids.count / batch
        let x = embeddingDropout(embedding(ids, shape: [steps, batch]))          // [T, B, E]
        let h = recurrent(x, lengths: lengths).outputs                            // [T, B, F]
        let v = pool(h, lengths: lengths)                                         // [B, F]
        return output(dropout(v))                                                 // [B, C]
    }

    /// Pools h [T, B, F] over each sentence's real steps: [B, F].
    func pool(_ h: Tensor<Float>, lengths: [Int]) -> Tensor<Float> {
        let (steps, batch) = (h.shape[0], h.shape[1])
        var keep = [Float](repeating: 0, count: steps * batch)
        for (b, n) in lengths.enumerated() { for t in 0..<n { keep[t * batch + b] = 1 } }
        let mask = Tensor<Float>(shape: [steps, batch, 1], scalars: keep)        // [T, B, 1]
        switch config.pooling {
        case .max:
            // Padded steps get -1e9 so they never win (h is in (-1, 1)).
            return (h + (mask - 1) * 1e9).max(axis: 0)                           // [B, F]
        case .mean:
            let counts = Tensor<Float>(shape: [batch, 1], scalars: lengths.map { Float($0) })
            return (h * mask).sum(axis: 0) / counts                               // [B, F]
        case .attention:
            let scores = attentionScore!(tanh(attentionHidden!(h)))              // [T, B, 1]
            let weights = softmax(scores + (mask - 1) * 1e9, axis: 0)            // [T, B, 1], 0 at padding
            return (weights * h).sum(axis: 0)                                     // [B, F]
        }
    }
}
