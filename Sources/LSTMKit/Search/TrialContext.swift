import Foundation

/// What one call of a search objective knows besides its configuration.
///
///     let results = RandomSearch(space, trials: 8, seed: 1).run { config, context in
///         let rng = context.makeRandomSource()              // seeded with context.seed: same run every time
///         let model = makeModel(hiddenSize: try config.int("hiddenSize"), rng: rng)
///         return train(model, epochs: context.budget, learningRate: try config.double("learningRate"))
///     }
public struct TrialContext: Sendable, Hashable {
    /// The trial's index in the search (0-based; the row of `configuration(trial:)`).
    public let trial: Int
    /// A seed for everything random in the trial (initialization, shuffling, dropout), derived from the
    /// search seed and the trial index by `SearchSeeds.trialSeed`; the same at every rung.
    public let seed: UInt64
    /// How much training this call should do (epochs, steps, ...: the objective decides the unit). Fixed
    /// for `.fixedBudget`; grows by `eta` per rung under successive halving.
    public let budget: Int
    /// The successive-halving rung (0 for the first, and always 0 with a fixed budget).
    public let rung: Int

    public init(trial: Int, seed: UInt64, budget: Int, rung: Int) {
        self.trial = trial
        self.seed = seed
        self.budget = budget
        self.rung = rung
    }

    /// A fresh generator seeded with `seed` (a new one per call, so each rung replays the same stream).
    public func makeRandomSource() -> RandomSource { RandomSource(seed: seed) }
}

/// Whether lower or higher scores are better.
public enum SearchGoal: String, Sendable, Hashable, Codable {
    /// Lower is better (losses, errors): the default.
    case minimize
    /// Higher is better (accuracy, reward).
    case maximize

    /// True when `a` is strictly better than `b` under this goal.
    public func isBetter(_ a: Double, than b: Double) -> Bool { self == .minimize ? a < b : a > b }
}

/// How much budget each trial gets.
///
///     .fixedBudget(10)                                           // every trial once, budget 10
///     .successiveHalving(minBudget: 1, maxBudget: 27, eta: 3)    // rungs with budgets 1, 3, 9, 27
///
/// Successive halving (Jamieson and Talwalkar, 2016): every configuration runs with the smallest budget;
/// of the `n` configurations of a rung, the best `floor(n / eta)` (at least one; only completed ones, a
/// failed trial is never promoted) move to the next rung with `eta` times the budget; the last rung runs
/// with `maxBudget`, so the best trial is one trained with the full budget (unless that run failed).
///
/// With `K` rungs, where `K - 1` is the largest `k` with `minBudget * eta^k <= maxBudget`, rung `r`
/// (0-based) has budget `maxBudget / eta^(K-1-r)` (integer division, so it is at least `minBudget`). The
/// objective is called again at each rung, with the same trial seed: it retrains from scratch with the
/// larger budget (or resumes from its own cache, keyed by `context.trial`). With `eta^(K-1)` trials each
/// rung costs about one full-budget training (`n / eta^r` trials times `maxBudget / eta^(K-1-r)`), so the
/// search looks at `eta^(K-1)` configurations for the cost of about `K` full trainings.
public enum SearchSchedule: Sendable, Hashable, Codable {
    case fixedBudget(Int)
    case successiveHalving(minBudget: Int, maxBudget: Int, eta: Int)

    /// The budget of each rung, smallest first (one rung for a fixed budget). Stops with a failure for a
    /// budget < 1, `maxBudget < minBudget` or `eta < 2`.
    public var rungBudgets: [Int] {
        switch self {
        case .fixedBudget(let budget):
            if budget < 1 { failure("SearchSchedule: budget must be >= 1, got \(budget)") }
            return [budget]
        case .successiveHalving(let minBudget, let maxBudget, let eta):
            if minBudget < 1 { failure("SearchSchedule: successive halving minBudget must be >= 1, got \(minBudget)") }
            if maxBudget < minBudget {
                failure("SearchSchedule: successive halving needs maxBudget >= minBudget, "
                    + "got \(maxBudget) < \(minBudget)")
            }
            if eta < 2 { failure("SearchSchedule: successive halving eta must be >= 2, got \(eta)") }
            var powers = [1]                                      // eta^0 ... eta^(K-1)
            while minBudget * powers.last! * eta <= maxBudget { powers.append(powers.last! * eta) }
            return powers.reversed().map { maxBudget / $0 }
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, budget, minBudget, maxBudget, eta }

    /// JSON: `{"kind": "fixedBudget", "budget": 10}` or
    /// `{"kind": "successiveHalving", "minBudget": 1, "maxBudget": 27, "eta": 3}`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "fixedBudget":
            self = .fixedBudget(try c.decode(Int.self, forKey: .budget))
        case "successiveHalving":
            self = .successiveHalving(minBudget: try c.decode(Int.self, forKey: .minBudget),
                                      maxBudget: try c.decode(Int.self, forKey: .maxBudget),
                                      eta: try c.decode(Int.self, forKey: .eta))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription:
                "unknown schedule \"\(other)\"; expected fixedBudget or successiveHalving")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixedBudget(let budget):
            try c.encode("fixedBudget", forKey: .kind)
            try c.encode(budget, forKey: .budget)
        case .successiveHalving(let minBudget, let maxBudget, let eta):
            try c.encode("successiveHalving", forKey: .kind)
            try c.encode(minBudget, forKey: .minBudget)
            try c.encode(maxBudget, forKey: .maxBudget)
            try c.encode(eta, forKey: .eta)
        }
    }

    /// `eta` for successive halving, nil for a fixed budget.
    var eta: Int? {
        if case .successiveHalving(_, _, let eta) = self { return eta }
        return nil
    }
}

/// How a search turns its seed into per-trial seeds.
///
/// Both are outputs of one SplitMix64 stream started at the search seed (the generator `RandomSource`
/// uses to expand its own seed): output `k` (1-based) is `mix(searchSeed + k * 0x9E3779B97F4A7C15)` with
/// wrapping arithmetic and SplitMix64's finalizer
///
///     mix(z): z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
///             z = (z ^ (z >> 27)) * 0x94D049BB133111EB
///             return z ^ (z >> 31)
///
/// Trial `i` (0-based) samples its configuration with output `2i + 1` and trains with output `2i + 2`, so
/// the two never share a stream, and any trial can be rebuilt alone from (search seed, i).
public enum SearchSeeds {
    /// The seed of the `RandomSource` that draws trial `trial`'s configuration in a random search.
    public static func samplingSeed(searchSeed: UInt64, trial: Int) -> UInt64 {
        splitMix64Output(searchSeed, UInt64(2 * trial + 1))
    }

    /// `TrialContext.seed` of trial `trial`.
    public static func trialSeed(searchSeed: UInt64, trial: Int) -> UInt64 {
        splitMix64Output(searchSeed, UInt64(2 * trial + 2))
    }

    static func splitMix64Output(_ seed: UInt64, _ k: UInt64) -> UInt64 {
        var z = seed &+ k &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
