import Foundation
import LSTMKit

extension TrainingConfig {
    /// The optimizer over `parameters`, with this config's rate, momentum and weight decay.
    public func makeOptimizer(_ parameters: [Parameter<Float>]) -> any Optimizer<Float> {
        switch optimizer {
        case .sgd: return SGD(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .momentum:
            return SGD(parameters: parameters, learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        case .nesterov:
            return SGD(parameters: parameters, learningRate: learningRate, momentum: momentum, nesterov: true,
                       weightDecay: weightDecay)
        case .adam: return Adam(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .adamw: return AdamW(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .rmsprop:
            return RMSProp(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay,
                           momentum: momentum)
        case .adagrad: return Adagrad(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        }
    }

    /// The learning rate at a point of the run (see `ScheduleKind`); `plateau` is constant here and lowered
    /// by its callback.
    public func learningRate(at progress: TrainingProgress) -> Double {
        let f = progress.fraction
        var rate: Double
        switch schedule {
        case .constant, .plateau: rate = learningRate
        case .cosine: rate = learningRate * (decayTo + (1 - decayTo) * (1 + cos(Double.pi * f)) / 2)
        case .linear: rate = learningRate * (1 - (1 - decayTo) * f)
        case .step: rate = learningRate * (f >= 0.75 ? decayTo * decayTo : f >= 0.5 ? decayTo : 1)
        case .exponential: rate = learningRate * pow(decayTo, f)
        }
        if warmupSteps > 0 && progress.step < warmupSteps {
            let start = 1.0 / 3.0
            rate *= start + (1 - start) * Double(progress.step) / Double(warmupSteps)
        }
        return rate
    }

    /// A trainer for `model` with this config's optimizer, schedule, clipping and penalties.
    public func makeTrainer<M: Module>(_ model: M) -> Trainer<M> where M.Scalar == Float {
        let trainer = Trainer(model: model, optimizer: makeOptimizer(model.parameters()), clipNorm: clipNorm)
        trainer.clipValue = clipValue
        trainer.l1 = l1
        trainer.l2 = l2
        let config = self
        if schedule != .constant || warmupSteps > 0 { trainer.schedule = { config.learningRate(at: $0) } }
        return trainer
    }

    /// Seeds for the run's independent random streams, all derived from `seed`.
    public func seed(_ stream: RandomStream) -> UInt64 { seed &+ stream.rawValue }
}

/// The named random streams of a training run: each is its own `RandomSource` seeded from the run's seed,
/// so that (for example) changing the batch order never changes the initial weights.
public enum RandomStream: UInt64, CaseIterable, Sendable {
    case weights = 0, dropout = 1, shuffle = 2, sampling = 3, split = 4
    public var name: String { String(describing: self) }
}
