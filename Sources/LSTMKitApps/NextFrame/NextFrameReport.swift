import Foundation
import LSTMKit

/// Per-frame squared errors of the model and of the copy-last-frame baseline. "MSE per frame" is the sum of
/// the squared pixel errors of one 64x64 frame (pixels in [0, 1]), averaged over the sequences: the
/// convention of Srivastava et al. 2015 and Shi et al. 2015 for Moving MNIST.
public struct NextFrameScores: Codable, Equatable, Sendable {
    public var sequences: Int
    /// The mean binary cross-entropy per pixel of the predicted frames.
    public var crossEntropy: Double
    /// MSE per frame at each predicted step (1 = the first predicted frame).
    public var perFrame: [Double]
    public var copyLastPerFrame: [Double]
    /// The all-zero frame: the sum of the squared true pixels.
    public var blankPerFrame: [Double]
    public var msePerFrame: Double { perFrame.reduce(0, +) / Double(max(perFrame.count, 1)) }
    public var copyLastMSEPerFrame: Double { copyLastPerFrame.reduce(0, +) / Double(max(copyLastPerFrame.count, 1)) }
    public var blankMSEPerFrame: Double { blankPerFrame.reduce(0, +) / Double(max(blankPerFrame.count, 1)) }

    public func lines(title: String) -> [String] {
        let change = 100 * (msePerFrame / copyLastMSEPerFrame - 1)
        return ["\(title): MSE per frame \(fixed(msePerFrame, 2)) (copy last frame: \(fixed(copyLastMSEPerFrame, 2)), " +
         "\(fixed(Swift.abs(change), 1))% \(change <= 0 ? "lower" : "higher"); blank frame: \(fixed(blankMSEPerFrame, 2))), cross-entropy \(fixed(crossEntropy, 4)) per " +
         "pixel, \(sequences) sequences",
         "  step      " + perFrame.indices.map { String(format: "%7d", $0 + 1) }.joined(),
         "  ConvLSTM  " + perFrame.map { String(format: "%7.1f", $0) }.joined(),
         "  copy last " + copyLastPerFrame.map { String(format: "%7.1f", $0) }.joined(),
         "  blank     " + blankPerFrame.map { String(format: "%7.1f", $0) }.joined()]
    }

    enum CodingKeys: String, CodingKey { case sequences, crossEntropy, perFrame, copyLastPerFrame, blankPerFrame, msePerFrame, copyLastMSEPerFrame, blankMSEPerFrame }
    public init(sequences: Int, crossEntropy: Double, perFrame: [Double], copyLastPerFrame: [Double],
                blankPerFrame: [Double]) {
        (self.sequences, self.crossEntropy, self.perFrame) = (sequences, crossEntropy, perFrame)
        (self.copyLastPerFrame, self.blankPerFrame) = (copyLastPerFrame, blankPerFrame)
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequences = try c.decode(Int.self, forKey: .sequences)
        crossEntropy = try c.decode(Double.self, forKey: .crossEntropy)
        perFrame = try c.decode([Double].self, forKey: .perFrame)
        copyLastPerFrame = try c.decode([Double].self, forKey: .copyLastPerFrame)
        blankPerFrame = try c.decode([Double].self, forKey: .blankPerFrame)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequences, forKey: .sequences)
        try c.encode(crossEntropy, forKey: .crossEntropy)
        try c.encode(perFrame, forKey: .perFrame)
        try c.encode(copyLastPerFrame, forKey: .copyLastPerFrame)
        try c.encode(msePerFrame, forKey: .msePerFrame)
        try c.encode(copyLastMSEPerFrame, forKey: .copyLastMSEPerFrame)
        try c.encode(blankPerFrame, forKey: .blankPerFrame)
        try c.encode(blankMSEPerFrame, forKey: .blankMSEPerFrame)
    }
}

/// What `lstm train nextframe` reports.
public struct NextFrameTrainingReport: TaskTrainingReport {
    public var task = NextFrameTask.name
    public var data: String
    public var parameterCount: Int
    public var training: TrainingOutcome
    /// The best checkpoint on the test sequences.
    public var test: NextFrameScores
    /// The PGM strips written (truth, prediction, copy-last rows).
    public var strips: [String]

    public var lines: [String] {
        var lines: [String] = []
        if let v = training.bestValue {
            lines.append("best validation MSE per frame \(fixed(v, 2)) at step \(training.bestStep ?? 0) of \(training.steps)")
        }
        lines += test.lines(title: "test, best checkpoint")
        if !strips.isEmpty { lines.append("strips (truth / prediction / copy last): \(strips.joined(separator: ", "))") }
        lines.append("training \(fixed(training.seconds, 1)) s; checkpoints: \(training.best), \(training.last)")
        return lines
    }
}

/// What `lstm evaluate` reports for a nextframe checkpoint.
public struct NextFrameEvaluationReport: TaskReport {
    public var task = NextFrameTask.name
    public var checkpoint: String
    public var data: String
    public var test: NextFrameScores
    public var lines: [String] { test.lines(title: "test (\(checkpoint))") }
}
