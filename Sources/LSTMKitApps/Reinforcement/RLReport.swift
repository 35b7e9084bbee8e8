import Foundation
import LSTMKit

/// The returns (and the T-maze's successes) of a set of episodes.
public struct EpisodeSummary: Codable, Equatable, Sendable {
    public var episodes: Int
    public var meanReturn: Double
    public var standardDeviation: Double
    public var minimumReturn: Double
    public var maximumReturn: Double
    /// The fraction of episodes that reached the goal (T-maze), nil for environments without one.
    public var successRate: Double?

    public init(_ episodes: [FinishedEpisode]) {
        let r = episodes.map(\.totalReward)
        self.episodes = r.count
        meanReturn = r.isEmpty ? 0 : r.reduce(0, +) / Double(r.count)
        let mean = meanReturn
        standardDeviation = r.isEmpty ? 0 : (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(r.count)).squareRoot()
        minimumReturn = r.min() ?? 0
        maximumReturn = r.max() ?? 0
        let goals = episodes.compactMap(\.succeeded)
        successRate = goals.isEmpty ? nil : Double(goals.filter { $0 }.count) / Double(goals.count)
    }

    /// "mean return 487.30 +- 30.10 (min 312.0, max 500.0) over 100 episodes" (T-maze: ", goal reached in 100%").
    public var text: String {
        "mean return \(fixed(meanReturn, 2)) +- \(fixed(standardDeviation, 2)) (min \(fixed(minimumReturn, 1)), max " +
            "\(fixed(maximumReturn, 1))) over \(episodes) episodes" +
            (successRate.map { ", goal reached in \(fixed(100 * $0, 0))%" } ?? "")
    }
}

/// One point of the learning curve, recorded every `evalEvery` updates.
public struct LearningCurvePoint: Codable, Equatable, Sendable {
    public var update: Int
    public var environmentSteps: Int
    public var seconds: Double
    /// The episodes that ended in training since the previous point (sampled actions).
    public var training: EpisodeSummary
    /// The greedy policy on the validation episodes.
    public var validation: EpisodeSummary
    public var entropy: Double

    static let csvHeader = "update,environment_steps,seconds,train_episodes,train_mean_return,train_success," +
        "validation_mean_return,validation_success,entropy"
    var csvRow: String {
        [String(update), String(environmentSteps), fixed(seconds, 1), String(training.episodes),
         fixed(training.meanReturn, 3), training.successRate.map { fixed($0, 3) } ?? "",
         fixed(validation.meanReturn, 3), validation.successRate.map { fixed($0, 3) } ?? "", fixed(entropy, 4)]
            .joined(separator: ",")
    }
}

/// What `lstm train rl` reports.
public struct RLTrainingReport: TaskTrainingReport {
    public var task = RLTask.name
    public var environment: String
    public var policy: String
    public var parameterCount: Int
    public var training: TrainingOutcome
    public var curve: [LearningCurvePoint]
    /// The best checkpoint's greedy policy over the evaluation episodes.
    public var evaluation: EpisodeSummary

    public var lines: [String] {
        ["trained \(training.steps) PPO updates (\(curve.last?.environmentSteps ?? 0) environment steps) in " +
         "\(fixed(training.seconds, 1)) s; best validation mean return \(fixed(training.bestValue ?? .nan, 2)) at update " +
         "\(training.bestStep ?? 0)",
         "evaluation (best checkpoint, greedy): \(evaluation.text)",
         "checkpoints: \(training.best), \(training.last)"]
    }
}

/// What `lstm evaluate` reports for an rl checkpoint.
public struct RLEvaluationReport: TaskReport {
    public var task = RLTask.name
    public var checkpoint: String
    public var environment: String
    public var policy: String
    public var seed: UInt64
    public var evaluation: EpisodeSummary
    public var lines: [String] {
        ["\(environment), \(policy) policy (\(checkpoint)), greedy, seed \(seed): \(evaluation.text)"]
    }
}
