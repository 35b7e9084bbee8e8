/// What happened during training: the loss of every step and the results of every evaluation.
/// `Trainer.history` after `fit` holds the training and validation curves; checkpoints store it, so a
/// resumed run continues the same curves.
public struct TrainingHistory: Codable, Sendable, Equatable {
    /// One optimizer step.
    public struct Step: Codable, Sendable, Equatable {
        /// Steps done after this one (1 for the first step).
        public var step: Int
        /// The epoch this step belongs to (0-based).
        public var epoch: Int
        /// The batch loss before the update (without L1/L2 penalties).
        public var loss: Double
        /// The global gradient norm before clipping (nil for a step skipped because it was not finite).
        public var gradientNorm: Double?
        /// The learning rate the update used.
        public var learningRate: Double

        public init(step: Int, epoch: Int, loss: Double, gradientNorm: Double?, learningRate: Double) {
            self.step = step
            self.epoch = epoch
            self.loss = loss
            self.gradientNorm = gradientNorm
            self.learningRate = learningRate
        }
    }

    /// One evaluation: after every epoch, or every `TrainingBudget.evaluateEvery` steps, and at the end.
    public struct Evaluation: Codable, Sendable, Equatable {
        /// Steps done when it ran.
        public var step: Int
        /// Complete epochs done when it ran (an evaluation at the end of epoch 0 has `epoch` 1).
        public var epoch: Int
        /// Steps done in the epoch in progress (0 at the end of an epoch).
        public var stepInEpoch: Int = 0
        /// The mean training loss of the steps since the previous evaluation (NaN when there were none).
        public var trainLoss: Double
        /// The validation loss (nil without validation data).
        public var validationLoss: Double?
        /// Validation metrics by name (e.g. "accuracy").
        public var metrics: [String: Double]
        /// The learning rate of the last step before it.
        public var learningRate: Double
        /// Training seconds since the start of the run (across resumes).
        public var seconds: Double

        public init(step: Int, epoch: Int, stepInEpoch: Int = 0, trainLoss: Double, validationLoss: Double?,
                    metrics: [String: Double], learningRate: Double, seconds: Double) {
            self.step = step
            self.epoch = epoch
            self.stepInEpoch = stepInEpoch
            self.trainLoss = trainLoss
            self.validationLoss = validationLoss
            self.metrics = metrics
            self.learningRate = learningRate
            self.seconds = seconds
        }
    }

    public var steps: [Step] = []
    public var evaluations: [Evaluation] = []
    /// Steps whose loss or gradient was not finite and that were skipped (`NonFinitePolicy.skip`).
    public var skippedSteps: Int = 0

    public init() {}

    /// The training-loss curve, one value per evaluation.
    public var trainLossCurve: [Double] { evaluations.map(\.trainLoss) }
    /// The validation-loss curve, one value per evaluation (evaluations without validation are skipped).
    public var validationLossCurve: [Double] { evaluations.compactMap(\.validationLoss) }
}
