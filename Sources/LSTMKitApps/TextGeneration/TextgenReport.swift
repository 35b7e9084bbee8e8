import Foundation
import LSTMKit

/// Cross-entropy figures of a character model on some text.
public struct TextScores: Codable, Equatable, Sendable {
    /// Mean cross-entropy, nats per character.
    public var loss: Double
    public var bitsPerCharacter: Double
    public var perplexity: Double
    /// Characters predicted.
    public var characters: Int

    public init(_ e: LanguageModelEvaluation) {
        loss = e.meanLoss
        bitsPerCharacter = e.bitsPerCharacter
        perplexity = e.perplexity
        characters = e.characters
    }

    var text: String {
        "\(fixed(loss, 4)) nats/char (\(fixed(bitsPerCharacter, 4)) bits/char, perplexity \(fixed(perplexity, 3)))"
    }
}

/// What `lstm train textgen` reports.
public struct TextgenTrainingReport: TaskTrainingReport {
    public var task = TextgenTask.name
    public var data: String
    public var characters: Int
    public var vocabularySize: Int
    public var parameterCount: Int
    public var training: TrainingOutcome
    /// The best checkpoint on the validation text, and the last one.
    public var best: TextScores
    public var last: TextScores
    public var charactersPerSecond: Double
    /// A sample from the best weights (temperature 0.8, seed = the training seed).
    public var sample: String

    public var lines: [String] {
        var lines: [String] = []
        if training.stoppedByTime { lines.append("stopped after \(training.steps) steps: the time budget was reached") }
        lines.append("best validation loss \(best.text) at step \(training.bestStep ?? 0)")
        lines.append("last validation loss \(last.text) at step \(training.steps)")
        lines.append("training \(fixed(training.seconds, 1)) s, \(Int(charactersPerSecond)) chars/s; " +
                     "recurrent kernel: \(training.implementation)")
        lines.append("checkpoints: \(training.best), \(training.last)")
        if !sample.isEmpty { lines.append("sample (best weights, temperature 0.8):\n\(sample)") }
        return lines
    }
}

/// What `lstm evaluate` reports for a textgen checkpoint.
public struct TextgenEvaluationReport: TaskReport {
    public var task = TextgenTask.name
    public var checkpoint: String
    public var data: String
    public var step: Int
    public var validationFraction: Double
    public var validation: TextScores
    public var seconds: Double
    public var notes: [String]

    public var lines: [String] {
        notes + ["validation: last \(percent(validationFraction)) of \(data), \(validation.characters) characters " +
                 "(step \(step) checkpoint)",
                 "loss \(validation.text)  (\(fixed(seconds, 1)) s)"]
    }
}

/// What `lstm sample` reports.
public struct TextSample: TaskReport {
    public var checkpoint: String
    public var prime: String
    public var text: String
    public var length: Int
    public var temperature: Double
    public var topK: Int
    public var seed: UInt64
    public var lines: [String] { [prime + text] }

    public init(checkpoint: String, prime: String, text: String, length: Int, temperature: Double, topK: Int,
                seed: UInt64) {
        self.checkpoint = checkpoint
        self.prime = prime
        self.text = text
        self.length = length
        self.temperature = temperature
        self.topK = topK
        self.seed = seed
    }
}
