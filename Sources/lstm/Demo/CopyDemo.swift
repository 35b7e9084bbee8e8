import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct CopyDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Train a recurrent network on the copy task (remember 10 symbols across --length blanks).",
        discussion: """
            Each sequence: --symbols symbols from an alphabet of 8, then --length - 1 blanks, a \
            delimiter and --symbols blanks, during which the network must output the symbols in \
            order (L = length + 2 * symbols steps). The loss is the cross-entropy over all steps.

            A network without memory can at best output blanks and then guess, which costs \
            symbols * ln 8 / L (0.173 at length 100) and gets 12.5% of the recalled symbols \
            right: a loss below that baseline means the network remembers.
            """
    )

    @Option(help: "Recurrent model: rnn, gru or lstm.") var model: AddingProblem.Model = .lstm
    @Option(parsing: .unconditional, help: "The gap T: blanks between the symbols and the recall (delimiter included).")
    var length: Int = 100
    @Option(parsing: .unconditional, help: "Number of symbols to copy.") var symbols: Int = 10
    @Option(parsing: .unconditional, help: "Training iterations (one fresh batch each).") var iterations: Int = 3000
    @Option(parsing: .unconditional, help: "Hidden size H.") var hiddenSize: Int = 128
    @Option(parsing: .unconditional, help: "Batch size.") var batchSize: Int = 32
    @Option(parsing: .unconditional, help: "Adam learning rate.") var learningRate: Double = 0.002
    @Option(parsing: .unconditional, help: "Clip the gradient norm of each step at this value.")
    var clipNorm: Double = 1
    @Option(parsing: .unconditional, help: "Print a progress line every this many iterations.")
    var reportEvery: Int = 250
    @OptionGroup var common: CommonOptions

    func validateNumbers() throws {
        try checkDemoOptions(counts: [("--length", length), ("--symbols", symbols), ("--iterations", iterations),
                                      ("--hidden-size", hiddenSize), ("--batch-size", batchSize),
                                      ("--report-every", reportEvery)],
                             learningRate: learningRate, clipNorm: clipNorm)
    }

    func run() throws {
        try validateNumbers()
        let console = common.console
        let seed = common.seed ?? 0
        let baseline = CopyTask.baselineLoss(gap: length, symbols: symbols)
        let steps = CopyTask.length(gap: length, symbols: symbols)
        console.say("Copy task: \(symbols) symbols of 8, gap \(length), \(steps) steps; \(model.rawValue.uppercased()) " +
                    "H = \(hiddenSize), Adam \(learningRate), clip \(clipNorm), \(iterations) iterations of " +
                    "\(batchSize), seed \(seed)")
        console.say("baseline (blanks, then guess): cross-entropy \(symbols) * ln 8 / \(steps) = \(fixed(baseline, 4))")
        let result = CopyTask.train(
            model: model, gap: length, symbols: symbols, iterations: iterations, hiddenSize: hiddenSize,
            batchSize: batchSize, learningRate: learningRate, maxGradientNorm: clipNorm, seed: seed,
            reportEvery: reportEvery
        ) { s in
            console.say("iteration \(pad(s.iteration, 6))  train loss \(fixed(s.trainLoss, 4))  " +
                        "(\(fixed(s.trainLoss / baseline, 2)) x baseline)")
        }
        let t = result.test
        console.say("test loss \(fixed(t.loss, 4)) (baseline \(fixed(baseline, 4)), \(fixed(t.loss / baseline, 3)) x); " +
                    "recall loss \(fixed(t.recallLoss, 3)) (guessing: ln 8 = \(fixed(CopyTask.baselineRecallLoss, 3)))")
        console.say("recalled symbols right \(fixed(100 * t.recallAccuracy, 1))% (guessing: 12.5%), " +
                    "sequences perfect \(fixed(100 * t.sequenceAccuracy, 1))%, in \(fixed(result.seconds, 1)) s")
        let verdict = t.loss < 0.1 * baseline ? "learned to copy"
            : t.loss < 0.97 * baseline ? "got below the baseline: it remembers part of the symbols"
            : "did not get below the baseline"
        console.say("\(model.rawValue.uppercased()) \(verdict)")
        if common.json {
            struct Report: Encodable {
                var task = "copy", model: AddingProblem.Model, length, symbols, iterations, hiddenSize: Int
                var learningRate: Double, seed: UInt64, baselineLoss: Double, test: CopyTask.Evaluation, seconds: Double
            }
            try console.emit(Report(model: model, length: length, symbols: symbols, iterations: iterations,
                                    hiddenSize: hiddenSize, learningRate: learningRate, seed: seed,
                                    baselineLoss: baseline, test: t, seconds: result.seconds))
        }
    }
}
