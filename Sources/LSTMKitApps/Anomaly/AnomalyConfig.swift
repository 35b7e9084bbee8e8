import Foundation
import LSTMKit

/// What the autoencoder reads at every step of a window.
public enum AnomalyFeatures: String, Codable, Sendable, CaseIterable {
    /// The sensor values themselves (standardized with the normal training windows' statistics).
    case raw
    /// Per window and channel d with mean m_d and standard deviation s_d: the shape (x_td - m_d) / (s_d + floor),
    /// the level m_d and the scale log(s_d + floor), all three at every step (3 D features), then standardized
    /// with the normal training windows' statistics. A reconstruction must get right how the window moves,
    /// where it sits and how much it moves; with `raw` a still window is trivially easy to reconstruct.
    case windowStats = "window-stats"
}

/// Everything `lstm train anomaly` trains with. Stored in every checkpoint the task writes.
public struct AnomalyConfig: TaskConfig {
    /// The sequences: the UCI HAPT raw-signal CSV (`.csv` or `.csv.gz`, split by subject, 128-sample windows)
    /// or a UCR/UEA `.ts` pair (the `*_TRAIN.ts` file or its folder; validation taken from the training file).
    public var data: String?
    /// The classes that are normal; every other class is an anomaly. nil: HAPT's three walking activities.
    public var normalClasses: [String]?
    public var features = AnomalyFeatures.windowStats
    /// The floor added to each window's standard deviation (`window-stats`), in the data's units.
    public var scaleFloor = 1e-3
    /// The threshold is this quantile of the validation part's normal scores (0.95: about 5% false alarms).
    public var thresholdQuantile = 0.95
    /// `.ts` data: the fraction of the training file held out for validation (stratified, `splitSeed`).
    public var validationFraction = 0.2
    public var splitSeed: UInt64 = 42
    /// The encoder (its `inputSize` is set from the features); the decoder has the same size and layers.
    public var model = RecurrentEncoderConfig(inputSize: 1, hiddenSize: 32)
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 2e-3, batchSize: 32, epochs: 10)
        t.clipNorm = 1
        return t
    }()
    public var output = "runs/anomaly"

    public init() {}

    /// HAPT's normal activities when `normalClasses` is nil.
    public static let haptNormalClasses = ["WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS"]

    public func validate() throws {
        if data == nil { throw ConfigError("data", "is required: the UCI HAPT CSV or a UCR/UEA .ts pair") }
        if let normalClasses, normalClasses.isEmpty { throw ConfigError("normalClasses", "must name at least one class") }
        if !(scaleFloor > 0 && scaleFloor.isFinite) { throw ConfigError("scaleFloor", "must be > 0, got \(scaleFloor)") }
        if !(thresholdQuantile > 0 && thresholdQuantile < 1) {
            throw ConfigError("thresholdQuantile", "must be in (0, 1), got \(thresholdQuantile)")
        }
        try Check.fraction(validationFraction, "validationFraction")
        if let (field, message) = modelConfig(featureCount: 1).problem { throw ConfigError(field, message) }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        try training.validate()
    }

    /// The features per step the model reads for data with `featureCount` channels.
    public func inputSize(featureCount: Int) -> Int { features == .raw ? featureCount : 3 * featureCount }

    /// The autoencoder for data with `featureCount` channels.
    public func modelConfig(featureCount: Int) -> SequenceAutoencoderConfig {
        var encoder = model
        encoder.inputSize = inputSize(featureCount: featureCount)
        return SequenceAutoencoderConfig(encoder: encoder)
    }
}
