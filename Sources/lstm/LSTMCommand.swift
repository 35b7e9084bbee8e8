import ArgumentParser
import LSTMKit
import LSTMKitApps

@main
struct LSTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm",
        abstract: "Train, inspect and understand recurrent neural networks (LSTMKit).",
        discussion: """
            Every subcommand takes --seed (same seed, same numbers) and --json
            (machine-readable results on stdout).
            Examples:
              lstm demo xor                          a tiny MLP learns XOR
              lstm train textgen                     a character LM -> runs/textgen
              lstm sample runs/textgen --prime "ROMEO:"
              lstm evaluate runs/textgen             its validation loss again
              lstm train classify --dataset digits   also mnist, vowels, hapt
              lstm demo vanishing-gradient           RNN, GRU and LSTM side by side
              lstm explain                           one LSTM step, every number
            """,
        version: LSTMKit.version,
        subcommands: [TrainCommand.self, EvaluateCommand.self, SampleCommand.self, PredictCommand.self,
                      DemoCommand.self, ExplainCommand.self, GradcheckCommand.self]
    )
}
