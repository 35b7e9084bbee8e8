import Foundation
import LSTMKit

/// `lstm demo gan`: a recurrent GAN trained on the sine toy or on sunspot windows, then scored post hoc
/// (`GANScores`) and sampled. Each real set is split in two: the GAN and the train-on-real predictor see the
/// training part; the scores use the held-out part.
public enum GANDemo {
    public enum DataKind: String, Codable, CaseIterable, Sendable {
        /// TimeGAN's sines: 5 features of 24 steps, 2000 training and 500 held-out sequences.
        case sines
        /// Monthly sunspot numbers 1749-2013 (committed), windows of 24 months scaled to [0, 1]: windows of
        /// the first 80% of the months train, those of the last 20% are held out.
        case sunspots
    }

    public static let sunspotsPath = "Data/sunspots/sunspot.month.csv"

    public struct Report: TaskReport {
        public var task = "gan"
        public var data: String
        public var settings: RecurrentGANTraining.Settings
        public var trainSequences: Int
        public var heldOutSequences: Int
        public var curve: [RecurrentGANTraining.CurvePoint]
        public var seconds: Double
        /// Held-out accuracy of a classifier separating real from generated (50% is ideal).
        public var discriminativeScore: Double
        /// MAE on real held-out sequences of a next-step predictor trained on generated ones.
        public var predictiveScore: Double
        /// The same predictor trained on the real training part.
        public var predictiveScoreReal: Double
        /// Feature 0 of the first three generated sequences and of three held-out real ones (the first, one a
        /// third in and one two thirds in).
        public var generatedSamples: [[Float]]
        public var realSamples: [[Float]]

        public var lines: [String] {
            var lines = ["\(data): \(trainSequences) training, \(heldOutSequences) held-out sequences; GAN trained " +
                         "\(settings.steps) steps in \(fixed(seconds, 1)) s",
                         "  step   D loss   G loss   D(real)  D(fake)"]
            lines += curve.map { p in
                String(format: "%6d  %7.4f  %7.4f  %7.3f  %7.3f", p.step, p.discriminatorLoss, p.generatorLoss,
                       p.realScore, p.fakeScore)
            }
            lines.append("discriminative score (held-out accuracy of a post-hoc GRU classifier, 50% ideal): " +
                         "\(fixed(100 * discriminativeScore, 1))%")
            lines.append("predictive score (next-step MAE on real held-out): trained on generated \(fixed(predictiveScore, 4)), " +
                         "trained on real \(fixed(predictiveScoreReal, 4))")
            func row(_ v: [Float]) -> String { v.map { String(format: "%.2f", $0) }.joined(separator: " ") }
            lines += generatedSamples.map { "generated: " + row($0) }
            lines += realSamples.map { "real:      " + row($0) }
            return lines
        }
    }

    public static func run(_ kind: DataKind, path: String? = nil, settings: RecurrentGANTraining.Settings,
                           scoreSteps: Int = 1000, progress: (RecurrentGANTraining.CurvePoint) -> Void = { _ in }) throws -> Report {
        let (train, heldOut, name) = try data(kind, path: path, seed: settings.seed)
        let result = RecurrentGANTraining.train(train, settings: settings, progress: progress)
        let generated = RecurrentGANTraining.generate(result.generator, count: Swift.max(train.sequences.count, heldOut.sequences.count),
                                                      steps: train.steps, seed: settings.seed &+ 17)
        let discriminative = GANScores.discriminative(real: heldOut, generated: generated, steps: scoreSteps,
                                                      seed: settings.seed &+ 1)
        let tstr = GANScores.predictive(train: generated, test: heldOut, steps: scoreSteps, seed: settings.seed &+ 2)
        let trtr = GANScores.predictive(train: train, test: heldOut, steps: scoreSteps, seed: settings.seed &+ 2)
        func feature0(_ s: [Float], _ d: Int) -> [Float] { stride(from: 0, to: s.count, by: d).map { s[$0] } }
        return Report(data: name, settings: settings, trainSequences: train.sequences.count,
                      heldOutSequences: heldOut.sequences.count, curve: result.curve, seconds: result.seconds,
                      discriminativeScore: discriminative, predictiveScore: tstr, predictiveScoreReal: trtr,
                      generatedSamples: generated.sequences.prefix(3).map { feature0($0, train.features) },
                      realSamples: [0, heldOut.sequences.count / 3, 2 * heldOut.sequences.count / 3].map {
                          feature0(heldOut.sequences[$0], train.features)
                      })
    }

    /// The training and held-out sets of `kind`.
    static func data(_ kind: DataKind, path: String?, seed: UInt64) throws -> (GANSequences, GANSequences, String) {
        switch kind {
        case .sines:
            return (GANSequences.sines(count: 2000, seed: seed &+ 100), GANSequences.sines(count: 500, seed: seed &+ 101),
                    "sines (5 features, 24 steps)")
        case .sunspots:
            let file = path ?? sunspotsPath
            let series = try describingErrors("reading \(file)") {
                try TimeSeries(csv: URL(fileURLWithPath: file), columns: ["sunspot.month"])
            }
            let values = series.values, cut = values.count * 4 / 5
            if values.count - cut < 25 { throw TaskError("\(file): \(values.count) values are too few: the last 20% must hold two windows of 24 (at least 125 values)") }
            // One scaling for both parts: the training part's range (held-out values outside it stay outside [0, 1]).
            let lo = values[..<cut].min()!, hi = values[..<cut].max()!
            let scaled = values.map { ($0 - lo) / Swift.max(hi - lo, 1e-9) }
            return (GANSequences.windows(of: Array(scaled[..<cut]), steps: 24),
                    GANSequences.windows(of: Array(scaled[cut...]), steps: 24), "sunspots (monthly, windows of 24 months)")
        }
    }
}
