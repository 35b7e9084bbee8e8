import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct ESNDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esn",
        abstract: "Train an echo state network on Mackey-Glass (tau = 17) and report the free-run NRMSE at 84 steps.",
        discussion: """
            The classic ESN benchmark (Jaeger 2001): a fixed random reservoir, a ridge-regression readout \
            trained teacher-forced on --train-length steps, then --runs free runs of --horizon steps in which \
            each output is fed back as the next input. NRMSE84 is the error at the last step, normalized by \
            the series' standard deviation. See docs/esn.md.
            """
    )

    @OptionGroup var esn: ESNOptions
    @Option(parsing: .unconditional, help: "Teacher-forced training steps.") var trainLength = 2000
    @Option(parsing: .unconditional, help: "Free-run steps per run.") var horizon = 84
    @Option(parsing: .unconditional, help: "Free runs (from successive origins after the training data).") var runs = 20
    @Option(help: "Also write the series used to this CSV (columns t, x), e.g. for `lstm train forecast --data`.")
    var seriesCSV: String?
    @OptionGroup var common: CommonOptions

    func run() throws {
        var s = MackeyGlassESN.Settings()
        s.reservoirSize = esn.reservoirSize; s.spectralRadius = esn.spectralRadius; s.leakRate = esn.leakRate
        s.inputScaling = esn.inputScaling; s.biasScaling = esn.biasScaling; s.sparsity = esn.sparsity
        s.ridge = esn.ridge; s.washout = esn.washout
        s.trainLength = trainLength; s.horizon = horizon; s.runs = runs
        s.seed = common.seed ?? 0
        if let problem = s.problem { throw CLIError(problem) }
        let console = common.console
        if let path = seriesCSV {
            let rows = MackeyGlassESN.series(s).enumerated().map { "\($0.offset),\($0.element)" }
            try (["t,x"] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
            console.say("wrote the series to \(path)")
        }
        console.say("Mackey-Glass tau = 17 (Euler 0.1, subsampled by 10); ESN N = \(s.reservoirSize), rho \(s.spectralRadius), " +
                    "leak \(s.leakRate), sparsity \(s.sparsity), ridge \(s.ridge), seed \(s.seed)")
        let r = MackeyGlassESN.run(s)
        console.say("trained on \(s.trainLength) steps (washout \(s.washout)) in \(fixed(r.trainSeconds, 2)) s: " +
                    "teacher-forced NRMSE \(String(format: "%.2e", r.trainNRMSE))")
        console.say("free run, \(s.runs) runs of \(s.horizon) steps in \(fixed(r.testSeconds, 2)) s: NRMSE at step " +
                    "\(s.horizon) \(String(format: "%.2e", r.nrmseAtHorizon)), over all steps " +
                    "\(String(format: "%.2e", r.freeRunNRMSE))")
        if common.json {
            struct Report: Encodable { var task = "esn"; var report: MackeyGlassESN.Report }
            try console.emit(Report(report: r))
        }
    }
}
