import Foundation
import LSTMKit

/// Reinforcement learning with PPO: `lstm train rl` and `lstm evaluate` on its checkpoints. An LSTM or a
/// feed-forward actor-critic learns CartPole (full or with the velocities hidden) or the T-maze.
///
/// The loop does not run through `TaskTraining`/`Trainer`: RL has no dataset, so there are no epochs and no
/// batches to hand a trainer. A training step is one PPO update (`ActorCriticTrainer.update`: a rollout of
/// `batchSize` environments x `rolloutLength` steps, then the PPO epochs); every `evalEvery` updates the
/// greedy policy plays `validationEpisodes` validation episodes, a learning-curve point is recorded (and
/// written to `curve.csv`), `last.safetensors` is saved and `best.safetensors` when the validation mean
/// return is the best so far. Checkpoints carry the task name, the config and the curve, as every task's do.
public enum RLTask: ApplicationTask {
    public static let name = "rl"
    public static let higherIsBetter = true
    static let curveAttachment = "curve"
    /// The validation episodes' seed, apart from the training streams and the evaluation seed.
    static let validationSeed: UInt64 = 7_777

    public static func train(_ config: RLConfig, resume: Bool, observer: TaskObserver) throws -> RLTrainingReport {
        try config.validate()
        if resume { throw TaskError("rl runs cannot be resumed (the environments' states are not saved); train again") }
        let t = config.training
        let policy = config.makePolicy(rng: RandomSource(seed: t.seed(.weights)))
        let directory = try prepareOutputDirectory(config.output)
        let best = directory.appendingPathComponent("best.safetensors"), last = directory.appendingPathComponent("last.safetensors")
        let trainer = ActorCriticTrainer(policy: policy, makeEnvironment: config.makeEnvironment, settings: config.ppo,
                                         seed: t.seed(.sampling))
        observer.say("environment: \(config.environment.rawValue)" +
                     (config.environment == .tmaze ? " (length \(config.length))" : "") +
                     "; policy: \(config.policy.rawValue), hidden \(config.hiddenSize), \(policy.parameterCount) parameters")
        observer.say("PPO: \(t.batchSize) environments x \(config.rolloutLength) steps per update, \(config.ppoEpochs) epochs x " +
                     "\(config.minibatches) minibatches, gamma \(config.gamma), lambda \(config.lambda), clip \(config.clip), " +
                     "Adam lr \(t.learningRate), \(t.steps ?? 0) updates, seed \(t.seed)")
        let started = Date()
        var curve: [LearningCurvePoint] = [], recent: [FinishedEpisode] = [], entropy = 0.0
        var bestValue = -Double.infinity, bestStep = 0, updates = 0, stoppedByTime = false
        let csv = directory.appendingPathComponent("curve.csv")
        var csvText = LearningCurvePoint.csvHeader + "\n"
        let steps = t.steps ?? 0, every = t.evalEvery ?? 10
        while updates < steps {
            let report = trainer.update()
            updates += 1
            recent += report.episodes
            entropy = report.entropy
            if !(report.policyLoss.isFinite && report.valueLoss.isFinite) {
                throw TaskError("training diverged at update \(updates) (policy loss \(report.policyLoss), value loss " +
                                "\(report.valueLoss)); try a lower --learning-rate")
            }
            let seconds = Date().timeIntervalSince(started)
            stoppedByTime = t.minutes.map { seconds >= $0 * 60 } ?? false
            guard updates % every == 0 || updates == steps || stoppedByTime else { continue }
            let validation = EpisodeSummary(evaluatePolicy(policy, makeEnvironment: config.makeEnvironment,
                                                           episodes: config.validationEpisodes, seed: validationSeed))
            let point = LearningCurvePoint(update: updates, environmentSteps: trainer.environmentSteps, seconds: seconds,
                                           training: EpisodeSummary(recent), validation: validation, entropy: entropy)
            recent = []
            curve.append(point)
            csvText += point.csvRow + "\n"
            try describingErrors("writing \(csv.path)") { try csvText.write(to: csv, atomically: true, encoding: .utf8) }
            observer.say("update \(updates)/\(steps), \(trainer.environmentSteps) steps, \(fixed(seconds, 0)) s: train " +
                         "\(fixed(point.training.meanReturn, 1)) (\(point.training.episodes) episodes), validation " +
                         "\(fixed(validation.meanReturn, 2))" + (validation.successRate.map { ", goal \(fixed(100 * $0, 0))%" } ?? "") +
                         ", entropy \(fixed(entropy, 3))")
            try save(policy, config, curve, updates, to: last)
            if validation.meanReturn > bestValue {
                (bestValue, bestStep) = (validation.meanReturn, updates)
                try save(policy, config, curve, updates, to: best)
            }
            if stoppedByTime { break }
        }
        let seconds = Date().timeIntervalSince(started)
        let model = try load(best)
        let evaluation = EpisodeSummary(model.evaluate())
        let outcome = TrainingOutcome(
            steps: updates, epochs: 0, seconds: seconds, monitor: "validation mean return", maximize: true,
            bestValue: bestValue, bestStep: bestStep, lastValue: curve.last?.validation.meanReturn, stoppedEarly: false,
            stoppedByTime: stoppedByTime, implementation: "reference", best: best.path, last: last.path, skippedSteps: 0)
        return RLTrainingReport(environment: config.environment.rawValue, policy: config.policy.rawValue,
                                parameterCount: policy.parameterCount, training: outcome, curve: curve, evaluation: evaluation)
    }

    static func save(_ policy: any ActorCritic<Float>, _ config: RLConfig, _ curve: [LearningCurvePoint], _ step: Int,
                     to url: URL) throws {
        try describingErrors("saving \(url.path)") {
            try Checkpoint.save(policy, to: url, config: config, step: step, attachments: [curveAttachment: curve],
                                userMetadata: [TaskCheckpoint.taskKey: name])
        }
    }

    public static func load(_ url: URL) throws -> RLModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: RLConfig.self)
        let curve = try TaskCheckpoint.attachment(info, curveAttachment, as: [LearningCurvePoint].self)
        let policy = config.makePolicy(rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(policy, info)
        return RLModel(config: config, policy: policy, curve: curve, path: info.path)
    }

    public static func evaluate(_ model: RLModel, data: String?, observer: TaskObserver) throws -> RLEvaluationReport {
        if data != nil { throw TaskError("--data does not apply to rl checkpoints (the environment is in the checkpoint)") }
        return RLEvaluationReport(checkpoint: model.path, environment: model.config.environment.rawValue,
                                  policy: model.config.policy.rawValue, seed: model.config.evaluationSeed,
                                  evaluation: EpisodeSummary(model.evaluate()))
    }
}

/// A policy loaded from an `lstm train rl` checkpoint.
public struct RLModel {
    public let config: RLConfig
    public let policy: any ActorCritic<Float>
    /// The learning curve up to the checkpoint.
    public let curve: [LearningCurvePoint]
    public let path: String

    /// The greedy policy's episodes: `config.evaluationEpisodes` of them from `config.evaluationSeed`.
    public func evaluate() -> [FinishedEpisode] {
        evaluatePolicy(policy, makeEnvironment: config.makeEnvironment, episodes: config.evaluationEpisodes,
                       seed: config.evaluationSeed)
    }
}
