import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm report RUN_DIR`: the HTML report of a training run, drawn from the `history.json` that training wrote.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the HTML report of a training run (curves, forecast, confusion matrix, samples, config, machine).",
        discussion: """
            Reads RUN_DIR/history.json, which every `lstm train` writes at each evaluation and
            when training ends, and writes one self-contained HTML file (inline SVG charts and a
            little JavaScript; no network). `lstm train <task> --report` does the same when
            training ends. Examples:
              lstm report runs/textgen                 -> runs/textgen/report.html
              lstm report runs/forecast --output forecast.html
            """
    )

    @Argument(help: "The run directory (the --output of lstm train).")
    var runDirectory: String

    @Option(help: "The HTML file to write (default: RUN_DIR/report.html).")
    var output: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let url = try CLIError.wrapping { try RunReport.write(runDirectory: runDirectory, output: output) }
        if common.json { try common.console.emit(["report": url.path]) } else { common.console.say("report: \(url.path)") }
    }
}
