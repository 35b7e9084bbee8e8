import Foundation
import LSTMKit

/// Cross-entropy figures of a word model on some text.
public struct WordScores: Codable, Equatable, Sendable {
    /// Mean cross-entropy, nats per word.
    public var loss: Double
    public var perplexity: Double
    /// Words predicted.
    public var words: Int

    public init(_ e: LanguageModelEvaluation) {
        loss = e.meanLoss
        perplexity = e.perplexity
        words = e.characters
    }

    var text: String { "perplexity \(fixed(perplexity, 2)) (\(fixed(loss, 4)) nats/word, \(words) words)" }
}

/// One evaluation of the learning curve.
public struct WordLMCurvePoint: Codable, Equatable, Sendable {
    public var step: Int
    public var epoch: Int
    public var seconds: Double
    public var learningRate: Double
    /// exp(mean training loss since the previous evaluation).
    public var trainPerplexity: Double
    public var validPerplexity: Double
}

/// What `lstm train wordlm` reports.
public struct WordLMTrainingReport: TaskTrainingReport {
    public var task = WordLMTask.name
    public var train: String
    public var words: Int
    public var vocabularySize: Int
    public var parameterCount: Int
    public var outputLayer: String
    public var training: TrainingOutcome
    /// The best checkpoint (lowest validation loss) on the validation and test files.
    public var valid: WordScores
    public var test: WordScores
    public var wordsPerSecond: Double
    public var curve: [WordLMCurvePoint]
    public var sample: String

    public var lines: [String] {
        var lines: [String] = []
        if training.stoppedByTime { lines.append("stopped after \(training.steps) steps: the time budget was reached") }
        lines.append("epoch  step  seconds  lr       train ppl  valid ppl")
        for p in curve {
            lines.append("\(String(format: "%5d %5d %8.0f  %-7.4g %10.2f %10.2f", p.epoch, p.step, p.seconds, p.learningRate, p.trainPerplexity, p.validPerplexity))")
        }
        lines.append("best checkpoint (step \(training.bestStep ?? 0)): valid \(valid.text)")
        lines.append("test \(test.text)")
        lines.append("training \(fixed(training.seconds, 1)) s, \(Int(wordsPerSecond)) words/s; output layer \(outputLayer); " +
                     "recurrent kernel: \(training.implementation)")
        lines.append("checkpoints: \(training.best), \(training.last)")
        if !sample.isEmpty { lines.append("sample (best weights, temperature 1):\n\(sample)") }
        return lines
    }
}

/// What `lstm evaluate` reports for a wordlm checkpoint.
public struct WordLMEvaluationReport: TaskReport {
    public var task = WordLMTask.name
    public var checkpoint: String
    public var data: String
    public var step: Int
    public var scores: WordScores
    /// Words scored as `<unk>`: the file's own `<unk>` tokens and words the model's vocabulary lacks.
    public var unknownWords: Int
    public var seconds: Double

    public var lines: [String] {
        ["\(data) (step \(step) checkpoint): \(scores.text)  (\(fixed(seconds, 1)) s)"]
            + (unknownWords > 0 ? ["\(unknownWords) words scored as <unk> (the file's own <unk> tokens and words not in the model's vocabulary)"] : [])
    }
}
