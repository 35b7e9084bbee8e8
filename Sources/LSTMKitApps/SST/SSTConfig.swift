import Foundation
import LSTMKit

/// The two models `lstm train sst` compares on the same split.
public enum SSTModelKind: String, Codable, CaseIterable, Sendable {
    /// The binary (constituency) Tree-LSTM of Tai et al. 2015 over the treebank's parse, a softmax on every node.
    case tree
    /// A sequential BiLSTM over the sentence's words with max pooling (`SentimentClassifier`).
    case bilstm
}

/// Everything `lstm train sst` trains with: the treebank folder, the model, fine-grained (5 classes) or binary,
/// the vocabulary rule, the sizes, the training settings (Adagrad 0.05, batch 25, as in Tai et al. 2015) and
/// the output directory. Stored in every checkpoint the task writes.
public struct SSTConfig: TaskConfig {
    /// A folder with SST's `train.txt`, `dev.txt` and `test.txt` (one bracketed tree per line).
    public var data = "sst"
    public var model = SSTModelKind.tree
    /// 5: fine-grained (labels 0-4 as given); 2: binary (0-1 negative, 3-4 positive; neutral roots are dropped
    /// from every split and neutral phrases from the tree model's loss).
    public var classes = 5
    /// Lower-case every word (without pretrained vectors a smaller vocabulary learns faster).
    public var lowercase = true
    /// Words seen fewer times in train.txt become `<unk>`.
    public var minCount = 1
    /// E, the word-vector size, and H, the state size (per direction for the BiLSTM).
    public var embeddingSize = 300
    public var hiddenSize = 150
    /// Dropout on the word vectors, and on the states before the output layer.
    public var embeddingDropout = 0.5
    public var dropout = 0.5
    /// Word vectors start uniform in [-r, r] (Tai et al.: 0.05 for words without a GloVe vector).
    public var embeddingInitRange = 0.05
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 0.05, batchSize: 25, epochs: 10)
        t.optimizer = .adagrad
        return t
    }()
    public var output = "runs/sst"

    public init() {}

    public func validate() throws {
        if classes != 5 && classes != 2 { throw ConfigError("classes", "must be 5 (fine-grained) or 2 (binary), got \(classes)") }
        try Check.atLeast(minCount, 1, "minCount")
        try Check.atLeast(embeddingSize, 1, "embeddingSize")
        try Check.atMost(embeddingSize, Check.maximumWidth, "embeddingSize")
        try Check.atLeast(hiddenSize, 1, "hiddenSize")
        try Check.atMost(hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.probability(embeddingDropout, "embeddingDropout")
        try Check.probability(dropout, "dropout")
        if !(embeddingInitRange > 0 && embeddingInitRange.isFinite) {
            throw ConfigError("embeddingInitRange", "must be > 0, got \(embeddingInitRange)")
        }
        try training.validate()
    }

    /// The class names: very negative ... very positive, or negative / positive.
    public var classNames: [String] {
        classes == 5 ? ["very negative", "negative", "neutral", "positive", "very positive"] : ["negative", "positive"]
    }

    /// The class of an SST label (0-4) in this setting; nil for a neutral label in the binary setting.
    public func target(_ label: Int) -> Int? {
        if classes == 5 { return label }
        return label < 2 ? 0 : label > 2 ? 1 : nil
    }

    /// The sequential classifier's config (`model` bilstm).
    func bilstmConfig(vocabularySize: Int) -> SentimentModelConfig {
        SentimentModelConfig(vocabularySize: vocabularySize, embeddingSize: embeddingSize, hiddenSize: hiddenSize,
                             bidirectional: true, pooling: .max, embeddingDropout: embeddingDropout, dropout: dropout,
                             classCount: classes, embeddingInitRange: embeddingInitRange)
    }
}
