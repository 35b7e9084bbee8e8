import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

extension GridParity.Model: ExpressibleByArgument {}

struct GridParityDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid-parity",
        abstract: "k-bit parity: a tied 1-D Grid LSTM along depth against a stacked LSTM of the same depth and size.",
        discussion: """
            Each network sees the k bits at once and must output their parity (Kalchbrenner et al. 2015, \
            section 4.1). The grid carries LSTM memory from layer to layer; the stacked LSTM of the same depth \
            reads the bits as a one-step sequence, so it has LSTM cells but no memory along depth; its width is \
            chosen for the closest parameter count. A network "solves" k when its accuracy on 1000 held-out \
            strings reaches 99% within --steps. The demo stops trying larger k for a model once it fails. \
            See docs/grid-lstm.md.
            """
    )

    @Option(parsing: .unconditional, help: "Comma-separated string lengths k, in increasing order.")
    var bits = "4,8,12,16"
    @Option(parsing: .unconditional, help: "Comma-separated models: grid, stacked.") var models = "grid,stacked"
    @Option(parsing: .unconditional, help: "The grid's hidden size H.") var hiddenSize = 64
    @Option(parsing: .unconditional, help: "Depth L of both networks.") var layers = 10
    @Option(parsing: .unconditional, help: "Training steps per (model, k) at most.") var steps = 6000
    @Option(parsing: .unconditional, help: "Strings per training batch.") var batchSize = 64
    @Option(parsing: .unconditional, help: "Adam learning rate.") var learningRate = 0.003
    @OptionGroup var common: CommonOptions

    func run() throws {
        try checkDemoOptions(counts: [("--hidden-size", hiddenSize), ("--layers", layers), ("--steps", steps),
                                      ("--batch-size", batchSize)], learningRate: learningRate)
        try checkGridDemoSizes(hiddenSize: hiddenSize, layers: layers, batchSize: batchSize)
        let ks = try bits.split(separator: ",").map { part -> Int in
            guard let k = Int(part.trimmingCharacters(in: .whitespaces)), (1...4096).contains(k) else {
                throw CLIError("--bits: '\(part)' is not a length in 1...4096")
            }
            return k
        }
        if ks.isEmpty || ks != ks.sorted() { throw CLIError("--bits must list increasing lengths, got '\(bits)'") }
        let chosen = try models.split(separator: ",").map { part -> GridParity.Model in
            guard let m = GridParity.Model(rawValue: String(part)) else {
                throw CLIError("--models: unknown model '\(part)'; choose grid or stacked")
            }
            return m
        }
        let console = common.console, seed = common.seed ?? 0
        var results: [GridParity.Result] = []
        for model in chosen {
            for k in ks {
                let r = GridParity.train(model: model, bits: k, hiddenSize: hiddenSize, layerCount: layers,
                                         steps: steps, batchSize: batchSize, learningRate: learningRate,
                                         seed: seed) { step, loss, accuracy in
                    if step % 500 == 0 {
                        console.say("  \(model.rawValue) k=\(k) step \(step)  loss \(fixed(loss, 4))  held-out " +
                                    "accuracy \(fixed(accuracy * 100, 1))%")
                    }
                }
                results.append(r)
                let verdict = r.solvedAtStep.map { "solved at step \($0)" } ?? "not solved in \(r.steps) steps"
                console.say("\(model.rawValue) k=\(k): H \(r.hiddenSize), \(r.parameterCount) parameters, held-out " +
                            "accuracy \(fixed(r.testAccuracy * 100, 1))%, \(verdict) (\(fixed(r.seconds, 1)) s)")
                if r.solvedAtStep == nil { break }
            }
        }
        for model in chosen {
            let solved = results.filter { $0.model == model && $0.solvedAtStep != nil }.map(\.bits).max()
            console.say("largest k solved by \(model.rawValue): \(solved.map(String.init) ?? "none")")
        }
        if common.json {
            struct Report: Encodable {
                var task = "grid-parity", seed: UInt64, layers: Int, steps: Int, results: [GridParity.Result]
            }
            try console.emit(Report(seed: seed, layers: layers, steps: steps, results: results))
        }
    }
}
