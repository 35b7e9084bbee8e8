import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct GridMNISTDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid-mnist",
        abstract: "Classify the committed MNIST-5k digits with a 2-D Grid LSTM over image patches.",
        discussion: """
            Each 28x28 image is cut into --patch HxW patches (the patch must divide 28 both ways), one grid \
            position per patch; blocks pass LSTM memory down, right and up through --layers depth layers, and \
            the top block at the last position feeds the classifier. --patch 1x28 reads the image row by row. \
            Reports the test accuracy at the epoch of the best validation accuracy (stratified 80/10/10 \
            split). See docs/grid-lstm.md.
            """
    )

    @Option(help: "Patch size HxW, e.g. 4x4 (a 7x7 grid) or 1x28 (rows).") var patch = "4x4"
    @Option(parsing: .unconditional, help: "Hidden size H of every block.") var hiddenSize = 32
    @Option(parsing: .unconditional, help: "Depth layers of 3-D blocks.") var layers = 1
    @Option(parsing: .unconditional, help: "Training epochs.") var epochs = 10
    @Option(parsing: .unconditional, help: "Images per batch.") var batchSize = 32
    @Option(parsing: .unconditional, help: "Adam learning rate.") var learningRate = 0.003
    @Option(help: "The MNIST file (default: the committed MNIST-5k).") var data: String?
    @OptionGroup var common: CommonOptions

    func run() throws {
        try checkDemoOptions(counts: [("--hidden-size", hiddenSize), ("--layers", layers), ("--epochs", epochs),
                                      ("--batch-size", batchSize)], learningRate: learningRate)
        try checkGridDemoSizes(hiddenSize: hiddenSize, layers: layers, batchSize: batchSize)
        let parts = patch.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let ph = Int(parts[0]), let pw = Int(parts[1]) else {
            throw CLIError("--patch: '\(patch)' is not HxW (e.g. 4x4)")
        }
        do { _ = try GridLSTM2D<Float>.gridShape(imageHeight: 28, imageWidth: 28, patchHeight: ph, patchWidth: pw) }
        catch { throw CLIError("--patch: \(error)") }
        var s = GridMNIST.Settings()
        (s.patchHeight, s.patchWidth, s.hiddenSize, s.layerCount) = (ph, pw, hiddenSize, layers)
        (s.epochs, s.batchSize, s.learningRate, s.seed) = (epochs, batchSize, learningRate, common.seed ?? 0)
        if let data { s.data = data }
        let console = common.console
        let r = try CLIError.wrapping {
            try GridMNIST.run(s) { epoch, loss, validation in
                console.say("epoch \(epoch)  loss \(fixed(loss, 4))  validation accuracy \(fixed(validation * 100, 2))%")
            }
        }
        console.say("Grid LSTM \(r.rows)x\(r.columns) grid of \(ph)x\(pw) patches, \(layers) depth layer(s), H \(hiddenSize), " +
                    "\(r.parameterCount) parameters: test accuracy \(fixed(r.testAccuracy * 100, 2))% (epoch \(r.bestEpoch), " +
                    "best validation) in \(fixed(r.seconds, 1)) s")
        if common.json {
            struct Report: Encodable { var task = "grid-mnist", patch: String, seed: UInt64, result: GridMNIST.Result }
            try console.emit(Report(patch: "\(ph)x\(pw)", seed: s.seed, result: r))
        }
    }
}

/// Upper bounds for the Grid LSTM demos, so a mistyped size is a one-line error instead of an allocation
/// failure (a block's weights grow with the square of H).
func checkGridDemoSizes(hiddenSize: Int, layers: Int, batchSize: Int) throws {
    for (option, value, limit) in [("--hidden-size", hiddenSize, 2048), ("--layers", layers, 200),
                                   ("--batch-size", batchSize, 4096)] where value > limit {
        throw CLIError("\(option) must be at most \(limit), got \(value)")
    }
}
