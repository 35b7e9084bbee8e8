import Foundation
import LSTMKit

/// The two configurations of Zaremba et al. 2014 ("Recurrent neural network regularization", Table 1).
public enum WordLMPreset: String, Codable, CaseIterable, Sendable {
    /// 2 x 200, no dropout, 13 epochs, batch 20, 20 steps, SGD lr 1 halved every epoch after epoch 4,
    /// clip norm 5, init U(-0.1, 0.1). Reported test perplexity 114.5.
    case small
    /// 2 x 650, dropout 0.5, 39 epochs, batch 20, 35 steps, SGD lr 1 times 0.8 every epoch after epoch 6,
    /// clip norm 5, init U(-0.05, 0.05). Reported test perplexity 82.7.
    case medium
}

/// Everything `lstm train wordlm` trains with: the three PTB-style files, the model, truncated BPTT, the
/// learning-rate decay and the training settings. Stored in every checkpoint the task writes.
public struct WordLMConfig: TaskConfig {
    /// Whitespace-separated words, one sentence per line (an `<eos>` token is added at each line end).
    public var train = "data/ptb/ptb.train.txt"
    public var valid = "data/ptb/ptb.valid.txt"
    public var test = "data/ptb/ptb.test.txt"
    public var preset: WordLMPreset = .small
    /// The model (its `vocabularySize` is set from the training file).
    public var model = WordLanguageModelConfig(vocabularySize: 2)
    /// Words per stream and update (k1 = k2).
    public var seqLength = 20
    /// The learning rate is multiplied by `lrDecay` after every epoch from epoch `decayAfter` + 1 on:
    /// lr(epoch e, 0-based) = lr * lrDecay ^ max(0, e + 1 - decayAfter).
    public var lrDecay = 0.5
    public var decayAfter = 4
    /// Zaremba et al.'s loss scale: their gradient is that of the cross-entropy summed over the `seqLength`
    /// steps (and averaged over the batch), so their lr 1 and clip norm 5 act on a gradient `seqLength` times
    /// the per-word mean's. When true (the presets), the learning rate is multiplied by `seqLength` and the clip
    /// norm divided by it, which for plain SGD is exactly their update; losses are still reported per word.
    public var sumOverTime = true
    /// The largest vocabulary kept: the most frequent words of the training file (the rest become `<unk>`).
    public var maxVocabulary = 100_000
    public var training: TrainingConfig
    public var output = "runs/wordlm"
    /// Words of the sample printed after training (0: none).
    public var sampleLength = 50

    public init() { self = Self.preset(.small) }

    init(training: TrainingConfig) { self.training = training }

    /// Zaremba et al.'s configuration.
    public static func preset(_ preset: WordLMPreset) -> WordLMConfig {
        var t = TrainingConfig(learningRate: 1, batchSize: 20, epochs: preset == .small ? 13 : 39)
        t.optimizer = .sgd
        t.clipNorm = 5
        var c = WordLMConfig(training: t)
        c.preset = preset
        switch preset {
        case .small:
            c.model = WordLanguageModelConfig(vocabularySize: 2, embeddingSize: 200, hiddenSize: 200, layerCount: 2,
                                              initScale: 0.1)
            (c.seqLength, c.lrDecay, c.decayAfter) = (20, 0.5, 4)
        case .medium:
            c.model = WordLanguageModelConfig(vocabularySize: 2, embeddingSize: 650, hiddenSize: 650, layerCount: 2,
                                              dropout: 0.5, embeddingDropout: 0.5, initScale: 0.05)
            (c.seqLength, c.lrDecay, c.decayAfter) = (35, 0.8, 6)
        }
        return c
    }

    public func validate() throws {
        try Check.atLeast(model.hiddenSize, 1, "hiddenSize")
        try Check.atMost(model.hiddenSize, Check.maximumWidth, "hiddenSize")
        try Check.atLeast(model.embeddingSize, 1, "embeddingSize")
        try Check.atMost(model.embeddingSize, Check.maximumWidth, "embeddingSize")
        try Check.atLeast(model.layerCount, 1, "layerCount")
        try Check.atMost(model.layerCount, Check.maximumLayers, "layerCount")
        try Check.probability(model.dropout, "dropout")
        try Check.probability(model.embeddingDropout, "embeddingDropout")
        try Check.atLeast(model.classCount, 1, "classCount")
        try Check.positive(model.initScale, "initScale")
        if let (field, message) = WordLanguageModel.problem({ var m = model; m.vocabularySize = Int.max >> 8; m.classCount = nil; return m }()) {
            throw ConfigError(field, message)
        }
        try Check.atLeast(seqLength, 1, "seqLength")
        try Check.atMost(seqLength, 1 << 16, "seqLength")
        if !(lrDecay > 0 && lrDecay <= 1) { throw ConfigError("lrDecay", "must be in (0, 1], got \(lrDecay)") }
        try Check.atLeast(decayAfter, 0, "decayAfter")
        if lrDecay < 1 && (training.schedule != .constant || training.warmupSteps > 0) {
            throw ConfigError("lrDecay", "the per-epoch decay (\(lrDecay)) is the schedule; give --lr-decay 1 to use " +
                              "--schedule \(training.schedule.rawValue) or --warmup-steps instead")
        }
        try Check.atLeast(maxVocabulary, 2, "maxVocabulary")
        try Check.atMost(maxVocabulary, 10_000_000, "maxVocabulary")
        try training.validate()
        try Check.atLeast(sampleLength, 0, "sampleLength")
        try Check.atMost(sampleLength, 100_000, "sampleLength")
    }

    /// The learning rate during epoch `epoch` (0-based), as given (per summed-over-time loss when `sumOverTime`).
    public func learningRate(epoch: Int) -> Double {
        training.learningRate * pow(lrDecay, Double(Swift.max(0, epoch + 1 - decayAfter)))
    }

    /// The training settings the trainer runs with on the per-word mean loss (see `sumOverTime`).
    public var effectiveTraining: TrainingConfig {
        guard sumOverTime else { return training }
        var t = training
        t.learningRate *= Double(seqLength)
        t.clipNorm = t.clipNorm.map { $0 / Double(seqLength) }
        return t
    }
}
