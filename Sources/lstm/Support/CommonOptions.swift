import ArgumentParser

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Random seed (weights, shuffling, dropout, sampling): the same seed prints the same numbers on the same kind of CPU.")
    var seed: UInt64?

    @Flag(help: "Print the results as one JSON object on stdout (progress and messages go to stderr).")
    var json = false

    var console: Console { Console(json: json) }
}
