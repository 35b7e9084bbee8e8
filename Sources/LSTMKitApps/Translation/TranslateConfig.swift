import Foundation
import LSTMKit

/// Everything `lstm train translate` trains with: the parallel corpus and its languages, the tokenization and
/// vocabulary rule, the attentional encoder-decoder, decoding and the training settings. Stored in every
/// checkpoint the task writes.
public struct TranslateConfig: TaskConfig {
    /// A folder in the Multi30k layout: `<split>.<language>[.gz]` for the splits train, val, test_2016_flickr.
    public var data = "Data/multi30k"
    /// The language translated from and the one translated into (Multi30k codes).
    public var source = "de"
    public var target = "en"
    /// Lower-case the text before tokenizing (`WordTokenizer(lowercased:)`); translations then start with a
    /// capital letter (`EnglishDetokenizer(capitalizeFirst:)`) and are scored against the cased references.
    public var lowercase = true
    /// Words seen fewer times in the training side become `<unk>` (both vocabularies).
    public var minFrequency = 2
    /// E, the width of the source and target word vectors.
    public var embeddingSize = 256
    public var encoderCell = RecurrentCellKind.lstm
    /// The encoder's state size per direction.
    public var encoderHiddenSize = 256
    public var encoderLayers = 1
    public var bidirectional = true
    public var decoderCell = RecurrentCellKind.lstm
    /// H, the decoder's state size and the width of the attentional vector.
    public var decoderHiddenSize = 256
    public var decoderLayers = 1
    public var attention = AttentionScore.general
    /// Feed the previous attentional vector into the decoder's input (Luong et al. 2015).
    public var inputFeeding = true
    /// Dropout on the word vectors, between stacked layers and before the output layer, in [0, 1).
    public var dropout = 0.3
    /// Label smoothing of the training loss, in [0, 1).
    public var labelSmoothing = 0.1
    /// The most tokens a translation may have (decoding also stops at 2 * source length + 10).
    public var maxLength = 80
    /// Beam width and length penalty (score / length^alpha) of the final beam-search evaluation.
    public var beamWidth = 5
    /// The widest beam accepted (a wider one keeps as many hypotheses per step: an absurd allocation).
    public static let maximumBeamWidth = 1_000
    public var lengthPenalty = 1.0
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 2e-3, batchSize: 64, epochs: 20)
        t.clipNorm = 1
        t.schedule = .cosine
        t.decayTo = 0.1
        return t
    }()
    public var output = "runs/translate"

    public init() {}

    /// The language codes a Multi30k folder can hold.
    public static let languages = ["en", "de", "fr", "cs"]

    public func validate() throws {
        for (field, code) in [("source", source), ("target", target)] where !Self.languages.contains(code) {
            throw ConfigError(field, "is an unknown language code '\(code)'; Multi30k has " +
                              Self.languages.joined(separator: ", "))
        }
        if source == target { throw ConfigError("target", "must differ from the source language \(source)") }
        try Check.atLeast(minFrequency, 1, "minFrequency")
        try Check.atMost(embeddingSize, Check.maximumWidth, "embeddingSize")
        try Check.atMost(encoderHiddenSize, Check.maximumWidth, "encoderHiddenSize")
        try Check.atMost(decoderHiddenSize, Check.maximumWidth, "decoderHiddenSize")
        try Check.atMost(encoderLayers, Check.maximumLayers, "encoderLayers")
        try Check.atMost(decoderLayers, Check.maximumLayers, "decoderLayers")
        if let (field, message) = modelConfig(sourceVocabularySize: 5, targetVocabularySize: 5).problem {
            throw ConfigError(Self.fieldNames[field] ?? field, message)
        }
        if !(labelSmoothing >= 0 && labelSmoothing < 1) {
            throw ConfigError("labelSmoothing", "must be in [0, 1), got \(labelSmoothing)")
        }
        try Check.atLeast(maxLength, 1, "maxLength")
        try Check.atMost(maxLength, 10_000, "maxLength")
        try Check.atLeast(beamWidth, 1, "beamWidth")
        try Check.atMost(beamWidth, Self.maximumBeamWidth, "beamWidth")
        if !(lengthPenalty >= 0 && lengthPenalty.isFinite) {
            throw ConfigError("lengthPenalty", "must be >= 0, got \(lengthPenalty)")
        }
        try training.validate()
    }

    /// `Seq2SeqConfig` field names -> this config's names.
    static let fieldNames = ["encoderLayerCount": "encoderLayers", "decoderLayerCount": "decoderLayers",
                             "attentionSize": "attention"]

    /// The network for vocabularies of these sizes (the standard specials: `<pad>` 0, `<bos>` 2, `<eos>` 3).
    public func modelConfig(sourceVocabularySize: Int, targetVocabularySize: Int) -> Seq2SeqConfig {
        Seq2SeqConfig(sourceVocabularySize: sourceVocabularySize, targetVocabularySize: targetVocabularySize,
                      embeddingSize: embeddingSize, encoderCell: encoderCell, encoderHiddenSize: encoderHiddenSize,
                      encoderLayerCount: encoderLayers, bidirectional: bidirectional, decoderCell: decoderCell,
                      decoderHiddenSize: decoderHiddenSize, decoderLayerCount: decoderLayers, attention: attention,
                      inputFeeding: inputFeeding, dropout: dropout)
    }

    /// The tokenizer of both sides.
    public var tokenizer: WordTokenizer { WordTokenizer(lowercased: lowercase) }
}
