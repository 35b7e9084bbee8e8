import ArgumentParser
import Foundation
import LSTMKitApps

/// A `lstm train <task>` command: its options make the task's config.
protocol TaskTrainCommand: ParsableCommand {
    associatedtype Task: ApplicationTask
    var training: TrainingOptions { get }
    var common: CommonOptions { get }
    /// The task's defaults for these options (a preset's, or the task's own).
    var defaults: Task.Config { get }
    /// Sets the task-specific options on `config` (the shared training options are set by `makeConfig`).
    func apply(to config: inout Task.Config) throws
}

extension TaskTrainCommand {
    /// The config these options describe: the defaults, then every given option; with `--resume DIR`, the
    /// saved run's config (other training options are refused, so nothing changes silently).
    func makeConfig() throws -> Task.Config {
        var config = defaults
        try CLIError.wrapping {
            try apply(to: &config)
            training.apply(to: &config.training)
            if let seed = common.seed { config.training.seed = seed }
            if let output = training.output { config.output = output }
        }
        if let directory = training.resume {
            if config != defaults {
                throw CLIError("--resume \(directory) continues the saved run with its own settings; give no other " +
                               "training options (only --json and --report)")
            }
            config = try CLIError.wrapping { try Task.savedConfig(in: directory) }
        }
        return config
    }

    /// What every `lstm train <task>` command does: build the config, run the task, print the report.
    func run() throws {
        let config = try makeConfig()
        if training.report && Task.name == RLTask.name {   // PPO does not run through TaskTraining's history
            throw CLIError("--report: lstm train rl has no report yet; its learning curve is in RUN_DIR/curve.csv")
        }
        let console = common.console
        let report = try CLIError.wrapping {
            try removingUnusedOutputDirectory(config.output) {
                try Task.train(config, resume: training.resume != nil, observer: console.observer)
            }
        }
        try console.report(report)
        if training.report {
            let url = try CLIError.wrapping { try RunReport.write(runDirectory: config.output) }
            console.say("report: \(url.path)")
        }
    }
}

/// `--tbptt k1,k2`: truncated backpropagation through time with k1 characters between updates and k2
/// characters of gradient history (k1 <= k2).
struct TBPTTOption: ExpressibleByArgument {
    var k1: Int
    var k2: Int

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let k1 = parts[0], let k2 = parts[1], k1 >= 1, k2 >= 1 else { return nil }
        self.k1 = k1
        self.k2 = k2
    }
}
