import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm sample`: text from a language model trained by `lstm train textgen` (characters) or
/// `lstm train wordlm` (words).
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate text from a checkpoint written by `lstm train textgen` or `lstm train wordlm`.",
        discussion: """
            The prime is fed to the model first; then each new character is drawn
            from softmax(scores / --temperature), over the --top-k most likely
            characters only when --top-k > 0, and fed back, the recurrent state
            carried from character to character. Prints the prime, then the new
            text. Without --prime, generation starts as if after a newline.
              lstm sample runs/textgen --prime "ROMEO:" --length 500
              lstm sample runs/textgen --top-k 1     (greedy: same text every time)
            A word model (lstm train wordlm) reads --prime as words separated by
            spaces (each must be in its vocabulary), joins the generated words by
            spaces and writes <eos> as a line break; --length counts words.
              lstm sample runs/wordlm --prime "the company said" --length 40
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Option(help: "Text to start from (every character, or for a word model every word, must occur in the training text).")
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
            let seed = common.seed ?? 0
            if case .wordlm(let model) = loaded {
                let words = prime.split(whereSeparator: \.isWhitespace).map(String.init)
                let text = try model.sample(prime: words, length: length, temperature: temperature, topK: topK, seed: seed)
                return TextSample(checkpoint: model.path, prime: prime, text: (prime.isEmpty ? "" : " ") + text,
                                  length: length, temperature: temperature, topK: topK, seed: seed)
            }
            guard case .textgen(let model) = loaded else {
                throw TaskError("\(checkpoint) is a \(loaded.taskName) checkpoint, but `lstm sample` needs one of " +
                                "`lstm train textgen` or `lstm train wordlm`; use `lstm predict` or `lstm evaluate` for it")
            }
            let text = try model.sample(prime: prime, length: length, temperature: temperature, topK: topK, seed: seed)
            return TextSample(checkpoint: model.path, prime: prime, text: text, length: length,
                              temperature: temperature, topK: topK, seed: seed)
        }
        try console.report(sample)
    }
}
