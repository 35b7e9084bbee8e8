import Foundation
import LSTMKit

/// Everything `lstm train textgen` trains with: the text, the split, the character model, truncated BPTT,
/// the training settings and the output directory. Stored in every checkpoint the task writes.
public struct TextgenConfig: TaskConfig {
    /// A UTF-8 text file, read as characters (grapheme clusters).
    public var data = "Data/tiny-shakespeare/input.txt"
    /// The last fraction of the text (in characters) that is validation.
    public var validationFraction = 0.1
    /// E, the character-vector size.
    public var embeddingSize = 64
    /// The recurrent stack (its `inputSize` is set from `embeddingSize`; one direction only).
    public var model = RecurrentEncoderConfig(inputSize: 64, hiddenSize: 256, layerCount: 2)
    /// Dropout before the output layer (the stack's `model.dropout` is the one between layers).
    public var dropout = 0.0
    /// k2: characters per stream in each update's window (how far back gradients reach; also the chunk
    /// length of the validation pass).
    public var seqLength = 100
    /// k1: characters between updates (nil: `seqLength`, char-rnn's k1 = k2).
    public var updateEvery: Int?
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 2e-3, batchSize: 64, steps: 2000)
        t.clipNorm = 5
        t.schedule = .cosine
        t.evalEvery = 200
        return t
    }()
    public var output = "runs/textgen"
    /// The characters of the sample printed after training (0: none).
    public var sampleLength = 300

    public init() {}

    /// The maximum text size read (characters are held as 8-byte IDs: 64 M characters is 512 MB).
    public static let maximumBytes = 64 << 20

    public func validate() throws {
        try Check.fraction(validationFraction, "validationFraction")
        try Check.atLeast(embeddingSize, 1, "embeddingSize")
        try Check.atMost(embeddingSize, Check.maximumWidth, "embeddingSize")
        var recurrent = model
        recurrent.inputSize = embeddingSize
        if let (field, message) = recurrent.problem { throw ConfigError(field, message) }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        if model.bidirectional { throw ConfigError("bidirectional", "does not apply: a language model reads forward only") }
        try Check.probability(dropout, "dropout")
        try Check.atLeast(seqLength, 1, "seqLength")
        if updateEvery != nil && seqLength > 1 << 16 {   // --tbptt k1,k2 sets seqLength to k2
            throw ConfigError("updateEvery", "k2 = \(seqLength) must be at most \(1 << 16)")
        }
        try Check.atMost(seqLength, 1 << 16, "seqLength")
        try Check.atLeast(updateEvery, 1, "updateEvery")
        if let k1 = updateEvery, k1 > seqLength {
            throw ConfigError("updateEvery", "k1 = \(k1) must not exceed k2 = \(seqLength)")
        }
        try training.validate()
        try Check.atLeast(sampleLength, 0, "sampleLength")
        try Check.atMost(sampleLength, 1_000_000, "sampleLength")
    }

    /// The model config for a vocabulary of `vocabularySize` characters.
    public func modelConfig(vocabularySize: Int) -> CharLanguageModelConfig {
        var recurrent = model
        recurrent.inputSize = embeddingSize
        return CharLanguageModelConfig(vocabularySize: vocabularySize, embeddingSize: embeddingSize,
                                       recurrent: recurrent, dropout: dropout)
    }

    /// k1, the characters between updates.
    public var k1: Int { updateEvery ?? seqLength }
}
