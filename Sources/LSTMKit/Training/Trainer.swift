import Foundation

/// Trains a model with the loop every tutorial writes, kept visible:
///
///     for each epoch:
///         for each batch:
///             loss = lossFunction(model, batch)      // forward
///             optimizer.zeroGrad()
///             loss.backward()                          // backward
///             clipGradientNorm(parameters, clipNorm)   // optional
///             optimizer.step()
///         validation loss (evaluation mode, no graph)
///         callbacks: early stopping, checkpoints, progress, logs
///
/// A non-finite loss or gradient stops training with `TrainingError` (naming the step and the usual
/// remedies) before the parameters are updated, so no callback ever saves the broken state.
///
///     let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters()), clipNorm: 1)
///     try trainer.fit(epochs: 10, train: { trainLoader.epoch($0) }, validation: { validLoader.epoch(0) }) {
///         model, batch in crossEntropy(logits: model(batch.inputs), targets: batch.labels)
///     }
///     trainer.history.validationLossCurve
public final class Trainer<Model: Module>: TrainerState {
    public typealias Scalar = Model.Scalar
    public let model: Model
    public let optimizer: any Optimizer<Scalar>
    /// Clip the global gradient norm to this value before each step (nil: no clipping).
    public var clipNorm: Double?
    /// Learning rate per step (nil: keep the optimizer's rate).
    public var schedule: (any LearningRateSchedule)?
    public var callbacks: [any TrainingCallback]
    public private(set) var history = TrainingHistory()
    public private(set) var step = 0
    public private(set) var epoch = 0
    public private(set) var totalEpochs = 0
    public private(set) var stepsPerEpoch: Int?
    /// Extra validation metrics: called once per epoch in evaluation mode, e.g. accuracy.
    public var validationMetrics: [(name: String, compute: (Model) -> Double)] = []

    public init(model: Model, optimizer: any Optimizer<Scalar>, clipNorm: Double? = nil,
                schedule: (any LearningRateSchedule)? = nil, callbacks: [any TrainingCallback] = []) {
        if let clipNorm, !(clipNorm > 0) { failure("Trainer: clipNorm must be positive, got \(clipNorm)") }
        self.model = model
        self.optimizer = optimizer
        self.clipNorm = clipNorm
        self.schedule = schedule
        self.callbacks = callbacks
    }

    /// Trains until `epochs` epochs are complete (counting epochs already done when resuming).
    ///
    /// - Parameters:
    ///   - train: the batches of one epoch, given the epoch index (so a seeded loader can reproduce any
    ///     epoch's order, which is what makes resuming exact).
    ///   - validation: validation batches (evaluated without a graph, in evaluation mode), or nil.
    ///   - loss: the scalar loss of one batch.
    public func fit<Batches: Sequence>(
        epochs: Int, train: (Int) -> Batches, validation: (() -> Batches)? = nil,
        loss lossFunction: (Model, Batches.Element) -> Tensor<Scalar>
    ) throws {
        totalEpochs = epochs
        for callback in callbacks { try callback.trainingWillBegin(self) }
        let parameters = model.namedParameters()
        while epoch < epochs {
            let start = Date()
            model.train()
            // Resuming mid-epoch: skip the batches already trained on in this epoch.
            let doneInEpoch = history.steps.filter { $0.epoch == epoch }.count
            var batchIndex = 0
            for batch in train(epoch) {
                defer { batchIndex += 1 }
                if batchIndex < doneInEpoch { continue }
                if let schedule { schedule.apply(to: optimizer, atStep: step) }
                let loss = lossFunction(model, batch)                       // forward
                let value = Double(loss.item)
                guard value.isFinite else { throw TrainingError.nonFiniteLoss(step: step, epoch: epoch, value: value) }
                optimizer.zeroGrad()
                loss.backward()                                             // backward
                let norm = try gradientNorm(parameters)
                if let clipNorm { clipGradientNorm(optimizer.parameters, maxNorm: clipNorm) }
                optimizer.step()                                            // update
                step += 1
                let record = TrainingHistory.Step(step: step, epoch: epoch, loss: value, gradientNorm: norm,
                                                  learningRate: optimizer.learningRate)
                history.steps.append(record)
                for callback in callbacks { try callback.stepDidEnd(self, record) }
            }
            stepsPerEpoch = batchIndex
            // The epoch's mean includes steps done before a resume.
            let epochSteps = history.steps.filter { $0.epoch == epoch }
            let trainLoss = epochSteps.isEmpty ? .nan : epochSteps.map(\.loss).reduce(0, +) / Double(epochSteps.count)
            var validationLoss: Double? = nil
            var metrics: [String: Double] = [:]
            if let validation {
                model.eval()
                withoutGrad {
                    var total = 0.0, count = 0
                    for batch in validation() { total += Double(lossFunction(model, batch).item); count += 1 }
                    validationLoss = count > 0 ? total / Double(count) : nil
                    for (name, compute) in validationMetrics { metrics[name] = compute(model) }
                }
                model.train()
            }
            epoch += 1
            let record = TrainingHistory.Epoch(epoch: epoch - 1, trainLoss: trainLoss, validationLoss: validationLoss,
                                               metrics: metrics, step: step, seconds: Date().timeIntervalSince(start))
            history.epochs.append(record)
            var stop = false
            for callback in callbacks { if try callback.epochDidEnd(self, record) { stop = true } }
            if stop { break }
        }
        for callback in callbacks { try callback.trainingDidEnd(self) }
    }

    /// The global L2 norm of all gradients, or a `TrainingError` naming the first non-finite one.
    func gradientNorm(_ parameters: [(path: String, parameter: Parameter<Scalar>)]) throws -> Double {
        var total = 0.0
        for (path, p) in parameters {
            guard let g = p.grad else { continue }
            let sum = g.scalars.withUnsafeBufferPointer { Scalar.sumOfSquares($0) }
            guard sum.isFinite else { throw TrainingError.nonFiniteGradient(step: step, epoch: epoch, parameter: path) }
            total += sum
        }
        return total.squareRoot()
    }

    // MARK: TrainerState

    public func parameterSnapshot() -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.path, $0.parameter.data.scalars.map(Double.init)) })
    }

    public func restore(_ snapshot: [String: [Double]]) {
        for (path, p) in model.namedParameters() {
            guard let values = snapshot[path] else { continue }
            p.data = Tensor(shape: p.shape, scalars: values.map { Scalar($0) })
        }
    }

    /// Sets the counters when resuming from a checkpoint: steps and epochs done and the history so far.
    public func resume(step: Int, epoch: Int, history: TrainingHistory) {
        self.step = step
        self.epoch = epoch
        self.history = history
    }
}
