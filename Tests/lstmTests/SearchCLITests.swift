import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `lstm search <task> --space FILE.yaml`: random, halving and grid searches on tiny classify data (the ranked
/// results, `search.csv` and `search.json`, each trial's own seed and checkpoint), and bad space files.
@Suite struct SearchCLITests {
    let dir = TemporaryDirectory()

    /// `lstm search classify` over the `.ts` pair with the space `yaml`, `options` before `--`, and the trial
    /// options (tiny model, 2 epochs) after it.
    func search(_ yaml: String, _ options: [String], json: Bool = true, epochs: Int = 2,
                trialOptions: [String] = []) throws -> (status: Int32, output: String, error: String) {
        let space = try dir.write(yaml, to: "space.yaml")
        return lstm(["search", "classify", "--space", space, "--output", dir.path("search")] + options + (json ? ["--json"] : []) +
                    ["--", "--data", try TinyData.tsPair(dir), "--epochs", "\(epochs)", "--batch-size", "8"] + trialOptions)
    }

    /// The results printed with --json, which search.json holds too, and search.csv with a row per trial.
    func expectFiles(_ run: (status: Int32, output: String, error: String), trials: Int,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> SearchResults {
        _ = try expectJSON(run, sourceLocation: sourceLocation)
        let results = try SearchResults(contentsOf: dir.url.appendingPathComponent("search/search.json"))
        #expect(try JSONDecoder().decode(SearchResults.self, from: Data(run.output.utf8)) == results, sourceLocation: sourceLocation)
        #expect(results.trials.count == trials, sourceLocation: sourceLocation)
        let csv = try dir.lines("search/search.csv")
        #expect(csv.count == trials + 1 && csv[0].hasPrefix("rank,trial,") && csv[0].hasSuffix(",score,budget,status,seconds,message"),
                sourceLocation: sourceLocation)
        #expect(Set(results.trials.map(\.seed)).count == trials, "trials share a seed", sourceLocation: sourceLocation)
        #expect(results.trials.map(\.rank) == Array(1...trials) && results.goal == .maximize, sourceLocation: sourceLocation)
        return results
    }

    @Test func randomSearchRanksTrialsWithTheirOwnSeeds() throws {
        let results = try expectFiles(try search("space:\n  hidden-size: [2, 4]\n  learning-rate: {loguniform: [1.0e-3, 1.0e-2]}\n",
                                                 ["--trials", "3", "--seed", "7"]), trials: 3)
        let scores = results.trials.compactMap(\.score)
        #expect(scores.count == 3 && scores == scores.sorted(by: >) && scores.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(results.trials.allSatisfy { $0.status == .completed && $0.budget == 2 })
        // Each trial trained with its configuration and seed into DIR/trial-<k>.
        for trial in results.trials {
            let model = try ClassifyTask.load(URL(fileURLWithPath: dir.path("search/trial-\(trial.trial)")))
            #expect(model.config.training.seed == trial.seed && model.config.training.epochs == 2)
            #expect(try model.network.config.recurrent.hiddenSize == trial.configuration.int("hidden-size"))
            #expect(try model.config.training.learningRate == trial.configuration.double("learning-rate"))
        }
        // The same seed draws the same configurations; the table for the terminal ranks them.
        let text = try search("space:\n  hidden-size: [2, 4]\n  learning-rate: {loguniform: [1.0e-3, 1.0e-2]}\n",
                              ["--trials", "3", "--seed", "7"], json: false)
        #expect(text.status == 0 && text.output.contains("rank") && text.output.contains("completed"))
        #expect(try SearchResults(contentsOf: dir.url.appendingPathComponent("search/search.json")).trials
                    .map(\.configuration) == results.trials.map(\.configuration))
    }

    @Test func halvingPromotesTheBestToTheFullBudget() throws {
        let run = try search("space:\n  hidden-size: [2, 3, 4, 5]\n", ["--trials", "4", "--halving"], epochs: 3)
        let results = try expectFiles(run, trials: 4)
        #expect(results.schedule == .successiveHalving(minBudget: 1, maxBudget: 3, eta: 3))
        // Budgets 1 and 3 epochs (min max(1, 3 / 9), max 3, eta 3): one trial goes on, three stop at 1 epoch.
        #expect(results.rungs.map(\.budget) == [1, 3] && results.rungs[0].results.count == 4)
        #expect(results.rungs[0].promoted.count == 1 && results.rungs[1].results.count == 1)
        #expect(results.trials[0].status == .completed && results.trials[0].budget == 3)
        #expect(results.trials.dropFirst().allSatisfy { $0.status == .stopped && $0.budget == 1 })
        // A halving schedule from the file, without --halving.
        let fromFile = try expectJSON(try search("space:\n  hidden-size: [2, 4]\nhalving: {min: 1, max: 2, eta: 2}\ntrials: 2\n", []))
        #expect(fromFile["rungs"].array.map { $0["budget"].int } == [1, 2] && fromFile["trials"].array.count == 2)
    }

    @Test func gridSearchCoversTheGrid() throws {
        let yaml = "space:\n  cell: [lstm, gru]\n  hidden-size: {int: [2, 4, 2]}\n  learning-rate: {uniform: [0.001, 0.01]}\n" +
            "method: grid\npoints: {learning-rate: 1}\n"
        let results = try expectFiles(try search(yaml, []), trials: 4)
        let grid = Set(try results.trials.map { "\(try $0.configuration.string("cell"))/\(try $0.configuration.int("hidden-size"))" })
        #expect(grid == ["lstm/2", "lstm/4", "gru/2", "gru/4"])
        #expect(try results.trials.allSatisfy { try $0.configuration.double("learning-rate") == 0.001 })
    }

    /// `-- --tensorboard TB`: one TensorBoard run per trial (TB/trial-<k>), and per rung with halving
    /// (TB/trial-<k>/budget-<b>), each holding the validation accuracy of its own epochs.
    @Test func tensorboardGetsARunPerTrialAndRung() throws {
        let tb = dir.path("tb")
        func accuracySteps(_ run: String) throws -> [Int] {
            let folder = dir.url.appendingPathComponent("tb/\(run)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            try #require(files.count == 1 && files[0].hasPrefix("events.out.tfevents."), "\(run): \(files)")
            return try TensorBoardEvent.read(folder.appendingPathComponent(files[0])).flatMap { event in
                event.values.compactMap { value -> Int? in
                    if case let .scalar(tag, _) = value, tag == "validation/accuracy" { return event.step }
                    return nil
                }
            }
        }
        _ = try expectFiles(try search("space:\n  hidden-size: [2, 4]\n", ["--trials", "2"],
                                       trialOptions: ["--tensorboard", tb]), trials: 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tb).sorted() == ["trial-0", "trial-1"])
        #expect(try accuracySteps("trial-0").count == 2 && accuracySteps("trial-1").count == 2)

        try FileManager.default.removeItem(atPath: tb)
        let halving = try expectFiles(try search("space:\n  hidden-size: [2, 3, 4, 5]\n", ["--trials", "4", "--halving"],
                                                 epochs: 3, trialOptions: ["--tensorboard", tb]), trials: 4)
        let best = halving.trials[0].trial
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("tb/trial-\(best)")).sorted() ==
                ["budget-1", "budget-3"])
        #expect(try accuracySteps("trial-\(best)/budget-1").count == 1 && accuracySteps("trial-\(best)/budget-3").count == 3)
    }

    @Test func badSpaceFilesAreOneLineAndWriteNothing() throws {
        let cases: [(String, [String], [String])] = [
            ("space: [unclosed\n", [], ["not valid YAML"]),
            ("- just\n- a list\n", [], ["expected a mapping with a `space:` entry"]),
            ("space:\n  hidden-size: [2]\nbudget: 3\n", [], ["unknown entry `budget`"]),
            ("space: {}\n", [], ["`space:` must map option names to values"]),
            ("space:\n  hidden-size: {normal: [1, 2]}\n", [], ["hidden-size: unknown kind `normal`"]),
            ("space:\n  hidden-size: []\n", [], ["hidden-size: an empty list"]),
            ("space:\n  learning-rate: {loguniform: [0, 1]}\n", [], ["learning-rate: loguniform needs low < high, both > 0"]),
            ("space:\n  hidden-size: {int: [4, 2]}\n", [], ["hidden-size: int needs low <= high"]),
            ("space:\n  hidden-size: {int: [1, .nan]}\n", [], ["hidden-size: int needs whole numbers"]),
            ("space:\n  hidden-size: {int: [1.0e30, 2.0e30]}\n", [], ["hidden-size: int needs whole numbers"]),
            ("space:\n  embedding-size: [2, 4]\n", [], ["Unknown option '--embedding-size'"]),
            ("space:\n  cell: [lstm, tcn]\n", [], ["'tcn' is invalid for '--cell"]),
            ("space:\n  learning-rate: {uniform: [0.1, 0.2]}\nmethod: grid\n", [], ["needs `points: {learning-rate: N}`"]),
            ("space:\n  hidden-size: [2, 4]\nmethod: grid\npoints: {hidden-size: 2}\n", [], ["`points:` names hidden-size"]),
            ("space:\n  hidden-size: [2, 4]\nmethod: grid\npoints: {layers: 2}\n", [], ["`points:` names layers"]),
            ("space:\n  learning-rate: {uniform: [0.1, 0.2]}\nmethod: grid\npoints: {learning-rate: 100000000}\n", [],
             ["the grid has 100000000 points"]),
            ("space:\n  hidden-size: [2, 4]\nhalving: {min: 3, max: 1}\n", [], ["`halving:` needs {min: M, max: N}"]),
            ("space:\n  hidden-size: [2, 4]\n", ["--trials", "0"], ["--trials must be at least 1, got 0"]),
        ]
        for (yaml, options, fragments) in cases {
            let run = try search(yaml, options)
            for fragment in fragments { #expect(run.error.contains(fragment), "\(yaml): \(run.error)") }
            expectOneLineError(run)
            #expect(!dir.exists("search"), "\(yaml) wrote files")
        }
        expectOneLineError(lstm(["search", "classify", "--space", dir.path("none.yaml")]), "--space", "no such file")
        expectOneLineError(lstm(["search", "tagging", "--space", dir.path("none.yaml")]), "'tagging' is invalid")
        // A value the task refuses is a failed trial, not a failed search: the table says why.
        let failed = try expectJSON(try search("space:\n  hidden-size: [0]\n", ["--trials", "1"]))
        #expect(failed["trials"][0]["status"].string == "failed" &&
                failed["trials"][0]["message"].string == "--hidden-size must be at least 1, got 0")
    }
}
