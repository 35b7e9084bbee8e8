import Foundation
import LSTMKit

/// Everything `lstm train nextframe` trains with. Stored in every checkpoint the task writes.
public struct NextFrameConfig: TaskConfig {
    /// The MNIST digits the sequences are made of (the committed MNIST-5k file by default); the training
    /// sequences use the digits of its training part, validation and test sequences those of its own parts.
    public var data: String? = MNISTDataset.defaultPath
    /// Frames the model reads, then frames it predicts (feeding back its own predictions).
    public var inputFrames = 10
    public var outputFrames = 10
    /// Each frame's p x p pixel blocks become p^2 channels (64x64x1 -> 16x16x16 for p = 4), so the ConvLSTM
    /// runs on a 64/p grid; p must divide 64.
    public var patchSize = 4
    /// Channels of every ConvLSTM layer, bottom first.
    public var hiddenChannels = [32, 32]
    /// The ConvLSTM kernel size k (odd).
    public var kernelSize = 3
    /// New training sequences per epoch (a fresh seed every epoch).
    public var trainSequences = 256
    public var validationSequences = 128
    public var testSequences = 512
    /// Scheduled sampling (Bengio et al. 2015): the largest probability that an output frame's input in training
    /// is the model's own prediction instead of the true frame, rising linearly from 0 in the first epoch to
    /// this value in the last (0: pure teacher forcing). A budget without epochs (steps or minutes only)
    /// reaches it from the second epoch on.
    public var scheduledSampling = 0.5
    /// Test sequences written as PGM strips (truth over prediction) next to the checkpoints.
    public var strips = 4
    public var training: TrainingConfig
    public var output = "runs/nextframe"

    public init() {
        training = TrainingConfig(learningRate: 2e-3, batchSize: 8, epochs: 24)
        training.clipNorm = 1
        training.schedule = .cosine
    }

    public var frameCount: Int { inputFrames + outputFrames }

    public func validate() throws {
        try training.validate()
        try Check.atLeast(inputFrames, 1, "inputFrames")
        try Check.atLeast(outputFrames, 1, "outputFrames")
        try Check.atMost(frameCount, 100, "inputFrames")
        try Check.atLeast(patchSize, 1, "patchSize")
        if MovingMNIST.canvas % patchSize != 0 {
            throw ConfigError("patchSize", "must divide the \(MovingMNIST.canvas)x\(MovingMNIST.canvas) frame, got \(patchSize)")
        }
        if hiddenChannels.isEmpty { throw ConfigError("hiddenChannels", "needs at least one layer") }
        for ch in hiddenChannels where !(1...512).contains(ch) {
            throw ConfigError("hiddenChannels", "every layer needs 1 to 512 channels, got \(ch)")
        }
        if !(1...15).contains(kernelSize) || kernelSize % 2 == 0 {
            throw ConfigError("kernelSize", "must be odd and in 1...15, got \(kernelSize)")
        }
        try Check.atLeast(trainSequences, 1, "trainSequences")
        try Check.atLeast(validationSequences, 1, "validationSequences")
        try Check.atLeast(testSequences, 1, "testSequences")
        try Check.atMost(trainSequences, 1_000_000, "trainSequences")
        try Check.atMost(testSequences, 100_000, "testSequences")
        if !(scheduledSampling >= 0 && scheduledSampling <= 1) {
            throw ConfigError("scheduledSampling", "must be in [0, 1], got \(scheduledSampling)")
        }
        if strips < 0 || strips > testSequences {
            throw ConfigError("strips", "must be in 0...\(testSequences) (the test sequences), got \(strips)")
        }
    }

    var modelConfig: NextFrameModel.Config {
        .init(patchSize: patchSize, hiddenChannels: hiddenChannels, kernelSize: kernelSize, inputFrames: inputFrames,
              outputFrames: outputFrames)
    }
}
