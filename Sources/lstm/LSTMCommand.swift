import ArgumentParser
import LSTMKit

@main
struct LSTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm",
        abstract: "Train, inspect and understand recurrent neural networks (LSTMKit).",
        discussion: """
            Every subcommand takes --seed, so the same command prints the same numbers, and --json for
            machine-readable results on stdout.
            Examples:
              lstm demo xor                              a tiny MLP learns XOR
              lstm train textgen --output runs/shakespeare   a character language model on tiny-shakespeare
              lstm sample runs/shakespeare --prime "ROMEO:"   text from the trained model
              lstm evaluate runs/shakespeare             its validation loss again, from the checkpoint
              lstm explain                               one LSTM step, every equation with its numbers
            """,
        version: LSTMKit.version,
        subcommands: [TrainCommand.self, EvaluateCommand.self, SampleCommand.self, PredictCommand.self,
                      DemoCommand.self, ExplainCommand.self, GradcheckCommand.self]
    )
}
