import Foundation
import LSTMKit

/// How `lstm train tag` reads the tags: a chunk scheme whose chunks are scored like conlleval, or plain tags
/// (parts of speech) scored by accuracy. `auto` detects it from the training file (`TagScheme.detect`).
public enum TagSchemeChoice: String, Codable, Sendable, CaseIterable {
    case auto, none, iob1, iob2, iobes

    /// The chunk scheme, or nil for plain tags and `auto`.
    public var scheme: TagScheme? {
        switch self {
        case .auto, .none: nil
        case .iob1: .iob1
        case .iob2: .iob2
        case .iobes: .iobes
        }
    }
}

/// Everything `lstm train tag` trains with: the CoNLL files, the tag scheme, the tagger, the training settings
/// and the output directory. Stored in every checkpoint the task writes.
public struct TagConfig: TaskConfig {
    /// A folder with `train`, `test` and optionally `validation` (or `dev`, `valid`) files, each `.txt` or
    /// `.txt.gz`, in the CoNLL column format (word first, tag last by default). Without a validation file,
    /// `validationFraction` of the training sentences (chosen with `splitSeed`) is held out. One file instead
    /// of a folder is split into train / validation / test (`testFraction`, `validationFraction`).
    public var data = "Data/masc-pos"
    /// The tag column (0-based, the word is column 0); nil: the last column.
    public var tagColumn: Int?
    public var scheme = TagSchemeChoice.auto
    /// Use the file's other columns (e.g. CoNLL-2000's POS tags) as inputs, one embedding each.
    public var features = true
    /// Words seen fewer times in the training file become `<unk>`.
    public var minCount = 1
    /// The probability that a training word seen once is read as `<unk>` (Lample et al. 2016), so `<unk>`'s
    /// vector is trained for the unknown words of the test file.
    public var unknownReplacement = 0.5
    public var validationFraction = 0.1
    /// With one file as `data`: the fraction of its sentences held out for the test.
    public var testFraction = 0.1
    public var splitSeed: UInt64 = 0
    /// Ew, Ef: the word and column vector sizes. Ec, Hc: the character vectors and each direction of the
    /// character BiLSTM (Hc 0: no character features).
    public var wordEmbeddingSize = 100
    public var featureEmbeddingSize = 25
    public var characterEmbeddingSize = 25
    public var characterHiddenSize = 25
    /// The word-level recurrent stack (its `inputSize` is set from the sizes above): a BiLSTM of 200 per direction.
    public var model = RecurrentEncoderConfig(inputSize: 1, hiddenSize: 200, bidirectional: true)
    public var dropout = 0.5
    /// Score tag sequences with a linear-chain CRF (BiLSTM-CRF) instead of one softmax per word (BiLSTM).
    public var crf = true
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 2e-3, batchSize: 32, epochs: 12)
        t.clipNorm = 5
        t.patience = 4
        return t
    }()
    public var output = "runs/tag"

    public init() {}

    public func validate() throws {
        try Check.atLeast(tagColumn, 1, "tagColumn")
        try Check.atLeast(minCount, 1, "minCount")
        if !(unknownReplacement >= 0 && unknownReplacement <= 1) {
            throw ConfigError("unknownReplacement", "must be in [0, 1], got \(unknownReplacement)")
        }
        if !(validationFraction > 0 && validationFraction < 1) {
            throw ConfigError("validationFraction", "must be in (0, 1), got \(validationFraction)")
        }
        if !(testFraction > 0 && testFraction < 1 && testFraction + validationFraction < 1) {
            throw ConfigError("testFraction", "must be in (0, 1) and leave training data with the validation " +
                              "fraction \(validationFraction), got \(testFraction)")
        }
        for (field, value, minimum) in [("wordEmbeddingSize", wordEmbeddingSize, 1), ("featureEmbeddingSize", featureEmbeddingSize, 1),
                                        ("characterEmbeddingSize", characterEmbeddingSize, 1),
                                        ("characterHiddenSize", characterHiddenSize, 0)] {
            try Check.atLeast(value, minimum, field)
            try Check.atMost(value, Check.maximumWidth, field)
        }
        let m = modelConfig(wordVocabularySize: 2, featureVocabularySizes: features ? [2] : [],
                            characterVocabularySize: 2, tagCount: 2)
        if let (field, message) = m.problem { throw ConfigError(field, message) }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        try training.validate()
    }

    /// The tagger config for vocabularies of these sizes.
    public func modelConfig(wordVocabularySize: Int, featureVocabularySizes: [Int], characterVocabularySize: Int,
                            tagCount: Int) -> SequenceTaggerConfig {
        var c = SequenceTaggerConfig(wordVocabularySize: wordVocabularySize, wordEmbeddingSize: wordEmbeddingSize,
                                     featureVocabularySizes: featureVocabularySizes,
                                     featureEmbeddingSize: featureEmbeddingSize,
                                     characterVocabularySize: characterHiddenSize > 0 ? characterVocabularySize : 0,
                                     characterEmbeddingSize: characterEmbeddingSize,
                                     characterHiddenSize: characterHiddenSize, recurrent: model, dropout: dropout,
                                     tagCount: tagCount, crf: crf)
        c.recurrent.inputSize = c.wordInputSize
        return c
    }
}

extension TagConfig {
    enum CodingKeys: String, CodingKey {
        case data, tagColumn, scheme, features, minCount, unknownReplacement, validationFraction, testFraction, splitSeed, wordEmbeddingSize, featureEmbeddingSize, characterEmbeddingSize, characterHiddenSize, model, dropout, crf, training, output
    }

    /// Decodes a stored config; a field it lacks (a checkpoint written before the field existed) keeps its
    /// default, and `validate()` then checks the whole.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decodeIfPresent(String.self, forKey: .data) ?? data
        tagColumn = try c.decodeIfPresent(Int.self, forKey: .tagColumn)
        scheme = try c.decodeIfPresent(TagSchemeChoice.self, forKey: .scheme) ?? scheme
        features = try c.decodeIfPresent(Bool.self, forKey: .features) ?? features
        minCount = try c.decodeIfPresent(Int.self, forKey: .minCount) ?? minCount
        unknownReplacement = try c.decodeIfPresent(Double.self, forKey: .unknownReplacement) ?? unknownReplacement
        validationFraction = try c.decodeIfPresent(Double.self, forKey: .validationFraction) ?? validationFraction
        testFraction = try c.decodeIfPresent(Double.self, forKey: .testFraction) ?? testFraction
        splitSeed = try c.decodeIfPresent(UInt64.self, forKey: .splitSeed) ?? splitSeed
        wordEmbeddingSize = try c.decodeIfPresent(Int.self, forKey: .wordEmbeddingSize) ?? wordEmbeddingSize
        featureEmbeddingSize = try c.decodeIfPresent(Int.self, forKey: .featureEmbeddingSize) ?? featureEmbeddingSize
        characterEmbeddingSize = try c.decodeIfPresent(Int.self, forKey: .characterEmbeddingSize) ?? characterEmbeddingSize
        characterHiddenSize = try c.decodeIfPresent(Int.self, forKey: .characterHiddenSize) ?? characterHiddenSize
        model = try c.decodeIfPresent(RecurrentEncoderConfig.self, forKey: .model) ?? model
        dropout = try c.decodeIfPresent(Double.self, forKey: .dropout) ?? dropout
        crf = try c.decodeIfPresent(Bool.self, forKey: .crf) ?? crf
        training = try c.decodeIfPresent(TrainingConfig.self, forKey: .training) ?? training
        output = try c.decodeIfPresent(String.self, forKey: .output) ?? output
    }
}
