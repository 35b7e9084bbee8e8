import Foundation

/// `trials` configurations drawn at random from a search space (Bergstra and Bengio, 2012).
///
///     let space = try SearchSpace(parsing: "learningRate=loguniform(1e-4,1e-1);hiddenSize=choice(32,64,128)")
///     let search = RandomSearch(space, trials: 20, seed: 42)
///     search.configuration(trial: 7)     // the same values on every run and machine, computed alone
///
/// Trial `i` draws its configuration with its own generator,
/// `RandomSource(seed: SearchSeeds.samplingSeed(searchSeed: seed, trial: i))`, so it does not depend on
/// the other trials: a search with more trials starts with the same configurations, and one trial can be
/// re-run alone. With few important dimensions among many, random search covers each important one
/// with `trials` distinct values where a grid of the same size covers it with far fewer.
public struct RandomSearch: HyperparameterSearch {
    public let space: SearchSpace
    public let trialCount: Int
    /// The search seed, from which each trial's sampling seed and training seed are derived.
    public let seed: UInt64

    /// `trials` (>= 1) random configurations of `space`.
    public init(_ space: SearchSpace, trials: Int, seed: UInt64 = 0) {
        if trials < 1 { failure("RandomSearch: trials must be >= 1, got \(trials)") }
        self.space = space
        self.trialCount = trials
        self.seed = seed
    }

    public func configuration(trial: Int) -> Configuration {
        checkTrialIndex(trial)
        return space.sample(using: RandomSource(seed: SearchSeeds.samplingSeed(searchSeed: seed, trial: trial)))
    }
}
