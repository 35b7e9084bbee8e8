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
            Every subcommand takes --seed (same seed, same numbers on the same kind
            of CPU) and --json (results as one JSON object on stdout). Bad input
            is one line `Error: ...` and exit status 1.
            Examples:
              lstm demo textgen                      an LSTM learns to write, 1 minute
              lstm train textgen                     a character LM -> runs/textgen
              lstm sample runs/textgen --prime "ROMEO:"
              lstm train classify --data X_TRAIN.ts  your UCR/UEA .ts pair
              lstm train forecast --preset co2       forecasts vs classical baselines
              lstm train translate --data multi30k   German -> English with attention
              lstm translate runs/translate "Ein Hund rennt." --attention
              lstm search classify --space s.yaml -- --dataset digits
              lstm report runs/textgen               curves and results as one HTML page
              lstm inspect runs/textgen --input "To be, or not to be" --output i.html
              lstm export runs/textgen --onnx textgen.onnx  the network for ONNX Runtime
              lstm demo vanishing-gradient           RNN, GRU and LSTM side by side
              lstm explain                           one LSTM step, every number
            """,
        version: LSTMKit.version,
        subcommands: [TrainCommand.self, EvaluateCommand.self, SampleCommand.self, PredictCommand.self, TagCommand.self,
                      TranslateCommand.self, SearchCommand.self, ReportCommand.self, InspectCommand.self,
                      DemoCommand.self, ExplainCommand.self, GradcheckCommand.self, ImportCommand.self,
                      ExportCommand.self]
    )

    static func main() { Foundation.exit(execute(Array(CommandLine.arguments.dropFirst()))) }

    /// Parses and runs `arguments`; returns the exit status: 0 for success, help and version (printed on
    /// stdout), 1 for every error (one line `Error: ...` on stderr).
    static func execute(_ arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            if exitCode(for: error) == .success {
                Console.writeOutput(fullMessage(for: error) + "\n")
                return 0
            }
            Console.writeError("Error: " + CLIError.message(for: error) + "\n")
            return 1
        }
    }
}
