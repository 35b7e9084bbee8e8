import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct VanishingGradientDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanishing-gradient",
        abstract: "Train an RNN, a GRU and an LSTM side by side on the adding problem and watch the gradient reach step 1.",
        discussion: """
            All models see the same batches (--seed) and use the same settings. Every \
            --report-every iterations each prints its mean training MSE and |dL/dx[1]|, the norm \
            of the gradient of the loss (computed after the last step T) with respect to the \
            input at step 1, measured on 32 held-out sequences, next to |dL/dx[T]| for the last \
            step.

            A plain RNN's |dL/dx[1]| is many orders of magnitude smaller: the first marked value \
            cannot teach it anything, and its test MSE stays at the 0.167 baseline of always \
            predicting the mean. The LSTM's cell path keeps the gradient alive.

            The same seed prints the same numbers on the same kind of CPU; on another kind the \
            plain RNN's lines drift apart after a few hundred iterations (docs/apps/long-memory.md).
            """
    )

    @Option(parsing: .unconditional, help: "Sequence length T.") var length: Int = 100
    @Option(parsing: .unconditional, help: "Training iterations per model (one fresh batch each).")
    var iterations: Int = 2000
    @Option(help: "Models to train, comma-separated, in order (default: rnn,gru,lstm).", transform: ModelList.parse)
    var models = ModelList(AddingProblem.Model.allCases)
    @Option(parsing: .unconditional, help: "Hidden size H.") var hiddenSize: Int = 32
    @Option(parsing: .unconditional, help: "Batch size.") var batchSize: Int = 32
    @Option(parsing: .unconditional, help: "Adam learning rate.") var learningRate: Double = 0.01
    @Option(parsing: .unconditional, help: "Clip the gradient norm of each step at this value.")
    var clipNorm: Double = 1
    @Option(parsing: .unconditional, help: "Print a progress line every this many iterations.")
    var reportEvery: Int = 250
    @Option(help: "Write an HTML page (FILE.html) charting |dL/dx[t]| for every step t, at initialization and after training, on a log scale.")
    var report: String?
    @OptionGroup var common: CommonOptions

    func validateNumbers() throws {
        guard length >= 2 else { throw CLIError("--length must be at least 2, got \(length)") }
        try checkDemoOptions(counts: [("--iterations", iterations), ("--hidden-size", hiddenSize),
                                      ("--batch-size", batchSize), ("--report-every", reportEvery)],
                             learningRate: learningRate, clipNorm: clipNorm)
    }

    func run() throws {
        try validateNumbers()
        let chosen = models.models
        let console = common.console
        let seed = common.seed ?? 0
        let baseline = AddingProblem.baselineMSE
        console.say("Adding problem, T = \(length): \(chosen.map { $0.rawValue.uppercased() }.joined(separator: ", ")), " +
                    "H = \(hiddenSize), Adam \(learningRate), clip \(clipNorm), \(iterations) iterations " +
                    "of \(batchSize), seed \(seed)")
        console.say("|dL/dx1| = norm of dLoss/dx[1], the gradient reaching step 1 from the loss after step \(length)")
        console.say("baseline: always predicting the mean gives MSE \(fixed(baseline, 3))")
        var results: [VanishingGradientDemo.ModelResult] = []
        for model in chosen {
            console.say("")
            let name = model.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0)
            let result = VanishingGradientDemo.train(
                model: model, steps: length, iterations: iterations, hiddenSize: hiddenSize, batchSize: batchSize,
                learningRate: learningRate, maxGradientNorm: clipNorm, snapshotEvery: reportEvery,
                seed: seed
            ) { s in
                let mse = s.trainMSE.map { "train MSE \(fixed($0, 4))" } ?? "(initial)       "
                console.say("\(name) iter \(pad(s.iteration, 6))  \(mse)  |dL/dx1| \(sci(s.firstStepGradientNorm))" +
                            "  |dL/dx\(length)| \(sci(s.lastStepGradientNorm))  ratio \(sci(s.ratio))")
            }
            console.say("\(name) test MSE \(fixed(result.testMSE, 4)) (baseline \(fixed(baseline, 3))) " +
                        "in \(fixed(result.seconds, 1)) s")
            results.append(result)
        }
        console.say("")
        console.say("model  test MSE  / baseline  |dL/dx1| start -> end   ratio start -> end   time")
        for r in results {
            let first = r.snapshots.first!, last = r.snapshots.last!
            console.say(r.model.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0) +
                        "  \(fixed(r.testMSE, 4))    \(fixed(r.testMSE / baseline, 3))" +
                        "     \(sci(first.firstStepGradientNorm)) -> \(sci(last.firstStepGradientNorm))" +
                        "   \(sci(first.ratio)) -> \(sci(last.ratio))  \(fixed(r.seconds, 0)) s")
        }
        for r in results {
            let verdict = r.testMSE < 0.01 ? "learned the task (test MSE < 0.01)"
                : r.testMSE < 0.5 * baseline ? "is learning (below half the baseline)"
                : "stayed near the baseline: it did not learn to remember"
            console.say("\(r.model.rawValue.uppercased()) \(verdict)")
        }
        if let report {
            let html = VanishingGradientDemo.reportHTML(
                results, length: length, settings: "H = \(hiddenSize), Adam \(learningRate), clip \(clipNorm), " +
                    "\(iterations) iterations of \(batchSize), seed \(seed)")
            do { try Data(html.utf8).write(to: URL(fileURLWithPath: report), options: .atomic) } catch {
                throw CLIError("cannot write --report \(report) (\(error.localizedDescription))")
            }
            console.say("wrote \(report)")
        }
        if common.json {
            struct Report: Encodable {
                var task = "vanishing-gradient", length, iterations, hiddenSize, batchSize: Int
                var learningRate, clipNorm: Double, seed: UInt64, baselineMSE: Double
                var models: [VanishingGradientDemo.ModelResult]
            }
            try console.emit(Report(length: length, iterations: iterations, hiddenSize: hiddenSize,
                                    batchSize: batchSize, learningRate: learningRate, clipNorm: clipNorm,
                                    seed: seed, baselineMSE: baseline, models: results))
        }
    }
}

/// `--models rnn,gru,lstm`: recurrent models in the order given, each once.
struct ModelList: ExpressibleByArgument, Equatable {
    var models: [AddingProblem.Model]

    init(_ models: [AddingProblem.Model]) { self.models = models }

    init?(argument: String) {
        guard let list = try? Self.parse(argument) else { return nil }
        self = list
    }

    /// The list in `text`, or an error naming the unknown model.
    static func parse(_ text: String) throws -> ModelList {
        var models: [AddingProblem.Model] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let model = AddingProblem.Model(rawValue: name) else {
                throw CLIError("unknown model '\(name)'; choose from \(allNames), comma-separated")
            }
            if !models.contains(model) { models.append(model) }
        }
        if models.isEmpty { throw CLIError("no model given; choose from \(allNames), comma-separated") }
        return ModelList(models)
    }

    static let allNames = AddingProblem.Model.allCases.map(\.rawValue).joined(separator: ", ")

    var defaultValueDescription: String { models.map(\.rawValue).joined(separator: ",") }
}

/// `x` right-aligned in `width` columns.
func pad(_ x: Int, _ width: Int) -> String {
    let s = String(x)
    return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
}

/// Scientific notation with 1 decimal: 3.4e-07.
func sci(_ x: Double) -> String { String(format: "%.1e", x) }
