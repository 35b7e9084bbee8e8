import ArgumentParser
import LSTMKit
import LSTMKitApps

/// `lstm train nextframe`: a ConvLSTM predicting the next 10 frames of Moving MNIST.
struct TrainNextFrameCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "nextframe",
        abstract: "Train a ConvLSTM to predict the next frames of Moving MNIST (two digits bouncing in 64x64).",
        discussion: """
            The sequences are generated from the committed MNIST-5k digits (a fresh training \
            set every epoch; fixed validation and test sets, each from its own digits). The \
            model is trained teacher-forced (each frame from the frames before it; with scheduled \
            sampling, an output frame's input is sometimes its own previous prediction), then reads \
            --input-frames frames and predicts --output-frames, feeding back its own \
            predictions; scores are the MSE per frame (the sum of squared pixel errors of a \
            64x64 frame in [0, 1]) next to the copy-last-frame and blank-frame baselines. PGM strips of test \
            sequences (truth / prediction / copy last) go next to the checkpoints.
            Defaults: ConvLSTM 32-32 channels, kernel 3, on 16x16 (4x4 blocks as channels), \
            256 sequences per epoch, 24 epochs, batch 8, Adam 0.002 with a cosine decay, clip 1.
              lstm train nextframe --output runs/nextframe
              lstm evaluate runs/nextframe
            See docs/convlstm.md.
            """
    )

    @Option(help: "The MNIST file the digits come from (default: the committed MNIST-5k).") var data: String?
    @Option(parsing: .unconditional, help: "Frames the model reads (default 10).") var inputFrames: Int?
    @Option(parsing: .unconditional, help: "Frames it predicts (default 10).") var outputFrames: Int?
    @Option(parsing: .unconditional, help: "p: p x p pixel blocks become channels; must divide 64 (default 4).")
    var patchSize: Int?
    @Option(help: "Channels of every ConvLSTM layer, comma-separated, bottom first (default 32,32).")
    var hiddenChannels: String?
    @Option(parsing: .unconditional, help: "ConvLSTM kernel size, odd (default 3).") var kernelSize: Int?
    @Option(parsing: .unconditional, help: "New training sequences per epoch (default 256).") var trainSequences: Int?
    @Option(parsing: .unconditional, help: "Validation sequences (default 128).") var validationSequences: Int?
    @Option(parsing: .unconditional, help: "Test sequences (default 512).") var testSequences: Int?
    @Option(parsing: .unconditional, help: "Scheduled sampling: the largest probability of feeding an output frame's own prediction in training, reached by the last of --epochs (default 0.5; 0: teacher forcing).")
    var scheduledSampling: Double?
    @Option(parsing: .unconditional, help: "Test sequences written as PGM strips (default 4).") var strips: Int?
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = NextFrameTask

    var defaults: NextFrameConfig { NextFrameConfig() }

    func apply(to c: inout NextFrameConfig) throws {
        if let data { c.data = data }
        if let inputFrames { c.inputFrames = inputFrames }
        if let outputFrames { c.outputFrames = outputFrames }
        if let patchSize { c.patchSize = patchSize }
        if let hiddenChannels {
            c.hiddenChannels = try hiddenChannels.split(separator: ",", omittingEmptySubsequences: false).map { part in
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)) else {
                    throw CLIError("--hidden-channels: '\(part)' is not a whole number (give e.g. 32,32)")
                }
                return n
            }
        }
        if let kernelSize { c.kernelSize = kernelSize }
        if let trainSequences { c.trainSequences = trainSequences }
        if let validationSequences { c.validationSequences = validationSequences }
        if let testSequences { c.testSequences = testSequences }
        if let scheduledSampling { c.scheduledSampling = scheduledSampling }
        if let strips { c.strips = strips }
    }
}
