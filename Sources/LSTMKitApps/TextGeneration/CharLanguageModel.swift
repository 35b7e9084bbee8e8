import LSTMKit
import Foundation

/// The size and shape of a ``CharLanguageModel`` (stored in its checkpoints, so a model can be rebuilt
/// before its weights are loaded).
public struct CharLanguageModelConfig: Codable, Equatable, Sendable {
    /// V, the number of characters (rows of the embedding, outputs of the head).
    public var vocabularySize: Int
    /// E, the size of each character vector (the recurrent stack's input size).
    public var embeddingSize: Int
    /// The recurrent stack: cell, H, layers, dropout between layers, recurrent regularization. One
    /// direction only (a language model must not see the future).
    public var recurrent: RecurrentEncoderConfig
    /// Dropout p on the last layer's outputs before the head, in [0, 1).
    public var dropout: Double

    public init(vocabularySize: Int, embeddingSize: Int = 64, recurrent: RecurrentEncoderConfig, dropout: Double = 0) {
        self.vocabularySize = vocabularySize
        self.embeddingSize = embeddingSize
        self.recurrent = recurrent
        self.dropout = dropout
    }

    /// An LSTM stack of `layerCount` layers of size `hiddenSize`, with `dropout` between the layers and before
    /// the head (char-rnn's architecture).
    public init(vocabularySize: Int, embeddingSize: Int = 64, hiddenSize: Int = 256, layerCount: Int = 2,
                dropout: Double = 0) {
        self.init(vocabularySize: vocabularySize, embeddingSize: embeddingSize,
                  recurrent: RecurrentEncoderConfig(inputSize: embeddingSize, hiddenSize: hiddenSize,
                                                    layerCount: layerCount, dropout: dropout),
                  dropout: dropout)
    }

    /// The first problem as (field, message), or nil when the config is valid.
    public var problem: (field: String, message: String)? {
        if vocabularySize < 1 { return ("vocabularySize", "must be at least 1, got \(vocabularySize)") }
        if embeddingSize < 1 { return ("embeddingSize", "must be at least 1, got \(embeddingSize)") }
        if recurrent.inputSize != embeddingSize {
            return ("recurrent.inputSize", "must equal embeddingSize \(embeddingSize), got \(recurrent.inputSize)")
        }
        if recurrent.bidirectional { return ("bidirectional", "does not apply: a language model reads forward only") }
        if let problem = recurrent.problem { return problem }
        if !(dropout >= 0 && dropout < 1) { return ("dropout", "must be in [0, 1), got \(dropout)") }
        return nil
    }
}

/// A character language model (Karpathy's char-rnn): it reads a text one character at a time and gives,
/// at every step, scores for the character that comes next.
///
///     x[t]      = embedding[c[t]]                        [T, B, E]
///     h[t]      = LSTM stack(x[t], state[t-1])           [T, B, H]   (last layer; dropout between layers)
///     logits[t] = dropout(h[t]) @ W^T + b                [T, B, V]
///     loss      = mean over t, b of -log softmax(logits[t, b])[c[t + 1, b]]   (nats per character)
///
/// Training is stateful truncated backpropagation through time (`TextgenTask` through `Trainer`): the text
/// is cut into B parallel streams, and the final (detached) state of one batch starts the next. The
/// recurrent stack's cell is chosen by the config (LSTM by default); LSTM and GRU without recurrent
/// regularization run the fused kernels (`lastImplementation` says which one ran).
///
///     let model = CharLanguageModel<Float>(config: .init(vocabularySize: corpus.vocabulary.count),
///                                          rng: RandomSource(seed: 0))
///     let (logits, states) = model(batch.inputs, shape: batch.shape, states: nil)   // [T, B, V]
///
/// Parameter paths: `embedding.weight`, `recurrent.layers.<k>.cell.{weightIH, weightHH, biasIH, biasHH}`,
/// `head.weight`, `head.bias` (PyTorch: `nn.Embedding`, `nn.LSTM` with `weight_ih_l<k>`..., `nn.Linear`).
public final class CharLanguageModel<Scalar: TensorScalar>: Module {
    public let config: CharLanguageModelConfig
    /// [V, E] character vectors.
    public let embedding: Embedding<Scalar>
    /// The recurrent stack (time-major).
    public let recurrent: RecurrentEncoder<Scalar>
    /// Dropout on the last layer's outputs (the stack applies its own between layers).
    public let outputDropout: Dropout<Scalar>
    /// H -> V scores.
    public let head: Linear<Scalar>
    public var isTraining = true

