import Foundation

/// A set of configurations to try (`GridSearch`, `RandomSearch`) and the loop that tries them.
///
///     let space = try SearchSpace(parsing: "learningRate=loguniform(1e-3,1e-1);hiddenSize=choice(8,16)")
///     let results = RandomSearch(space, trials: 4, seed: 0).run { config, context in
///         let lr = try config.double("learningRate"), hidden = try config.int("hiddenSize")
///         return trainAndValidate(lr: lr, hidden: hidden, steps: context.budget, seed: context.seed)
///     }
///     print(results)                     // the ranked table, best first
///     results.bestConfiguration          // learningRate=0.0316..., hiddenSize=16
///     try results.writeCSV(to: URL(fileURLWithPath: "search.csv"))
///
/// The objective trains with one configuration and returns a score: lower is better unless the goal is
/// `.maximize`. A trial whose objective throws, or returns NaN or an infinity, is recorded as failed with
/// the error's description and ranked last; the search goes on. Trials run one after another, in index
/// order, on the calling thread.
public protocol HyperparameterSearch: Sendable {
    /// The space the configurations come from.
    var space: SearchSpace { get }
    /// The search seed; `TrialContext.seed` of trial `i` is `SearchSeeds.trialSeed(searchSeed: seed, trial: i)`.
    var seed: UInt64 { get }
    /// How many configurations the search tries.
    var trialCount: Int { get }
    /// Configuration number `trial` (0-based), computed on its own.
    func configuration(trial: Int) -> Configuration
}

extension HyperparameterSearch {
    /// All configurations, in trial order.
    public var configurations: [Configuration] { (0..<trialCount).map { configuration(trial: $0) } }

    /// Stops with a failure unless `0 <= trial < trialCount`.
    func checkTrialIndex(_ trial: Int) {
        if trial < 0 || trial >= trialCount {
            failure("\(Self.self): trial \(trial) is out of range 0..<\(trialCount)")
        }
    }

    /// Calls `objective` for every configuration (several times under successive halving) and ranks them.
    ///
    /// - Parameters:
    ///   - goal: `.minimize` (default) or `.maximize` the returned score.
    ///   - schedule: `.fixedBudget(b)` calls each trial once with budget `b`; `.successiveHalving(...)` runs
    ///     rungs of growing budget and keeps the best `1/eta` each time (see `SearchSchedule`).
    ///   - progress: called after each evaluation with its result (for a progress line or a log).
    ///   - objective: trains with a configuration and returns its score; it may throw.
    /// - Complexity: `trialCount` calls for a fixed budget; under successive halving about
    ///   `trialCount * (1 + 1/eta + 1/eta^2 + ...)` calls, most of them with small budgets.
    public func run(
        goal: SearchGoal = .minimize, schedule: SearchSchedule = .fixedBudget(1),
        progress: (TrialResult) -> Void = { _ in },
        objective: (Configuration, TrialContext) throws -> Double
    ) -> SearchResults {
        let budgets = schedule.rungBudgets
        let configurations = self.configurations
        var alive = Array(0..<trialCount)
        var rungs: [SearchRung] = []
        var latest: [Int: TrialResult] = [:]        // the last evaluation of each trial
        var totalSeconds = [Double](repeating: 0, count: trialCount)
        for (rung, budget) in budgets.enumerated() {
            var results: [TrialResult] = []
            for trial in alive {
                let context = TrialContext(trial: trial, seed: SearchSeeds.trialSeed(searchSeed: seed, trial: trial),
                                           budget: budget, rung: rung)
                let result = evaluate(objective, configurations[trial], context)
                totalSeconds[trial] += result.seconds
                latest[trial] = result
                results.append(result)
                progress(result)
            }
            results = SearchResults.ranked(results, goal: goal)
            let isLast = rung == budgets.count - 1
            let completed = results.filter { $0.status == .completed }
            let keep = isLast ? 0 : Swift.min(completed.count, Swift.max(1, alive.count / (schedule.eta ?? 1)))
            let promoted = completed.prefix(keep).map(\.trial)
            rungs.append(SearchRung(rung: rung, budget: budget, results: results, promoted: promoted))
            alive = promoted.sorted()
            if alive.isEmpty { break }
        }
        let lastRung = budgets.count - 1
        let trials = (0..<trialCount).map { trial -> TrialResult in
            var r = latest[trial]!
            if r.status == .completed && r.rung < lastRung { r.status = .stopped }
            r.seconds = totalSeconds[trial]
            return r
        }
        return SearchResults(goal: goal, space: space, schedule: schedule, trials: trials, rungs: rungs)
    }

    /// One call of the objective, timed, with throws and non-finite scores turned into failures.
    private func evaluate(
        _ objective: (Configuration, TrialContext) throws -> Double,
        _ configuration: Configuration, _ context: TrialContext
    ) -> TrialResult {
        let clock = ContinuousClock()
        let start = clock.now
        var score: Double?
        var message: String?
        do {
            let value = try objective(configuration, context)
            if value.isFinite { score = value } else { message = "objective returned \(value)" }
        } catch {
            message = "\(error)"
        }
        let seconds = (clock.now - start) / .seconds(1)
        return TrialResult(trial: context.trial, seed: context.seed, configuration: configuration, score: score,
                           budget: context.budget, rung: context.rung,
                           status: score == nil ? .failed : .completed, message: message, seconds: seconds)
    }
}
