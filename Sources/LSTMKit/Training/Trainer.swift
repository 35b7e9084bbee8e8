import Foundation

/// Trains a model with the loop every tutorial writes, kept visible. It is LSTMKit's only training loop:
/// every `lstm train` task runs through it.
///
///     until the budget (epochs, steps, seconds) is used up:
///         for each batch of the epoch:
///             learningRate = schedule(progress) * plateau factor
///             loss, state = step(model, batch, carried state)   // forward (stateful runs carry the state)
///             optimizer.zeroGrad()
///             (loss + L1/L2 penalties).backward()               // backward
///             data parallel: loss, gradients = mean over ranks  // GradientSynchronizer (nil: one process)
///             norm = global gradient norm                       // one pass; NaN/inf -> NonFinitePolicy
///             clip by norm (clipNorm), clip by value (clipValue)
///             optimizer.step()                                  // update
///             carried state = state.detached()
///             every `evaluateEvery` steps (or each epoch): validation, callbacks (early stopping,
///                 checkpoints, reduce-on-plateau, progress, logs)
///
/// A non-finite loss or gradient never updates the parameters: `nonFinitePolicy` stops training with a
/// `TrainingError` naming the step (the default) or skips the step. Resuming (`resume(from:)`) restores the
/// model, the optimizer, the random sources, the counters, the history, the carried state and every
/// `ResumableCallback`, so the run continues bit for bit as if it had not stopped.
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
    /// Rescale the gradients so their global L2 norm is at most this (nil: no clipping).
    public var clipNorm: Double?
    /// Clamp every gradient element to [-clipValue, clipValue] (nil: no clamping).
    public var clipValue: Double?
    /// Add `l1 * sum |p|` and `l2 * sum p^2` over all parameters to the loss (0: off).
    public var l1: Double = 0
    public var l2: Double = 0
    /// The learning rate per step, as a function of the progress; nil: the optimizer's rate when `fit`
    /// started. Either way it is multiplied by `learningRateFactor` (reduce-on-plateau lowers it).
    public var schedule: ((TrainingProgress) -> Double)?
    public var nonFinitePolicy: NonFinitePolicy = .stop
    /// Data-parallel training (nil: one process): `fit` starts from rank 0's parameters, and every step's
    /// loss and gradients are averaged over the ranks after the backward pass, before the norm, clipping and
    /// the update, so every rank takes the same step. Each rank's `train` batches must be its shard of the
    /// global batch (`GradientSynchronizer`); callbacks that write files belong on rank 0 only.
    public var synchronizer: GradientSynchronizer?
    public var callbacks: [any TrainingCallback]

    public internal(set) var history = TrainingHistory()
    public internal(set) var step = 0
    public private(set) var epoch = 0
    public internal(set) var stepInEpoch = 0
    public private(set) var budget = TrainingBudget(epochs: 1)
    /// Steps per epoch, once known.
    public private(set) var stepsPerEpoch: Int?
    /// Multiplies the scheduled learning rate (ReduceLROnPlateauCallback lowers it; checkpoints store it).
    public var learningRateFactor = 1.0
    /// Training seconds before this `fit` call (restored by `resume`).
    var secondsBefore = 0.0
    var fitStart = Date()
    /// The carried state restored by `resume`, used by the next stateful `fit`.
    var resumedCarry: [[AnyTensor]]?
    /// The carried state of the running stateful fit (for checkpoints).
    public internal(set) var carriedTensors: [[AnyTensor]]?
    var baseLearningRate: Double
    var skippedInARow = 0

    public init(model: Model, optimizer: any Optimizer<Scalar>, clipNorm: Double? = nil,
                schedule: (any LearningRateSchedule)? = nil, callbacks: [any TrainingCallback] = []) {
        if let clipNorm, !(clipNorm > 0 && clipNorm.isFinite) {
            failure("Trainer: clipNorm must be positive and finite, got \(clipNorm)")
        }
        self.model = model
        self.optimizer = optimizer
        self.clipNorm = clipNorm
        self.callbacks = callbacks
        self.baseLearningRate = optimizer.learningRate
        if let schedule { self.schedule = { schedule.learningRate(atStep: $0.step) } }
    }

    /// The result of one validation pass.
    public struct Validation: Sendable, Equatable {
        public var loss: Double?
        public var metrics: [String: Double]
        public init(loss: Double?, metrics: [String: Double] = [:]) {
            self.loss = loss
            self.metrics = metrics
        }
    }

    /// Trains a stateful model: `step` gets the carried state of the previous batch of the epoch (nil for
    /// the first batch of each epoch) and returns the loss and the state to carry on (detached by the
    /// trainer). This is char-rnn's truncated backpropagation through time.
    ///
    /// - Parameters:
    ///   - budget: how long to train and how often to evaluate.
    ///   - train: the batches of one epoch, given the epoch index: the same index must give the same
    ///     batches (seeded), which is what makes resuming exact.
    ///   - validate: runs in evaluation mode without a graph at every evaluation (nil: no validation).
    ///   - step: the model, a batch and the carried state (nil at the start of an epoch) to the loss and the
    ///     state to carry on.
    public func fit<Batches: Sequence, Carry: CarriedState<Scalar>>(
        budget: TrainingBudget, train: (Int) -> Batches, validate: ((Model) throws -> Validation)? = nil,
        stateful step: (Model, Batches.Element, Carry?) throws -> (loss: Tensor<Scalar>, state: Carry)
    ) throws {
        if let problem = budget.problem { failure("Trainer.fit: \(problem)") }
        self.budget = budget
        fitStart = Date()
        baseLearningRate = optimizer.learningRate
        // Data parallel: the checkpoint holds every rank's streams (`gatherRows`); each rank takes its own.
        let localRows = { (t: Tensor<Scalar>) in self.synchronizer?.localRows(t) ?? t }
        var carry: Carry? = resumedCarry.map {
            Carry(carriedComponents: $0.map { $0.map { localRows($0.converted(to: Scalar.self)) } })
        }
        resumedCarry = nil
        let parameters = model.namedParameters()
        synchronizer?.broadcastParameters(optimizer.parameters)
        for callback in callbacks { try callback.trainingWillBegin(self) }
        var stop = isBudgetUsedUp
        while !stop {
            model.train()
            var index = 0
            let batches = train(epoch)
            if batches.underestimatedCount > 0 { stepsPerEpoch = batches.underestimatedCount }
            for batch in batches {
                defer { index += 1 }
                if index < stepInEpoch { continue }                          // resuming mid-epoch
                if isBudgetUsedUp { stop = true; break }
                carry = try trainStep(batch, carry: carry, parameters: parameters, step)
                if let every = budget.evaluateEvery, self.step % every == 0 {
                    if try evaluate(validate) { stop = true; break }
                }
            }
            if stop { break }
            if stepsPerEpoch == nil || index > 0 { stepsPerEpoch = index }
            epoch += 1
            stepInEpoch = 0
            carry = nil
            carriedTensors = nil
            if budget.evaluateEvery == nil, try evaluate(validate) { break }
            stop = isBudgetUsedUp
        }
        if history.evaluations.last?.step != self.step { _ = try evaluate(validate) }
        for callback in callbacks { try callback.trainingDidEnd(self) }
        synchronizer?.communicator.barrier()   // rank 0's last checkpoint is written when every rank returns
    }

    /// Trains on independent batches (no carried state). See the stateful `fit` for the parameters.
    public func fit<Batches: Sequence>(
        budget: TrainingBudget, train: (Int) -> Batches, validate: ((Model) throws -> Validation)? = nil,
        loss: (Model, Batches.Element) throws -> Tensor<Scalar>
    ) throws {
        try fit(budget: budget, train: train, validate: validate) { (model, batch, _: NoCarriedState<Scalar>?) in
            (try loss(model, batch), NoCarriedState())
        }
    }

    /// Trains for `epochs` epochs, validating on `validation`'s batches (the mean of their losses, and
    /// `validationMetrics`) after each one.
    public func fit<Batches: Sequence>(
        epochs: Int, train: (Int) -> Batches, validation: (() -> Batches)? = nil,
        loss: (Model, Batches.Element) -> Tensor<Scalar>
    ) throws {
        try withoutActuallyEscaping(loss) { loss in
            let validate: ((Model) -> Validation)? = validation.map { batches in
                { model in
                    var total = 0.0, count = 0
                    for batch in batches() { total += Double(loss(model, batch).item); count += 1 }
                    var metrics: [String: Double] = [:]
                    for (name, compute) in self.validationMetrics { metrics[name] = compute(model) }
                    return Validation(loss: count > 0 ? total / Double(count) : nil, metrics: metrics)
                }
            }
            try fit(budget: TrainingBudget(epochs: epochs), train: train, validate: validate, loss: loss)
        }
    }

    /// Extra validation metrics for `fit(epochs:train:validation:loss:)`, computed at every evaluation.
    public var validationMetrics: [(name: String, compute: (Model) -> Double)] = []

    // MARK: TrainerState

    public var learningRate: Double { optimizer.learningRate }

    public var resumableCallbacks: [any ResumableCallback] { callbacks.compactMap { $0 as? any ResumableCallback } }

    /// Training seconds so far, across resumes.
    public var seconds: Double { secondsBefore + Date().timeIntervalSince(fitStart) }

    public var progress: TrainingProgress {
        var fraction = 0.0
        var planned: Int? = budget.steps
        if let epochs = budget.epochs {
            if let per = stepsPerEpoch, per > 0 {
                fraction = (Double(epoch) + Double(stepInEpoch) / Double(per)) / Double(epochs)
                planned = min(planned ?? .max, epochs * per)
            } else {
                fraction = Double(epoch) / Double(epochs)
            }
        }
        if let steps = budget.steps { fraction = max(fraction, Double(step) / Double(steps)) }
        if let limit = budget.seconds { fraction = max(fraction, seconds / limit) }
        return TrainingProgress(step: step, epoch: epoch, stepInEpoch: stepInEpoch, stepsPerEpoch: stepsPerEpoch,
                                seconds: seconds, fraction: min(1, fraction), plannedSteps: planned)
    }

    /// True when the next step would exceed the budget.
    var isBudgetUsedUp: Bool {
        if let steps = budget.steps, step >= steps { return true }
        if let epochs = budget.epochs, epoch >= epochs { return true }
        if let limit = budget.seconds, seconds >= limit { return true }
        return false
    }

    public func parameterSnapshot() -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.path, $0.parameter.data.scalars.map(Double.init)) })
    }

    public func gradientSnapshot() -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: model.namedParameters().compactMap { path, p in
            p.grad.map { (path, $0.scalars.map(Double.init)) }
        })
    }

    public func restore(_ snapshot: [String: [Double]]) {
        for (path, p) in model.namedParameters() {
            guard let values = snapshot[path] else { continue }
            p.data = Tensor(shape: p.shape, scalars: values.map { Scalar($0) })
        }
    }

    /// Sets the counters when resuming: steps and epochs done, steps done in the current epoch, the history.
    public func resume(step: Int, epoch: Int, stepInEpoch: Int = 0, history: TrainingHistory) {
        self.step = step
        self.epoch = epoch
        self.stepInEpoch = stepInEpoch
        self.history = history
    }
}
