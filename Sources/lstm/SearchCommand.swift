import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// The tasks `lstm search` can tune.
enum SearchableTask: String, ExpressibleByArgument, CaseIterable {
    case textgen, sentiment, forecast, classify, tag
}

/// `lstm search`: grid or random search, optionally with successive halving, over any task's options.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Tune a task's options: grid or random search, optionally with successive halving.",
        discussion: """
            The space file (YAML) names `lstm train <task>` options and their values:
              space:
                learning-rate: {loguniform: [1.0e-4, 1.0e-2]}
                hidden-size: [32, 64, 128]
                cell: [lstm, gru]
            Options after `--` go to every trial. Each trial trains with its own
            seed into DIR/trial-<k> and is scored by the task's best validation
            result (accuracy: higher is better; loss: lower). --halving runs
            successive halving over the task's budget (epochs, or steps for
            textgen): every trial starts small, the best third goes on with three
            times the budget. Prints the ranked table and writes DIR/search.csv
            and DIR/search.json. With `-- --tensorboard TB`, each trial logs to
            TB/trial-<k> (TB/trial-<k>/budget-<b> with --halving), so
            `tensorboard --logdir TB` shows the trials side by side.
              lstm search classify --space space.yaml --trials 8 -- --dataset digits --epochs 9
              lstm search classify --space space.yaml --trials 9 --halving -- --dataset digits
            """
    )

    @Argument(help: "The task.")
    var task: SearchableTask

    @Option(help: "The YAML space file.")
    var space: String

    @Option(parsing: .unconditional, help: "Random search: the number of trials (default: the file's, or 8).")
    var trials: Int?

    @Flag(help: "Successive halving over the task's budget (see the discussion).")
    var halving = false

    @Option(help: "Directory for the trials and the results (default runs/search-<task>).")
    var output: String?

    @Argument(parsing: .postTerminator, help: "Options for every trial, after `--`.")
    var taskOptions: [String] = []

    @OptionGroup var common: CommonOptions

    func run() throws {
        switch task {
        case .textgen: try search(TrainTextgenCommand.self)
        case .sentiment: try search(TrainSentimentCommand.self)
        case .forecast: try search(TrainForecastCommand.self)
        case .classify: try search(TrainClassifyCommand.self)
        case .tag: try search(TrainTagCommand.self)
        }
    }

    /// The largest grid searched (a larger one is a mistake that would run for years or exhaust memory).
    static let maximumGrid = 100_000

    func search<C: TaskTrainCommand>(_ command: C.Type) throws {
        let console = common.console
        let file = try SearchSpaceFile.read(space)
        if let trials, trials < 1 { throw CLIError("--trials must be at least 1, got \(trials)") }
        let seed = common.seed ?? 0
        let directory = output ?? "runs/search-\(task.rawValue)"
        let base = try CLIError.wrapping { try C.parse(taskOptions).makeConfig() }
        let usesSteps = base.training.epochs == nil
        let unit = usesSteps ? "steps" : "epochs"
        let fullBudget = usesSteps ? base.training.steps ?? 1 : base.training.epochs ?? 1
        var schedule = SearchSchedule.fixedBudget(fullBudget)
        if halving || file.halving != nil {
            let h = file.halving ?? (max(1, fullBudget / 9), fullBudget, 3)
            schedule = .successiveHalving(minBudget: h.min, maxBudget: h.max, eta: h.eta)
        }
        let strategy: any HyperparameterSearch
        switch file.method {
        case .random: strategy = RandomSearch(file.space, trials: trials ?? file.trials ?? 8, seed: seed)
        case .grid:
            if let missing = file.space.dimensions.first(where: { $0.isContinuous && file.points[$0.name] == nil }) {
                throw CLIError("--space \(space): grid search needs `points: {\(missing.name): N}` for the continuous " +
                               "dimension \(missing.name)")
            }
            for name in file.points.keys.sorted() where file.space[name]?.isContinuous != true {
                throw CLIError("--space \(space): `points:` names \(name), which is not a uniform or loguniform " +
                               "dimension of the space (discrete ones take all their values)")
            }
            let size = file.space.dimensions.reduce(1.0) { $0 * Double($1.discreteCount ?? file.points[$1.name] ?? 1) }
            if size > Double(Self.maximumGrid) {
                throw CLIError("--space \(space): the grid has \(fixed(size, 0)) points; at most \(Self.maximumGrid) " +
                               "(use random search, or fewer points)")
            }
            strategy = GridSearch(file.space, points: file.points, seed: seed)
        }
        // Every trial's options must parse before any trial trains.
        for trial in 0..<strategy.trialCount {
            _ = try CLIError.wrapping { try C.parse(taskOptions + arguments(strategy.configuration(trial: trial))) }
        }
        console.say("search: \(task.rawValue), \(strategy.trialCount) trials (\(file.method.rawValue)), " +
                    "\(schedule), budget unit \(unit); space \(file.space)")
        let quiet = TaskObserver(say: { _ in }, warn: { _ in })
        let results = strategy.run(goal: C.Task.higherIsBetter ? .maximize : .minimize, schedule: schedule,
                                   progress: { r in
            let outcome = r.score.map { String(format: "%.6g", $0) } ?? "failed: \(r.message ?? "")"
            console.say("  trial \(r.trial) (budget \(r.budget) \(unit)): \(r.configuration) -> \(outcome) " +
                        "(\(String(format: "%.1f", r.seconds)) s)")
        }) { configuration, context in
            var config = try C.parse(taskOptions + arguments(configuration)).makeConfig()
            config.output = URL(fileURLWithPath: directory).appendingPathComponent("trial-\(context.trial)").path
            config.training.seed = context.seed
            if let root = base.training.tensorboard {
                // One TensorBoard run per trial (and per rung when halving restarts a trial with more budget).
                var run = URL(fileURLWithPath: root).appendingPathComponent("trial-\(context.trial)")
                if case .successiveHalving = schedule { run.appendPathComponent("budget-\(context.budget)") }
                config.training.tensorboard = run.path
            }
            if usesSteps { config.training.steps = context.budget } else { config.training.epochs = context.budget }
            let report = try CLIError.wrapping { try C.Task.train(config, resume: false, observer: quiet) }
            return report.training.bestValue ?? .nan
        }
        let folder = try CLIError.wrapping { try prepareOutputDirectory(directory) }
        try CLIError.wrapping {
            try results.writeCSV(to: folder.appendingPathComponent("search.csv"))
            try results.writeJSON(to: folder.appendingPathComponent("search.json"))
        }
        if common.json { try console.emit(results) } else { console.say(results.description) }
    }

    /// `--name value` for each dimension; true/false become the flags `--name` / `--no-name`.
    func arguments(_ configuration: Configuration) -> [String] {
        zip(configuration.names, configuration.values).flatMap { name, value -> [String] in
            switch value.stringValue {
            case "true": return ["--\(name)"]
            case "false": return ["--no-\(name)"]
            default: return ["--\(name)", value.description]
            }
        }
    }
}
