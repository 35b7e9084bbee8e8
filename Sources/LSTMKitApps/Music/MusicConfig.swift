import Foundation
import LSTMKit

/// Everything `lstm train music` trains with. Stored in every checkpoint the task writes. The defaults are
/// the documented command of docs/apps/music.md (the test NLL bar of issue 14 is met from them with seed 0).
public struct MusicConfig: TaskConfig {
    /// The piano-roll JSON (JSB Chorales layout: "train", "valid", "test" splits; see `JSBChorales`).
    public var data: String?
    /// The recurrent stack over the 88-key frames (its `inputSize` is always 88; one direction only).
    public var model = RecurrentEncoderConfig(inputSize: PianoRoll.keyCount, hiddenSize: 256)
    /// Dropout on the input frames (training only), in [0, 1).
    public var inputDropout = 0.1
    /// Dropout on the last layer's outputs before the output layer (training only), in [0, 1).
    public var dropout = 0.3
    public var training: TrainingConfig = {
        var t = TrainingConfig(learningRate: 3e-3, batchSize: 8, epochs: 100)
        t.clipNorm = 5
        t.schedule = .cosine
        t.decayTo = 0.05
        return t
    }()
    public var output = "runs/music"

    public init() {}

    public func validate() throws {
        if data == nil { throw ConfigError("data", "is required: the JSB Chorales JSON (jsb-chorales-quarter.json)") }
        var recurrent = model
        recurrent.inputSize = PianoRoll.keyCount
        if let (field, message) = recurrent.problem { throw ConfigError(field, message) }
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        if model.bidirectional { throw ConfigError("bidirectional", "does not apply: the model predicts the next frame from the past only") }
        try Check.probability(inputDropout, "inputDropout")
        try Check.probability(dropout, "dropout")
        try training.validate()
    }

    /// The network's config.
    public var modelConfig: MusicModelConfig {
        var recurrent = model
        recurrent.inputSize = PianoRoll.keyCount
        return MusicModelConfig(recurrent: recurrent, inputDropout: inputDropout, dropout: dropout)
    }
}
