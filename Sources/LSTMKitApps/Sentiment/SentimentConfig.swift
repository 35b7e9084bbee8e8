import Foundation
import LSTMKit

/// Everything `lstm train sentiment` trains with: the labeled texts, the split, the vocabulary rule, the
/// classifier, the training settings and the output directory. Stored in every checkpoint the task writes.
public struct SentimentConfig: TaskConfig {
    /// The labeled texts: a directory with `rt-polarity.pos` / `rt-polarity.neg` (MR), a directory of
    /// per-class folders of text files, or a CSV file with a text and a label column.
    public var data = "Data/mr-sentence-polarity"
    /// The CSV columns holding the text and the label.
    public var textColumn = "text"
    public var labelColumn = "label"
    /// Keep only the first N tokens of each text (nil: all).
    public var maxTokens: Int?
    /// Tokens seen fewer times in the training split become `<unk>`.
    public var minCount = 1
    /// The stratified split's train and validation fractions (the rest is test) and its own seed, which
    /// is not the training seed, so every run is scored on the same test texts.
    public var trainFraction = 0.8
    public var validationFraction = 0.1
    public var splitSeed: UInt64 = 0
    /// E, the word-vector size.
    public var embeddingSize = 300
    /// The recurrent stack (its `inputSize` is set from `embeddingSize`): a BiLSTM of 150 per direction.
    public var model = RecurrentEncoderConfig(inputSize: 300, hiddenSize: 150, bidirectional: true)
    public var pooling = SentimentPooling.max
    /// Dropout on the word vectors and before the output layer.
    public var embeddingDropout = 0.5
    public var dropout = 0.5
    /// Word vectors start uniform in [-r, r]; 0 uses N(0, 1).
    public var embeddingInitRange = 0.25
    /// A, the size of the attention layer (`pooling` attention).
    public var attentionSize = 64
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 1e-3, batchSize: 32, epochs: 10)
        t.clipNorm = 5
        t.patience = 3
        return t
    }()
    public var output = "runs/sentiment"

    public init() {}

    public func validate() throws {
        if textColumn.isEmpty { throw ConfigError("textColumn", "must not be empty") }
        if labelColumn.isEmpty { throw ConfigError("labelColumn", "must not be empty") }
        try Check.atLeast(maxTokens, 1, "maxTokens")
        if let maxTokens { try Check.atMost(maxTokens, 1_000_000, "maxTokens") }
        try Check.atLeast(minCount, 1, "minCount")
        try Check.fraction(trainFraction, "trainFraction")
        try Check.fraction(validationFraction, "validationFraction")
        if trainFraction + validationFraction >= 1 {
            throw ConfigError("validationFraction", "plus trainFraction must leave a test part, got " +
                              "\(trainFraction) + \(validationFraction)")
        }
        try Check.atLeast(embeddingSize, 1, "embeddingSize")
        try Check.atMost(embeddingSize, Check.maximumWidth, "embeddingSize")
        let m = modelConfig(vocabularySize: 2, classCount: 2)
        if let (field, message) = m.problem { throw ConfigError(field, message) }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        try training.validate()
    }

    /// The classifier config for a vocabulary and a number of classes.
    public func modelConfig(vocabularySize: Int, classCount: Int) -> SentimentModelConfig {
        var recurrent = model
        recurrent.inputSize = embeddingSize
        return SentimentModelConfig(vocabularySize: vocabularySize, embeddingSize: embeddingSize, recurrent: recurrent,
                                    pooling: pooling, embeddingDropout: embeddingDropout, dropout: dropout,
                                    attentionSize: attentionSize, classCount: classCount, paddingIndex: 0,
                                    embeddingInitRange: embeddingInitRange)
    }
}
