import ArgumentParser
import Foundation
import LSTMKitApps

/// What every `lstm train <task>` command does once its options are parsed: build the task's config from
/// its defaults and the options (or, with `--resume DIR`, read the saved one), run the task, print the
/// report. Bad input of any kind becomes one `CLIError` line.
enum TrainRunner {
    static func run<T: ApplicationTask>(
        _ task: T.Type, defaults: T.Config, training: TrainingOptions, common: CommonOptions,
        apply: (inout T.Config) throws -> Void
    ) throws {
        let console = common.console
        var config = defaults
        try CLIError.wrapping {
            try apply(&config)
            training.apply(to: &config.training)
            if let seed = common.seed { config.training.seed = seed }
            if let output = training.output { config.output = output }
        }
        if let directory = training.resume {
            if config != defaults {
                throw CLIError("--resume \(directory) continues the saved run with its own settings; give no other " +
                               "training options (only --json)")
            }
            config = try CLIError.wrapping { try T.savedConfig(in: directory) }
        }
        let report = try CLIError.wrapping {
            try T.train(config, resume: training.resume != nil, observer: console.observer)
        }
        try console.report(report)
    }
}

/// `--tbptt k1,k2`: truncated backpropagation through time with k1 characters between updates and k2
/// characters of gradient history (k1 <= k2).
struct TBPTTOption: ExpressibleByArgument {
    var k1: Int
    var k2: Int

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let k1 = parts[0], let k2 = parts[1] else { return nil }
        self.k1 = k1
        self.k2 = k2
    }
}
