import Foundation
import LSTMKit

/// The datasets `lstm train classify` knows by name: where each file is, how it is split, and the
/// default hyperparameters (chosen so the default command meets the accuracy bar in docs/apps/classify.md).
public enum ClassifyDataset: String, Codable, CaseIterable, Sendable {
    /// 8x8 digits, 8 steps of 8 pixels; stratified 80/10/10.
    case digits
    /// 5,000 MNIST digits, 28 steps of 28 pixels; stratified 80/10/10.
    case mnist
    /// UCI HAPT phone signals, 128-sample windows of the 6 activities, split by subject (read from a path).
    case hapt
    /// Japanese Vowels speakers, variable length; the official train/test files.
    case vowels

    /// The committed data (nil: not committed, `data` is required).
    public var defaultPath: String? {
        switch self {
        case .digits: return DigitsDataset.defaultPath
        case .mnist: return MNISTDataset.defaultPath
        case .hapt: return nil
        case .vowels: return "Data/japanese-vowels"
        }
    }

    /// The config of `lstm train classify --dataset <self>` before any other option.
    public var defaults: ClassifyConfig {
        var c = ClassifyConfig()
        c.dataset = self
        c.data = defaultPath
        c.output = "runs/\(rawValue)"
        func set(hidden: Int, layers: Int = 1, bidirectional: Bool = false, pooling: SequenceClassifierConfig.Pooling = .last,
                 epochs: Int, batch: Int, lr: Double, dropout: Double = 0) {
            c.model.hiddenSize = hidden
            c.model.layerCount = layers
            c.model.bidirectional = bidirectional
            c.model.dropout = dropout
            c.dropout = dropout
            c.pooling = pooling
            c.training.epochs = epochs
            c.training.batchSize = batch
            c.training.learningRate = lr
        }
        // Measured over seeds 0-7 (docs/apps/classify.md): a bidirectional LSTM is steadier on digits and
        // vowels, and 20% of the vowels' training file (54 examples) chooses the best checkpoint far more
        // reliably than 10% (27).
        switch self {
        case .digits: set(hidden: 64, bidirectional: true, epochs: 40, batch: 32, lr: 3e-3)
        case .mnist: set(hidden: 128, epochs: 30, batch: 64, lr: 2e-3)
        case .hapt: set(hidden: 64, layers: 2, pooling: .mean, epochs: 15, batch: 64, lr: 3e-3, dropout: 0.2)
        case .vowels:
            set(hidden: 64, bidirectional: true, epochs: 60, batch: 16, lr: 3e-3)
            c.validationFraction = 0.2
        }
        return c
    }
}

/// Everything `lstm train classify` trains with. Stored in every checkpoint the task writes.
public struct ClassifyConfig: TaskConfig {
    /// A built-in dataset (its file layout and documented split), or nil for your own data.
    public var dataset: ClassifyDataset?
    /// The data: a built-in dataset's file, a UCR/UEA `.ts` pair (the `*_TRAIN.ts` file or a directory with
    /// one `*_TRAIN.ts` / `*_TEST.ts` pair), or a CSV of labeled sequences (see docs/apps/classify.md).
    public var data: String?
    /// The fraction of the training data held out for validation (checkpoint selection, early stopping);
    /// nil: the dataset's documented split (10% for your own data).
    public var validationFraction: Double?
    /// Data without a separate test file (a CSV): the fraction held out for test (default 0.1).
    public var testFraction = 0.1
    /// The split's own seed (not the training seed), so every run is scored on the same examples.
    public var splitSeed: UInt64 = 42
    /// CSV data: the columns of the sequence id, the label and (optionally) the time; `features` nil uses every
    /// other column. Without the id column in the file, the CSV is read in the wide layout (label, v1, v2, ...).
    public var idColumn = "id"
    public var labelColumn = "label"
    public var timeColumn: String?
    public var features: [String]?
    /// `.ts` data: what to do with missing values (`?`): error, or drop the steps that have one.
    public var dropMissing = false
    /// The recurrent stack (its `inputSize` is set from the data).
    public var model = RecurrentEncoderConfig(inputSize: 1, hiddenSize: 64)
    public var pooling = SequenceClassifierConfig.Pooling.last
    /// A Conv1D front-end before the recurrent stack (CNN-LSTM), or nil for the plain recurrent classifier
    /// (its `inputSize` is set from the data).
    public var conv: ConvFrontEndConfig?
    /// Dropout before the output layer (`model.dropout` is the one between layers).
    public var dropout = 0.0
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 3e-3, batchSize: 32, epochs: 30)
        t.clipNorm = 5
        return t
    }()
    public var output = "runs/classify"

    public init() {}

    public func validate() throws {
        if dataset == nil && data == nil { throw ConfigError("data", "is required (or a built-in --dataset)") }
        if dataset == .hapt && data == nil {
            throw ConfigError("data", "is required for hapt: \(HAPTDataset.sourceHint); it is not committed (21 MB)")
        }
        if let validationFraction {
            try Check.fraction(validationFraction, "validationFraction")
            if dataset == .hapt { throw ConfigError("validationFraction", "does not apply to hapt (split by subject)") }
        }
        try Check.fraction(testFraction, "testFraction")
        // Only a CSV is split into a test part (a .ts pair has its test file; the built-ins their split).
        if let data, ClassifyData.isCSV(data), testFraction + (validationFraction ?? 0.1) >= 1 {
            throw ConfigError("testFraction", "\(testFraction) and the validation fraction \(validationFraction ?? 0.1) " +
                              "leave no training data")
        }
        if let (field, message) = modelConfig(featureCount: 1, classCount: 2).problem {
            throw ConfigError(field, message)
        }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        try training.validate()
    }

    /// The classifier config for data with `featureCount` features and `classCount` classes.
    public func modelConfig(featureCount: Int, classCount: Int) -> SequenceClassifierConfig {
        var recurrent = model
        var frontEnd = conv
        frontEnd?.inputSize = featureCount
        recurrent.inputSize = frontEnd?.channels ?? featureCount
        return SequenceClassifierConfig(recurrent: recurrent, pooling: pooling, dropout: dropout, classCount: classCount,
                                        conv: frontEnd)
    }
}
