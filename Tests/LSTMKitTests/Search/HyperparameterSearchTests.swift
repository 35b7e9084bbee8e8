import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

private struct Diverged: Error, CustomStringConvertible {
    var description: String { "loss diverged at step 7" }
}

@Suite struct HyperparameterSearchTests {
    /// A grid over x = 0 ... n-1 (trial i has x = i).
    func grid(_ n: Int, seed: UInt64 = 0) -> GridSearch {
        GridSearch(SearchSpace([.integer("x", 0...(n - 1))]), seed: seed)
    }

    @Test func rankingWithFailuresLast() {
        var calls = 0
        let results = grid(6).run(progress: { _ in calls += 1 }) { config, _ in
            switch try config.int("x") {
            case 1: throw Diverged()
            case 2: return .nan
            case 3: return .infinity
            case 5: return Double(try config.int("hidden"))
            case let x: return Double(10 - x)
            }
        }
        #expect(calls == 6)
        #expect(results.trials.map(\.trial) == [4, 0, 1, 2, 3, 5])
        #expect(results.trials.map(\.rank) == [1, 2, 3, 4, 5, 6])
        #expect(results.trials.map(\.status) == [.completed, .completed, .failed, .failed, .failed, .failed])
        #expect(results.trials[0].score == 6 && results.trials[1].score == 10)
        #expect(results.trials[2].score == nil)
        #expect(results.failures.map { $0.message ?? "" } == [
            "loss diverged at step 7", "objective returned nan", "objective returned inf",
            "Configuration: no hyperparameter \"hidden\"; available: x",
        ])
        #expect(results.trials[2].description.hasPrefix(
            "#3 trial 1: x=1 -> failed: loss diverged at step 7 (budget 1, failed, "))
        #expect(results.trials[0].description.hasPrefix("#1 trial 4: x=4 -> score 6.0 (budget 1, completed, "))
        #expect(results.bestConfiguration == ["x": 4])
        #expect(results.bestScore == 6)
        #expect(results.rungs.count == 1 && results.rungs[0].promoted.isEmpty)
    }

    @Test func maximizeRanksHighestFirst() {
        let results = grid(5).run(goal: .maximize, schedule: .fixedBudget(3)) { config, context in
            #expect(context.budget == 3 && context.rung == 0)
            return Double(try config.int("x") % 3)          // 0 1 2 0 1
        }
        #expect(results.trials.map(\.trial) == [2, 1, 4, 0, 3])   // ties by trial index
        #expect(results.trials.allSatisfy { $0.budget == 3 })
        #expect(results.best?.trial == 2)
    }

    @Test func everyTrialFailing() {
        let results = grid(2).run { _, _ in throw Diverged() }
        #expect(results.best == nil && results.bestConfiguration == nil)
        #expect(results.description.contains("every trial failed"))
    }

    @Test func contextCarriesTheDerivedSeed() {
        var seen: [TrialContext] = []
        _ = grid(3, seed: 9).run(schedule: .fixedBudget(5)) { _, context in
            seen.append(context)
            return 0
        }
        #expect(seen == (0..<3).map {
            TrialContext(trial: $0, seed: SearchSeeds.trialSeed(searchSeed: 9, trial: $0), budget: 5, rung: 0)
        })
        #expect(seen[0].makeRandomSource().next() == RandomSource(seed: seen[0].seed).next())
    }

    @Test func rungBudgets() {
        #expect(SearchSchedule.successiveHalving(minBudget: 1, maxBudget: 27, eta: 3).rungBudgets == [1, 3, 9, 27])
        #expect(SearchSchedule.successiveHalving(minBudget: 1, maxBudget: 10, eta: 3).rungBudgets == [1, 3, 10])
        #expect(SearchSchedule.successiveHalving(minBudget: 2, maxBudget: 27, eta: 3).rungBudgets == [3, 9, 27])
        #expect(SearchSchedule.successiveHalving(minBudget: 5, maxBudget: 5, eta: 2).rungBudgets == [5])
        #expect(SearchSchedule.successiveHalving(minBudget: 1, maxBudget: 8, eta: 2).rungBudgets == [1, 2, 4, 8])
        #expect(SearchSchedule.fixedBudget(7).rungBudgets == [7])
    }

    @Test func successiveHalvingKeepsTheBestThirdWithTripleBudget() {
        var calls: [(trial: Int, budget: Int, seed: UInt64)] = []
        let search = grid(9, seed: 1)
        let results = search.run(schedule: .successiveHalving(minBudget: 1, maxBudget: 9, eta: 3)) { config, context in
            calls.append((context.trial, context.budget, context.seed))
            return Double(abs(try config.int("x") - 3)) + 1 / Double(context.budget)
        }
        #expect(calls.map(\.budget) == Array(repeating: 1, count: 9) + [3, 3, 3, 9])
        #expect(calls.suffix(4).map(\.trial) == [2, 3, 4, 3])
        #expect(calls.allSatisfy { $0.seed == SearchSeeds.trialSeed(searchSeed: 1, trial: $0.trial) })
        #expect(results.rungs.map(\.budget) == [1, 3, 9])
        #expect(results.rungs.map(\.results.count) == [9, 3, 1])
        #expect(results.rungs.map(\.promoted) == [[3, 2, 4], [3], []])
        #expect(results.trials.map(\.trial) == [3, 2, 4, 1, 5, 0, 6, 7, 8])
        #expect(results.trials.map(\.budget) == [9, 3, 3, 1, 1, 1, 1, 1, 1])
        #expect(results.trials.map(\.status) == [.completed] + Array(repeating: .stopped, count: 8))
        #expect(results.trials[0].score == 1.0 / 9)
        #expect(results.trials[1].score == 1 + 1.0 / 3)
        let lines = results.description.split(separator: "\n")
        #expect(lines.last == "rung 2: budget 9, 1 trials")
        #expect(lines.contains("rung 0: budget 1, 9 trials; promoted trials 3, 2, 4"))
    }

    @Test func successiveHalvingWithAFailureAtARung() {
        let results = grid(9).run(schedule: .successiveHalving(minBudget: 1, maxBudget: 9, eta: 3)) { config, context in
            let x = try config.int("x")
            if x == 3 && context.budget == 3 { throw Diverged() }
            return Double(abs(x - 3))
        }
        #expect(results.rungs.map(\.promoted) == [[3, 2, 4], [2], []])
        #expect(results.trials.first?.trial == 2)
        #expect(results.trials.first?.budget == 9)
        #expect(results.trials.last?.trial == 3)
        #expect(results.trials.last?.status == .failed)
        #expect(results.trials.last?.budget == 3)
    }
}
