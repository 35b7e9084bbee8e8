import Foundation
import LSTMKit

/// A tagger's scores on tagged sentences: token accuracy and, for chunk tags, conlleval's precision, recall
/// and F1 (overall and per chunk type).
public struct TagScores: Codable, Equatable, Sendable {
    public var sentences: Int
    public var tokens: Int
    public var loss: Double
    public var accuracy: Double
    public var precision: Double?
    public var recall: Double?
    public var f1: Double?
    public var byType: [String: ChunkCounts]?

    /// "test, best checkpoint: F1 93.41 (precision 93.2, recall 93.6), accuracy 95.80% (47377 tokens), loss 1.23"
    /// and one line per chunk type.
    public func lines(title: String) -> [String] {
        var first = "\(title): "
        if let f1, let precision, let recall {
            first += "F1 \(fixed(100 * f1, 2)) (precision \(fixed(100 * precision, 2)), recall \(fixed(100 * recall, 2))), "
        }
        first += "accuracy \(fixed(100 * accuracy, 2))% (\(tokens) tokens, \(sentences) sentences), loss \(fixed(loss, 4))"
        let types = (byType ?? [:]).sorted { $0.key < $1.key }.map { type, c in
            "  \(type.padding(toLength: 6, withPad: " ", startingAt: 0)) F1 \(fixed(100 * c.f1, 2))  " +
                "precision \(fixed(100 * c.precision, 2))  recall \(fixed(100 * c.recall, 2))  (\(c.gold) chunks)"
        }
        return [first] + types
    }
}

/// What `lstm train tag` reports: the data, training, and the test scores of the best checkpoint (chosen on
/// the validation score) and of the last one.
public struct TagTrainingReport: TaskTrainingReport {
    public var task = TagTask.name
    public var data: String
    public var summary: String
    public var parameterCount: Int
    public var training: TrainingOutcome
    public var best: TagScores
    public var last: TagScores

    public var lines: [String] {
        var lines: [String] = []
        if let v = training.bestValue {
            lines.append("best \(training.monitor) \(fixed(100 * v, 2)) at step \(training.bestStep ?? 0) of " +
                         "\(training.steps)" + (training.stoppedEarly ? " (stopped early)" : ""))
        }
        lines += best.lines(title: "test, best checkpoint")
        lines += [last.lines(title: "test, last checkpoint")[0]]
        lines.append("training \(fixed(training.seconds, 1)) s; recurrent kernel: \(training.implementation); " +
                     "checkpoints: \(training.best), \(training.last)")
        return lines
    }
}

/// What `lstm evaluate` reports for a tagger checkpoint.
public struct TagEvaluationReport: TaskReport {
    public var task = TagTask.name
    public var checkpoint: String
    public var data: String
    public var test: TagScores
    public var lines: [String] { ["\(checkpoint) on \(data)"] + test.lines(title: "test") }
}

/// What `lstm tag` reports: each word with its tag.
public struct TagPredictions: TaskReport {
    public var checkpoint: String
    public var words: [TaggedWord]

    public init(checkpoint: String, words: [TaggedWord]) {
        self.checkpoint = checkpoint
        self.words = words
    }

    /// One line per word: "word  TAG", unknown words marked.
    public var lines: [String] {
        let width = min(24, words.map(\.word.count).max() ?? 0)
        return words.map { w in
            w.word.padding(toLength: max(width, w.word.count), withPad: " ", startingAt: 0) + "  " + w.tag +
                (w.known ? "" : "   (unknown word)")
        }
    }
}