    /// - Parameters:
    ///   - config: the architecture.
    ///   - implementation: what the recurrent layers are asked to run (`RecurrentImplementation`).
    ///   - rng: the initial weights (embedding, recurrent stack, head, in that order); the stack keeps drawing
    ///     its dropout and regularization masks from it afterwards.
    ///   - dropoutRNG: the masks of the dropout before the head (default: a stream seeded from `rng`).
    public init(config: CharLanguageModelConfig, implementation: RecurrentImplementation = .native,
                rng: RandomSource, dropoutRNG: RandomSource? = nil) {
        if let (field, message) = config.problem { failure("CharLanguageModel: \(field) \(message)") }
        let c = config
        self.config = config
        let masks = dropoutRNG ?? RandomSource(seed: rng.next())
        embedding = Embedding(count: c.vocabularySize, dimension: c.embeddingSize, rng: rng)
        recurrent = RecurrentEncoder(c.recurrent, implementation: implementation, rng: rng)
        outputDropout = Dropout(probability: c.dropout, rng: masks)
        head = Linear(inputSize: c.recurrent.outputSize, outputSize: c.vocabularySize, rng: rng)
    }

    /// Zero states for `batchSize` streams, one per layer.
    public func zeroStates(batchSize: Int) -> [EncoderState<Scalar>] { recurrent.zeroStates(batchSize: batchSize) }

    /// Runs the model over the character IDs `inputs` ([T, B] row-major, each in 0..<V) from `states`
    /// (nil: zeros). Returns the logits [T, B, V] and the state after the last step (one per layer).
    public func callAsFunction(
        _ inputs: [Int], shape: [Int], states: [EncoderState<Scalar>]?
    ) -> (logits: Tensor<Scalar>, states: [EncoderState<Scalar>]) {
        if shape.count != 2 { failure("CharLanguageModel: input shape \(shape), expected [T, B]") }
        let x = embedding(inputs, shape: shape)                          // [T, B, E]
        let out = recurrent(x, initialStates: states)                    // outputs [T, B, H]
        let logits = head(outputDropout(out.outputs))                    // [T, B, V]
        return (logits, out.finalStates)
    }

    /// The mean cross-entropy (nats per character) of a batch from `states`, and the final states.
    public func loss(
        _ batch: LanguageModelBatch, states: [EncoderState<Scalar>]?
    ) -> (loss: Tensor<Scalar>, states: [EncoderState<Scalar>]) {
        let (logits, final) = self(batch.inputs, shape: batch.shape, states: states)
        return (crossEntropy(logits: logits, targets: batch.targets), final)
    }

    /// What the first recurrent layer ran in the last call ("native-avx512", "fused", "reference").
    public var lastImplementation: RecurrentKernel { recurrent.lastImplementation }

    /// The mean cross-entropy in nats per character over every next-character prediction of `corpus`,
    /// computed without a graph in evaluation mode (the mode is restored afterwards).
    ///
    /// The text is read as `batchSize` contiguous streams (fewer when the text is short: at most
    /// count / 2), `steps` characters at a time, the state carried from batch to batch exactly as in
    /// training; the last count mod streams characters are not scored. Each stream starts from a zero
    /// state, so more streams mean slightly more characters predicted without context.
    public func evaluate(_ corpus: TextCorpus, batchSize: Int, steps: Int) -> LanguageModelEvaluation {
        if batchSize < 1 || steps < 1 {
            failure("CharLanguageModel.evaluate: batchSize \(batchSize) and steps \(steps) must be >= 1")
        }
        if corpus.count < 2 {
            failure("CharLanguageModel.evaluate: the corpus has \(corpus.count) tokens; at least 2 are needed")
        }
        let streams = Swift.min(batchSize, corpus.count / 2)
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        return withoutGrad {
            var total = 0.0, count = 0
            var states: [EncoderState<Scalar>]? = nil
            for batch in corpus.statefulBatches(batchSize: streams, steps: steps) {
                let (logits, final) = self(batch.inputs, shape: batch.shape, states: states)
                total += Double(crossEntropy(logits: logits, targets: batch.targets, reduction: .sum).item)
                count += batch.inputs.count
                states = final
            }
            return LanguageModelEvaluation(meanLoss: total / Double(count), characters: count, streams: streams)
        }
    }
}

/// The result of ``CharLanguageModel/evaluate(_:batchSize:steps:)``.
public struct LanguageModelEvaluation: Equatable, Sendable {
    /// Mean cross-entropy, nats per character.
    public var meanLoss: Double
    /// The number of characters predicted.
    public var characters: Int
    /// The number of parallel streams the text was read in.
    public var streams: Int

    public init(meanLoss: Double, characters: Int, streams: Int) {
        self.meanLoss = meanLoss
        self.characters = characters
        self.streams = streams
    }

    /// Bits per character: meanLoss / ln 2.
    public var bitsPerCharacter: Double { meanLoss / Foundation.log(2.0) }
    /// exp(meanLoss).
    public var perplexity: Double { Foundation.exp(meanLoss) }
}
