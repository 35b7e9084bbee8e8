import Foundation

/// One training step and one evaluation of `Trainer.fit` (forward, backward, the gradient checks and
/// clipping, the update; validation and the evaluation callbacks).
extension Trainer {

    /// Forward, backward, gradient checks and clipping, update; returns the state to carry.
    func trainStep<Batch, Carry: CarriedState<Scalar>>(
        _ batch: Batch, carry: Carry?, parameters: [(path: String, parameter: Parameter<Scalar>)],
        _ stepFunction: (Model, Batch, Carry?) throws -> (loss: Tensor<Scalar>, state: Carry)
    ) throws -> Carry? {
        let rate = (schedule?(progress) ?? baseLearningRate) * learningRateFactor
        optimizer.learningRate = rate
        let (loss, state) = try stepFunction(model, batch, carry)             // forward
        // Data parallel: the mean over the ranks, so every rank decides the same (finite or not).
        let value = synchronizer.map { $0.average(Double(loss.item)) } ?? Double(loss.item)
        var norm: Double? = nil
        if value.isFinite {
            optimizer.zeroGrad()
            var total = loss
            if l1 > 0 { total = total + l1Penalty(optimizer.parameters, weight: Scalar(l1)) }
            if l2 > 0 { total = total + l2Penalty(optimizer.parameters, weight: Scalar(l2)) }
            total.backward()                                                    // backward
            synchronizer?.averageGradients(optimizer.parameters)                // data parallel: mean over ranks
            norm = try checkedGradientNorm(parameters, loss: value)
        } else {
            try handleNonFinite(.nonFiniteLoss(step: step, epoch: epoch, value: value))
        }
        if let norm {
            if let clipNorm, norm > clipNorm { scaleGradients(optimizer.parameters, by: clipNorm / (norm + 1e-6)) }
            if let clipValue { clipGradientValue(optimizer.parameters, maxValue: clipValue) }
            optimizer.step()                                                    // update
            skippedInARow = 0
        } else {
            optimizer.zeroGrad()
        }
        step += 1
        stepInEpoch += 1
        let next = norm == nil ? carry : state.detached()
        carriedTensors = next.map { $0.carriedComponents.map { $0.map(AnyTensor.init) } }
        let record = TrainingHistory.Step(step: step, epoch: epoch, loss: value, gradientNorm: norm, learningRate: rate)
        history.steps.append(record)
        for callback in callbacks { try callback.stepDidEnd(self, record) }
        return next
    }

    /// The global L2 norm of the gradients in one pass; a non-finite one goes to `nonFinitePolicy` (nil: skip).
    func checkedGradientNorm(
        _ parameters: [(path: String, parameter: Parameter<Scalar>)], loss: Double
    ) throws -> Double? {
        var total = 0.0
        for (path, p) in parameters {
            guard let g = p.grad else { continue }
            let sum = g.scalars.withUnsafeBufferPointer { Scalar.sumOfSquares($0) }
            guard sum.isFinite else {
                try handleNonFinite(.nonFiniteGradient(step: step, epoch: epoch, parameter: path))
                return nil
            }
            total += sum
        }
        return total.squareRoot()
    }

    /// Throws `error` under `.stop`; under `.skip`, counts the skipped step and throws after too many.
    func handleNonFinite(_ error: TrainingError) throws {
        switch nonFinitePolicy {
        case .stop: throw error
        case .skip(let maxConsecutive):
            history.skippedSteps += 1
            skippedInARow += 1
            if skippedInARow >= maxConsecutive { throw TrainingError.tooManySkippedSteps(step: step, count: skippedInARow) }
        }
    }

    /// Validation and the evaluation callbacks; returns true when a callback asks to stop.
    func evaluate(_ validate: ((Model) throws -> Validation)?) throws -> Bool {
        let since = history.evaluations.last?.step ?? 0
        let recent = history.steps.filter { $0.step > since && $0.gradientNorm != nil }
        let trainLoss = recent.isEmpty ? Double.nan : recent.map(\.loss).reduce(0, +) / Double(recent.count)
        var validation = Validation(loss: nil)
        if let validate {
            model.eval()
            validation = try withoutGrad { try validate(model) }
            model.train()
        }
        if let synchronizer, synchronizer.worldSize > 1, let carried = carriedTensors {
            // Data parallel: every rank's carried state, for rank 0's checkpoints (all ranks call this).
            carriedTensors = carried.map { $0.map(synchronizer.gatherRows) }
        }
        let record = TrainingHistory.Evaluation(
            step: step, epoch: epoch, stepInEpoch: stepInEpoch, trainLoss: trainLoss, validationLoss: validation.loss,
            metrics: validation.metrics, learningRate: optimizer.learningRate, seconds: seconds)
        history.evaluations.append(record)
        var stop = false
        for callback in callbacks where try callback.evaluationDidEnd(self, record) { stop = true }
        return stop
    }
}
