import Foundation
import LSTMKit

/// Corpus BLEU of one decoding of a test set: sacrebleu's default (cased, 13a) and lower-cased (`-lc`).
public struct BLEUResult: Codable, Equatable, Sendable {
    public var decoding: String
    public var sentences: Int
    public var seconds: Double
    public var cased: BLEUScore
    public var lowercased: BLEUScore
    /// The first few translations next to their references.
    public var examples: [TranslationExample]

    var line: String {
        "\(decoding): \(cased)  (lower-cased \(fixed(lowercased.score, 2))); \(sentences) sentences in " +
            "\(fixed(seconds, 1)) s"
    }
}

/// A source sentence, its reference and the model's translation.
public struct TranslationExample: Codable, Equatable, Sendable {
    public var source: String
    public var reference: String
    public var translation: String
}

/// Test-set BLEU with greedy decoding and with beam search.
public struct TranslationScores: Codable, Equatable, Sendable {
    public var greedy: BLEUResult
    public var beam: BLEUResult
    /// sacrebleu's signature of the cased scores.
    public var signature: String

    func lines(title: String) -> [String] {
        var lines = ["\(title) BLEU (\(signature)):", "  " + greedy.line, "  " + beam.line]
        for e in beam.examples {
            lines += ["  source:      \(e.source)", "  reference:   \(e.reference)", "  translation: \(e.translation)"]
        }
        return lines
    }
}

/// What `lstm train translate` reports: the data, the model, training, and the best checkpoint's test2016 BLEU.
public struct TranslateTrainingReport: TaskTrainingReport {
    public var task = TranslateTask.name
    public var data: String
    public var languages: String
    public var train: Int
    public var validation: Int
    public var sourceVocabularySize: Int
    public var targetVocabularySize: Int
    public var parameterCount: Int
    public var training: TrainingOutcome
    /// Source plus target tokens (with `<eos>`) of the training batches per second of training.
    public var tokensPerSecond: Double
    public var test: TranslationScores

    public var lines: [String] {
        let t = training
        var lines = ["trained \(t.steps) steps (\(t.epochs) epochs) in \(fixed(t.seconds / 60, 1)) min, " +
                     "\(Int(tokensPerSecond.rounded())) tokens/s (\(t.implementation))" +
                     (t.stoppedByTime ? "; stopped by the time budget" : "") +
                     (t.stoppedEarly ? "; stopped early" : "")]
        if let best = t.bestValue, let step = t.bestStep {
            lines.append("best \(t.monitor) \(fixed(best, 2)) at step \(step): \(t.best)")
        }
        if t.skippedSteps > 0 { lines.append("skipped \(t.skippedSteps) steps with non-finite gradients") }
        return lines + test.lines(title: "test2016")
    }
}

/// What `lstm evaluate` reports for a translate checkpoint.
public struct TranslateEvaluationReport: TaskReport {
    public var task = TranslateTask.name
    public var checkpoint: String
    public var data: String
    public var test: TranslationScores

    public var lines: [String] { ["\(checkpoint) on \(data)"] + test.lines(title: "test2016") }
}
