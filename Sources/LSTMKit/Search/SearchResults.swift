import Foundation

/// How one trial (or one evaluation at a rung) ended.
public enum TrialStatus: String, Sendable, Hashable, Codable {
    /// The objective returned a finite score at the last rung (with a fixed budget: at its only call).
    case completed
    /// Successive halving did not promote it: its score is from an earlier rung, with a smaller budget.
    case stopped
    /// The objective threw or returned NaN or an infinity; `message` says which.
    case failed
}

/// One row of a results table: a trial's configuration and how it did.
///
///     results.trials[0].description   // "#1 trial 0: learningRate=0.0752..., hiddenSize=8 -> score 0.0119...
///                                     //  (budget 40, completed, 0.099 s)"
public struct TrialResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based position in its table (the final table, or one rung's table), best first.
    public internal(set) var rank: Int = 0
    /// The trial index (0-based).
    public let trial: Int
    /// `TrialContext.seed` of the trial.
    public let seed: UInt64
    public let configuration: Configuration
    /// The score returned by the objective; nil when the trial failed.
    public let score: Double?
    /// The budget of the evaluation the row reports (the last one the trial had).
    public let budget: Int
    /// The rung of that evaluation.
    public let rung: Int
    public internal(set) var status: TrialStatus
    /// Why the trial failed (the error's description, or "objective returned nan"); nil otherwise.
    public let message: String?
    /// Wall-clock seconds of the evaluation; in `SearchResults.trials`, the total over all its rungs.
    public internal(set) var seconds: Double

    public var description: String {
        let outcome = score.map { "score \($0)" } ?? "failed: \(message ?? "")"
        return "#\(rank) trial \(trial): \(configuration) -> \(outcome) "
            + "(budget \(budget), \(status.rawValue), \(String(format: "%.3f", seconds)) s)"
    }

    init(trial: Int, seed: UInt64, configuration: Configuration, score: Double?, budget: Int, rung: Int,
         status: TrialStatus, message: String?, seconds: Double) {
        self.trial = trial
        self.seed = seed
        self.configuration = configuration
        self.score = score
        self.budget = budget
        self.rung = rung
        self.status = status
        self.message = message
        self.seconds = seconds
    }
}

/// The evaluations of one successive-halving rung (a fixed-budget search has one rung).
public struct SearchRung: Sendable, Hashable, Codable {
    /// The rung index, 0 first.
    public let rung: Int
    /// The budget every trial of the rung had.
    public let budget: Int
    /// The evaluations, ranked best first (`rank` within the rung).
    public let results: [TrialResult]
    /// The trials sent to the next rung, best first (empty at the last rung).
    public let promoted: [Int]
}

/// The outcome of `HyperparameterSearch.run`: every trial ranked best first, and the per-rung evaluations.
///
/// Ranking: trials that completed or stopped come first, those that reached a higher rung ahead of those
/// stopped earlier; within a rung, by score (lower first when minimizing, higher first when maximizing);
/// failed trials last; ties by trial index. So `trials[0]` is the best configuration at the largest budget.
///
///     results.bestConfiguration                  // the configuration of trials[0], nil if every trial failed
///     results.description                        // a table for the terminal
///     try results.writeCSV(to: csvURL)           // rank, trial, <hyperparameters>, score, budget, status, ...
///     try results.writeJSON(to: jsonURL)         // everything, written atomically
///     let again = try SearchResults(contentsOf: jsonURL)   // == results
public struct SearchResults: Sendable, Hashable, Codable, CustomStringConvertible {
    public let goal: SearchGoal
    public let space: SearchSpace
    public let schedule: SearchSchedule
    /// One row per trial, ranked best first (each row reports the trial's last evaluation).
    public let trials: [TrialResult]
    /// The evaluations rung by rung.
    public let rungs: [SearchRung]

    init(goal: SearchGoal, space: SearchSpace, schedule: SearchSchedule, trials: [TrialResult], rungs: [SearchRung]) {
        self.goal = goal
        self.space = space
        self.schedule = schedule
        self.trials = SearchResults.ranked(trials, goal: goal)
        self.rungs = rungs
    }

    /// The best trial, or nil when every trial failed.
    public var best: TrialResult? { trials.first.flatMap { $0.status == .failed ? nil : $0 } }

    /// The configuration of the best trial, or nil when every trial failed.
    public var bestConfiguration: Configuration? { best?.configuration }

    /// The score of the best trial, or nil when every trial failed.
    public var bestScore: Double? { best?.score }

    /// The trials that failed, in trial order.
    public var failures: [TrialResult] { trials.filter { $0.status == .failed }.sorted { $0.trial < $1.trial } }

    /// `results` sorted by the ranking rule (see the type's documentation), with `rank` set to 1, 2, ...
    static func ranked(_ results: [TrialResult], goal: SearchGoal) -> [TrialResult] {
        var sorted = results.sorted { a, b in
            let aFailed = a.status == .failed, bFailed = b.status == .failed
            if aFailed != bFailed { return bFailed }
            if aFailed { return a.trial < b.trial }
            if a.rung != b.rung { return a.rung > b.rung }
            if a.score! != b.score! { return goal.isBetter(a.score!, than: b.score!) }
            return a.trial < b.trial
        }
        for i in sorted.indices { sorted[i].rank = i + 1 }
        return sorted
    }

    // MARK: Codable (restores the declared order and types of configuration values from the space)

    private enum CodingKeys: String, CodingKey { case goal, space, schedule, trials, rungs }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        goal = try c.decode(SearchGoal.self, forKey: .goal)
        space = try c.decode(SearchSpace.self, forKey: .space)
        schedule = try c.decode(SearchSchedule.self, forKey: .schedule)
        let space = self.space
        func restore(_ r: TrialResult) -> TrialResult {
            var r = r
            r.restoreConfiguration(space)
            return r
        }
        trials = try c.decode([TrialResult].self, forKey: .trials).map(restore)
        rungs = try c.decode([SearchRung].self, forKey: .rungs).map {
            SearchRung(rung: $0.rung, budget: $0.budget, results: $0.results.map(restore), promoted: $0.promoted)
        }
    }
}

extension TrialResult {
    /// Puts the configuration back in the space's order and types (JSON loses both).
    mutating func restoreConfiguration(_ space: SearchSpace) {
        let order = configuration.reordered(space.names)
        let pairs = zip(order.names, order.values).map { name, value in
            (name, space[name]?.restoredValue(value) ?? value)
        }
        self = TrialResult(trial: trial, seed: seed, configuration: Configuration(pairs), score: score,
                           budget: budget, rung: rung, status: status, message: message, seconds: seconds)
            .withRank(rank)
    }

    private func withRank(_ rank: Int) -> TrialResult {
        var copy = self
        copy.rank = rank
        return copy
    }
}

extension SearchDimension {
    /// `value` as this dimension declares it: `.double` for continuous dimensions, `.int` for integer
    /// ones, the listed value of a choice that is numerically equal (so a JSON `2` becomes a declared `2.0`).
    func restoredValue(_ value: HyperparameterValue) -> HyperparameterValue {
        switch kind {
        case .uniform, .logUniform:
            return value.doubleValue.map { .double($0) } ?? value
        case .integer:
            if case .double(let d) = value, let i = Int(exactly: d) { return .int(i) }
            return value
        case .choice(let values):
            if values.contains(value) { return value }
            if let d = value.doubleValue, let match = values.first(where: { $0.doubleValue == d }) { return match }
            return value
        }
    }
}
