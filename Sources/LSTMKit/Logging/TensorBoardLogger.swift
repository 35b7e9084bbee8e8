import Foundation

/// Writes a run's progress as a TensorBoard event file in `directory` (`tensorboard --logdir DIR` shows it):
///
///     every `everySteps` steps   train/loss, train/gradient_norm, train/learning_rate
///     at every evaluation        evaluation/train_loss, evaluation/learning_rate,
///                                validation/loss, validation/<metric> (each metric the validation computes),
///                                histograms weights/<path> and gradients/<path> of every parameter
///                                (the gradients of the last step, after clipping)
///     when training begins       the `texts` given at init (a run's configuration), at the current step
///     `text(_:_:step:)`          anything else, e.g. samples a task draws
///
/// The file is flushed after every evaluation and when training ends, so a live TensorBoard follows the
/// run. A resumed run starts a new file in the same directory (TensorBoard reads a directory's files as one
/// run). A write error stops training with a one-line `TensorBoardError`.
public final class TensorBoardLogger: TrainingCallback {
    public let directory: URL
    /// Log the step scalars every n-th step (evaluations are always logged).
    public let everySteps: Int
    /// Whether evaluations write parameter and gradient histograms.
    public var histograms = true
    /// Text written when training begins (tag, markdown), e.g. the configuration.
    public let texts: [(tag: String, text: String)]
    public private(set) var writer: TensorBoardWriter?
    private let clock: () -> Double

    public init(directory: URL, everySteps: Int = 10, texts: [(tag: String, text: String)] = [],
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        if everySteps < 1 { failure("TensorBoardLogger: everySteps must be at least 1, got \(everySteps)") }
        self.directory = directory
        self.everySteps = everySteps
        self.texts = texts
        self.clock = clock
    }

    public func trainingWillBegin(_ trainer: TrainerState) throws {
        let w = try TensorBoardWriter(directory: directory, clock: clock)
        writer = w
        for (tag, text) in texts { try w.text(tag, text, step: trainer.step) }
        try w.flush()
    }

    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {
        guard let writer, step.step % everySteps == 0 else { return }
        try writer.scalar("train/loss", step.loss, step: step.step)
        if let norm = step.gradientNorm { try writer.scalar("train/gradient_norm", norm, step: step.step) }
        try writer.scalar("train/learning_rate", step.learningRate, step: step.step)
    }

    public func evaluationDidEnd(_ trainer: TrainerState, _ e: TrainingHistory.Evaluation) throws -> Bool {
        guard let writer else { return false }
        if e.trainLoss.isFinite { try writer.scalar("evaluation/train_loss", e.trainLoss, step: e.step) }
        try writer.scalar("evaluation/learning_rate", e.learningRate, step: e.step)
        if let loss = e.validationLoss { try writer.scalar("validation/loss", loss, step: e.step) }
        for (name, value) in e.metrics.sorted(by: { $0.key < $1.key }) {
            try writer.scalar("validation/\(name)", value, step: e.step)
        }
        if histograms {
            for (path, values) in trainer.parameterSnapshot().sorted(by: { $0.key < $1.key }) {
                try writer.histogram("weights/\(path)", values, step: e.step)
            }
            for (path, values) in trainer.gradientSnapshot().sorted(by: { $0.key < $1.key }) {
                try writer.histogram("gradients/\(path)", values, step: e.step)
            }
        }
        try writer.flush()
        return false
    }

    public func trainingDidEnd(_ trainer: TrainerState) throws {
        try writer?.flush()
    }

    /// Writes `text` (markdown) under `tag` at `step` and flushes; does nothing before training began.
    public func text(_ tag: String, _ text: String, step: Int) throws {
        guard let writer else { return }
        try writer.text(tag, text, step: step)
        try writer.flush()
    }
}
