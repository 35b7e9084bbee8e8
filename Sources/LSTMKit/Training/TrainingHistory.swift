/// What happened during training: the loss of every step and the mean losses and metrics of every epoch.
/// `Trainer.history` after `fit` holds the training and validation curves.
public struct TrainingHistory: Codable, Sendable, Equatable {
    /// One optimizer step.
    public struct Step: Codable, Sendable, Equatable {
        public var step: Int
        public var epoch: Int
        public var loss: Double
        /// The global gradient norm before clipping (nil when not computed).
        public var gradientNorm: Double?
        public var learningRate: Double
    }

    /// One epoch.
    public struct Epoch: Codable, Sendable, Equatable {
        public var epoch: Int
        /// The mean training loss over the epoch's steps.
        public var trainLoss: Double
        /// The mean validation loss (nil without validation data).
        public var validationLoss: Double?
        /// Extra validation metrics by name (e.g. "accuracy").
        public var metrics: [String: Double]
        /// Steps completed at the end of this epoch.
        public var step: Int
        public var seconds: Double
    }

    public var steps: [Step] = []
    public var epochs: [Epoch] = []

    public init() {}

    /// The training-loss curve, one value per epoch.
    public var trainLossCurve: [Double] { epochs.map(\.trainLoss) }
    /// The validation-loss curve, one value per epoch (epochs without validation are skipped).
    public var validationLossCurve: [Double] { epochs.compactMap(\.validationLoss) }
}
