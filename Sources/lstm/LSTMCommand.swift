import ArgumentParser
import LSTMKit

@main
struct LSTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm",
        abstract: "Train, inspect and understand recurrent neural networks (LSTMKit).",
        discussion: """
            Every subcommand takes --seed, so the same command prints the same numbers.
            Examples:
              lstm demo xor                 train a tiny MLP on XOR and watch the loss fall
              lstm demo xor --json          the same, as machine-readable JSON on stdout
            """,
        version: LSTMKit.version,
        subcommands: [DemoCommand.self]
    )
}
