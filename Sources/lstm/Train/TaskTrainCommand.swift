import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps
import LSTMKitMPI

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
        if !training.distributed && (training.bucketMb != nil || training.stopAfterStep != nil) {
            throw CLIError("\(training.bucketMb != nil ? "--bucket-mb" : "--stop-after-step") applies only with --distributed")
        }
        if training.distributed { return try runDistributed(config) }
        let console = common.console
        let report = try CLIError.wrapping {
            try removingUnusedOutputDirectory(config.output) {
                try Task.train(config, resume: training.resume != nil, observer: console.observer)
            }
        }
        try console.report(report)
        try writeReport(config)
    }

    /// `--distributed`: this process is one rank of an `mpirun` world (or a world of one without mpirun).
    /// Every rank trains; only rank 0 prints and writes. An error ends every rank with rank 0's one line
    /// (the config and data are checked identically on every rank, before the first collective); an error
    /// of another rank alone is printed by that rank, naming it.
    func runDistributed(_ config: Task.Config) throws {
        let megabytes = training.bucketMb ?? DistributedTraining.defaultBucketMegabytes
        try DistributedTraining.check(Task.self, bucketMegabytes: megabytes)   // before MPI starts
        let mpi = try CLIError.wrapping { try MPICommunicator() }
        do {
            let run = try DistributedTraining(communicator: mpi, bucketMegabytes: megabytes)
            let stop = training.stopAfterStep
            let report = try CLIError.wrapping {
                try run.train(Task.self, config, resume: training.resume != nil, observer: common.console.observer,
                              everyRank: { stop.map { [StopAfterStep(step: $0)] } ?? [] })
            }
            mpi.finalize()
            if !run.isMain { return }
            try common.console.report(report)
            try writeReport(config)
        } catch {
            // No MPI_Finalize on an error in a world of several: it waits for every rank, and rank 0 must
            // print first.
            if mpi.worldSize == 1 { mpi.finalize() }
            if mpi.rank == 0 { throw error }   // the CLI prints the line; mpirun then ends every rank
            // mpirun ends the whole job as soon as one rank exits non-zero, which could cut rank 0 off
            // before it prints. Config and data errors happen on every rank alike, so wait for rank 0's
            // exit to end this one; an error of this rank alone (rank 0 then waits in a collective) is
            // printed after the grace period, naming the rank.
            Thread.sleep(forTimeInterval: Self.rankErrorGrace)
            Console.writeError("Error: rank \(mpi.rank): " + CLIError.message(for: error) + "\n")
            Foundation.exit(1)
        }
    }

    /// Seconds a failing rank other than 0 waits for rank 0 to report the same error and end the job.
    static var rankErrorGrace: TimeInterval { 10 }

    /// `--report`: RUN_DIR/report.html.
    func writeReport(_ config: Task.Config) throws {
        if training.report {
            let url = try CLIError.wrapping { try RunReport.write(runDirectory: config.output) }
            common.console.say("report: \(url.path)")
        }
    }
}

/// `--stop-after-step N` (hidden, for Scripts/check-mpi.sh): fails after step N like a killed run.
final class StopAfterStep: TrainingCallback {
    let step: Int
    init(step: Int) { self.step = step }
    func stepDidEnd(_ trainer: TrainerState, _ record: TrainingHistory.Step) throws {
        if record.step == step { throw CLIError("stopped after step \(step) (--stop-after-step)") }
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
