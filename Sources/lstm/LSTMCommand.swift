import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

@main
struct LSTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm",
        abstract: "Train, inspect and understand recurrent neural networks (LSTMKit).",
        discussion: """
            Every subcommand takes --seed (same seed, same numbers) and --json
            (machine-readable results on stdout). Bad input is one line
            `Error: ...` and exit status 1.
            Examples:
              lstm demo textgen                      a character LM in 2 minutes
              lstm train textgen                     a character LM -> runs/textgen
              lstm sample runs/textgen --prime "ROMEO:"
              lstm evaluate runs/textgen             its validation loss again
              lstm demo vanishing-gradient           RNN, GRU and LSTM side by side
              lstm explain                           one LSTM step, every number
            """,
        version: LSTMKit.version,
        subcommands: [TrainCommand.self, EvaluateCommand.self, SampleCommand.self, PredictCommand.self, SearchCommand.self,
                      DemoCommand.self, ExplainCommand.self, GradcheckCommand.self]
    )

    /// Parses and runs; help and version exit 0, every error is one line on stderr and exit status 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data(("Error: " + CLIError.message(for: error) + "\n").utf8))
            Foundation.exit(1)
        }
    }
}
