/// The architecture of a `Seq2Seq` model: everything needed to rebuild it before loading its weights
/// (applications store it in their checkpoints). The token indices default to `Vocabulary`'s standard
/// specials: `<pad>` 0, `<bos>` 2, `<eos>` 3.
public struct Seq2SeqConfig: Codable, Equatable, Sendable {
    /// Vs, the number of source tokens.
    public var sourceVocabularySize: Int
    /// Vt, the number of target tokens (the output layer's width).
    public var targetVocabularySize: Int
    /// E, the width of the source and the target embeddings.
    public var embeddingSize: Int
    public var encoderCell: RecurrentCellKind
    /// The encoder's state size per direction.
    public var encoderHiddenSize: Int
    public var encoderLayerCount: Int
    public var bidirectional: Bool
    public var decoderCell: RecurrentCellKind
    /// H, the decoder's state size (every layer) and the width of the attentional vector h~.
    public var decoderHiddenSize: Int
    public var decoderLayerCount: Int
    public var attention: AttentionScore
    /// A, the hidden width of the additive score (0: decoderHiddenSize); must be 0 for the other scores.
    public var attentionSize: Int
    /// Feed h~[t-1] into the decoder's input at step t (Luong et al. 2015, section 3.3).
    public var inputFeeding: Bool
    /// Dropout (training only) on the embeddings, between stacked layers and on h~ before the output layer,
    /// in [0, 1).
    public var dropout: Double
    /// The padding token of both vocabularies (its embedding rows stay zero).
    public var paddingIndex: Int
    /// The target token the decoder starts from (`<bos>`).
    public var startIndex: Int
    /// The target token that ends a translation (`<eos>`).
    public var endIndex: Int

    public init(sourceVocabularySize: Int, targetVocabularySize: Int, embeddingSize: Int = 256,
                encoderCell: RecurrentCellKind = .lstm, encoderHiddenSize: Int = 256, encoderLayerCount: Int = 1,
                bidirectional: Bool = true, decoderCell: RecurrentCellKind = .lstm, decoderHiddenSize: Int = 512,
                decoderLayerCount: Int = 1, attention: AttentionScore = .general, attentionSize: Int = 0,
                inputFeeding: Bool = true, dropout: Double = 0, paddingIndex: Int = 0, startIndex: Int = 2,
                endIndex: Int = 3) {
        self.sourceVocabularySize = sourceVocabularySize
        self.targetVocabularySize = targetVocabularySize
        self.embeddingSize = embeddingSize
        self.encoderCell = encoderCell
        self.encoderHiddenSize = encoderHiddenSize
        self.encoderLayerCount = encoderLayerCount
        self.bidirectional = bidirectional
        self.decoderCell = decoderCell
        self.decoderHiddenSize = decoderHiddenSize
        self.decoderLayerCount = decoderLayerCount
        self.attention = attention
        self.attentionSize = attentionSize
        self.inputFeeding = inputFeeding
        self.dropout = dropout
        self.paddingIndex = paddingIndex
        self.startIndex = startIndex
        self.endIndex = endIndex
    }

    /// The encoder's configuration: input E, `dropout` between its layers.
    public var encoderConfig: RecurrentEncoderConfig {
        RecurrentEncoderConfig(cell: encoderCell, inputSize: embeddingSize, hiddenSize: encoderHiddenSize,
                               layerCount: encoderLayerCount, bidirectional: bidirectional, dropout: dropout)
    }

    /// The width of the encoder outputs the decoder attends to: encoderHiddenSize times the directions.
    public var encoderOutputSize: Int { encoderHiddenSize * (bidirectional ? 2 : 1) }

    /// The first problem with this configuration as (field name, message), or nil when it is valid.
    public var problem: (field: String, message: String)? {
        for (field, value) in [("sourceVocabularySize", sourceVocabularySize),
                               ("targetVocabularySize", targetVocabularySize), ("embeddingSize", embeddingSize),
                               ("encoderHiddenSize", encoderHiddenSize), ("encoderLayerCount", encoderLayerCount),
                               ("decoderHiddenSize", decoderHiddenSize), ("decoderLayerCount", decoderLayerCount)]
        where value < 1 {
            return (field, "must be at least 1, got \(value)")
        }
        if !(dropout >= 0 && dropout < 1) { return ("dropout", "must be in [0, 1), got \(dropout)") }
        if paddingIndex < 0 || paddingIndex >= min(sourceVocabularySize, targetVocabularySize) {
            return ("paddingIndex", "must be a token of both vocabularies (0..<\(min(sourceVocabularySize, targetVocabularySize))), got \(paddingIndex)")
        }
        for (field, value) in [("startIndex", startIndex), ("endIndex", endIndex)]
        where value < 0 || value >= targetVocabularySize {
            return (field, "must be a target token (0..<\(targetVocabularySize)), got \(value)")
        }
        if startIndex == endIndex { return ("endIndex", "must differ from startIndex \(startIndex)") }
        if let (field, message) = attention.problem(querySize: decoderHiddenSize, keySize: encoderOutputSize,
                                                    attentionSize: attentionSize) {
            let names = ["querySize": "decoderHiddenSize", "keySize": "decoderHiddenSize"]
            let detail = field == "keySize"
                ? "the \(attention.rawValue) score needs decoderHiddenSize == the encoder's output size " +
                  "(encoderHiddenSize * directions = \(encoderOutputSize)), got \(decoderHiddenSize); use general or additive"
                : message
            return (names[field] ?? field, detail)
        }
        return nil
    }
}
