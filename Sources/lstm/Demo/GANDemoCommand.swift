import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

extension GANDemo.DataKind: ExpressibleByArgument {}

/// `lstm demo gan`: a recurrent GAN (C-RNN-GAN style) on the sine toy or sunspot windows, scored post hoc.
struct GANDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gan",
        abstract: "Train a recurrent GAN (LSTM generator fed noise per step, BiLSTM discriminator) and score its samples.",
        discussion: """
            --data sines: TimeGAN's toy (5 features, each a sine of its own frequency and phase, 24 steps); \
            --data sunspots: windows of 24 months of the committed monthly sunspot numbers (first 80% of the \
            months train, last 20% held out). Prints the training curve (losses and the discriminator's mean \
            output on real and generated sequences), the discriminative score (a post-hoc GRU classifier's \
            held-out accuracy separating real from generated: 50% is ideal), the predictive score (next-step \
            MAE on real held-out sequences of a predictor trained on generated ones, next to the same predictor \
            trained on real ones) and a few samples. See docs/gan.md.
              lstm demo gan --data sines
              lstm demo gan --data sunspots
            """
    )

    @Option(help: "The sequences: sines or sunspots.") var data: GANDemo.DataKind = .sines
    @Option(help: "sunspots: the monthly CSV (default: the committed Data/sunspots/sunspot.month.csv).") var file: String?
    @Option(parsing: .unconditional, help: "GAN training steps (one D and one G step each).") var steps = 2000
    @Option(parsing: .unconditional, help: "Sequences per batch.") var batchSize = 64
    @Option(parsing: .unconditional, help: "Hidden size H of generator and discriminator.") var hiddenSize = 32
    @Option(parsing: .unconditional, help: "Noise values per step Z.") var noiseSize = 8
    @Option(parsing: .unconditional, help: "Adam learning rate of both (beta1 0.5).") var learningRate = 1e-3
    @Option(parsing: .unconditional, help: "Training steps of each post-hoc scoring network.") var scoreSteps = 1000
    @OptionGroup var common: CommonOptions

    func run() throws {
        try checkDemoOptions(counts: [("--steps", steps), ("--batch-size", batchSize), ("--hidden-size", hiddenSize),
                                      ("--noise-size", noiseSize), ("--score-steps", scoreSteps)], learningRate: learningRate)
        for (name, value, limit) in [("--steps", steps, 1_000_000), ("--batch-size", batchSize, 4096),
                                     ("--hidden-size", hiddenSize, 1024), ("--noise-size", noiseSize, 1024),
                                     ("--score-steps", scoreSteps, 1_000_000)] where value > limit {
            throw CLIError("\(name) must be at most \(limit), got \(value)")
        }
        if file != nil && data != .sunspots { throw CLIError("--file applies to --data sunspots only") }
        var settings = RecurrentGANTraining.Settings()
        (settings.steps, settings.batchSize, settings.hiddenSize) = (steps, batchSize, hiddenSize)
        (settings.noiseSize, settings.learningRate, settings.seed) = (noiseSize, learningRate, common.seed ?? 0)
        settings.every = Swift.max(1, steps / 10)
        let console = common.console
        let report = try CLIError.wrapping {
            try GANDemo.run(data, path: file, settings: settings, scoreSteps: scoreSteps) { p in
                console.say("step \(p.step)  D loss \(fixed(p.discriminatorLoss, 4))  G loss \(fixed(p.generatorLoss, 4))")
            }
        }
        try console.report(report)
    }
}
