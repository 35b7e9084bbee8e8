import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm sample`: text from a character language model trained by `lstm train textgen`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate text from a checkpoint written by `lstm train textgen`.",
        discussion: """
            The prime is fed to the model first; then each new character is drawn
            from softmax(scores / --temperature), over the --top-k most likely
            characters only when --top-k > 0, and fed back, the recurrent state
            carried from character to character. Prints the prime, then the new
            text. Without --prime, generation starts as if after a newline.
              lstm sample runs/textgen --prime "ROMEO:" --length 500
              lstm sample runs/textgen --top-k 1     (greedy: same text every time)
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Option(help: "Text to start from (every character must occur in the training text).")
    var prime = ""

    @Option(parsing: .unconditional, help: "Number of characters to generate (at most \(TextgenModel.maximumLength)).")
    var length = 500

    @Option(parsing: .unconditional, help: "Sampling temperature, > 0: lower is safer and more repetitive, higher more surprising.")
    var temperature = 0.8

    @Option(parsing: .unconditional, help: "Sample only among the k most likely characters (0: all; 1: greedy).")
    var topK = 0

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        let sample = try CLIError.wrapping {
            let loaded = try TaskCheckpoint.load(checkpoint)
            guard case .textgen(let model) = loaded else {
                throw TaskError("\(checkpoint) is a \(loaded.taskName) checkpoint, but `lstm sample` needs one of " +
                                "`lstm train textgen`; use `lstm predict` or `lstm evaluate` for it")
            }
            let seed = common.seed ?? 0
            let text = try model.sample(prime: prime, length: length, temperature: temperature, topK: topK, seed: seed)
            return TextSample(checkpoint: model.path, prime: prime, text: text, length: length,
                              temperature: temperature, topK: topK, seed: seed)
        }
        try console.report(sample)
    }
}
