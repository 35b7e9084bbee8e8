import Foundation
import LSTMKit

/// Everything `lstm train speech` trains with. Stored in every checkpoint the task writes, so `lstm predict`
/// computes a new recording's features exactly as training did.
public struct SpeechConfig: TaskConfig {
    /// The recordings: a folder of `.wav` files (searched recursively) or a `.tar`/`.tar.gz` archive of them
    /// (the Free Spoken Digit Dataset's `fsdd-recordings.tar.gz`). Each name is `{label}_{speaker}_{take}.wav`.
    public var data: String?
    /// Takes 0 ..< testTakes of every speaker and label are the test set (FSDD's standard split: 5).
    public var testTakes = 5
    /// The fraction of the training takes held out for validation (stratified by label, seeded by `splitSeed`).
    public var validationFraction = 0.1
    public var splitSeed: UInt64 = 42
    /// The features of each recording (the mono mixdown): MFCC (13) with deltas and delta-deltas, Hamming window.
    public var features: AudioFeatureConfig = {
        var f = AudioFeatureConfig()
        f.window = .hamming
        f.deltaOrder = 2
        return f
    }()
    /// The recurrent stack (its `inputSize` is set from the features).
    public var model: RecurrentEncoderConfig = {
        var m = RecurrentEncoderConfig(inputSize: 1, hiddenSize: 128)
        m.bidirectional = true
        return m
    }()
    public var pooling = SequenceClassifierConfig.Pooling.mean
    /// Dropout before the output layer (`model.dropout` is the one between layers).
    public var dropout = 0.2
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 2e-3, batchSize: 32, epochs: 30)
        t.clipNorm = 5
        t.schedule = .cosine
        return t
    }()
    public var output = "runs/speech"

    public init() {}

    public func validate() throws {
        if data == nil { throw ConfigError("data", "is required: a folder of .wav files or a .tar.gz of them (FSDD)") }
        try Check.atLeast(testTakes, 1, "testTakes")
        try Check.fraction(validationFraction, "validationFraction")
        if let (field, message) = features.problem() { throw ConfigError(field, message) }
        if let (field, message) = modelConfig(classCount: 2).problem { throw ConfigError(field, message) }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        try training.validate()
    }

    /// The classifier over `features.featureCount` inputs per frame and `classCount` classes.
    public func modelConfig(classCount: Int) -> SequenceClassifierConfig {
        var recurrent = model
        recurrent.inputSize = features.featureCount
        return SequenceClassifierConfig(recurrent: recurrent, pooling: pooling, dropout: dropout, classCount: classCount)
    }
}
