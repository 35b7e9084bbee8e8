import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm demo output-layers`: the full, class-based and Huffman-tree softmax side by side on PTB.
struct OutputLayersDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "output-layers",
        abstract: "Train a word LM with the full, class-based and Huffman-tree softmax for the same budget and compare.",
        discussion: """
            Each output layer trains the same model (the small preset unless
            changed) for --steps steps (or --epochs) on --data DIR (ptb.train.txt,
            ptb.valid.txt, ptb.test.txt); then, on the first training batch, the
            output layer's forward + backward alone and a whole step's forward +
            backward are timed (medians of --repeats). Prints one row per layer:
            times, speed-ups over the full softmax, valid and test perplexity.
              lstm demo output-layers --data /path/to/ptb --steps 2000
            See docs/output-layers.md.
            """
    )

    @Option(help: "A folder with ptb.train.txt, ptb.valid.txt and ptb.test.txt.")
    var data: String
    @Option(parsing: .unconditional, help: "Training steps per output layer (default 1000).")
    var steps: Int?
    @Option(parsing: .unconditional, help: "Epochs per output layer (instead of --steps).")
    var epochs: Int?
    @Option(parsing: .unconditional, help: "LSTM state size H, and the embedding size (default 200).")
    var hiddenSize: Int?
    @Option(parsing: .unconditional, help: "Classes of the class-based softmax (default about sqrt(V)).")
    var classCount: Int?
    @Option(parsing: .unconditional, help: "Timing runs per measurement (the median is reported).")
    var repeats = 10
    @Option(help: "Where the three runs write their checkpoints.")
    var output = "runs/output-layers"
    @OptionGroup var common: CommonOptions

    func run() throws {
        var config = WordLMConfig.preset(.small)
        let folder = URL(fileURLWithPath: data)
        config.train = folder.appendingPathComponent("ptb.train.txt").path
        config.valid = folder.appendingPathComponent("ptb.valid.txt").path
        config.test = folder.appendingPathComponent("ptb.test.txt").path
        config.training.epochs = epochs
        config.training.steps = epochs == nil ? (steps ?? 1000) : steps
        if let hiddenSize { (config.model.hiddenSize, config.model.embeddingSize) = (hiddenSize, hiddenSize) }
        config.model.classCount = classCount
        config.training.seed = common.seed ?? 0
        config.output = output
        let console = common.console
        let report = try CLIError.wrapping {
            try WordLMTask.compareOutputLayers(config, repeats: repeats, observer: console.observer)
        }
        try console.report(report)
    }
}
