import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm sample`: text from a language model trained by `lstm train textgen` (characters) or `lstm train wordlm`
/// (words), or a chorale as a MIDI file from a piano-roll model trained by `lstm train music`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate text from a `lstm train textgen` or `lstm train wordlm` checkpoint, or a MIDI chorale from a `lstm train music` one.",
        discussion: """
            The prime is fed to the model first; then each new character is drawn
            from softmax(scores / --temperature), over the --top-k most likely
            characters only when --top-k > 0, and fed back, the recurrent state
            carried from character to character. Prints the prime, then the new
            text. Without --prime, generation starts as if after a newline.
              lstm sample runs/textgen --prime "ROMEO:" --length 500
              lstm sample runs/textgen --top-k 1     (greedy: same text every time)
            A music checkpoint writes a standard MIDI file (--output, required): it starts from
            the opening chord of a training chorale chosen by --seed, then draws each of the 88
            keys of every next quarter-note step from sigmoid(logits / --temperature) (default 1)
            and feeds it back; a pitch held over consecutive steps is one note.
              lstm sample runs/music --output chorale.mid --length 64 --seed 1
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

    @Option(parsing: .unconditional, help: "Number of characters (or words, for a word model) to generate (at most \(TextgenModel.maximumLength) characters or \(WordLMModel.maximumLength) words; default 500), or of quarter-note steps of a chorale (at most \(MusicModel.maximumLength); default 64).")
    var length: Int?

    @Option(parsing: .unconditional, help: "Sampling temperature, > 0: lower is safer and more repetitive, higher more surprising (default 0.8 for text, 1 for music).")
    var temperature: Double?

    @Option(help: "Music checkpoints: the MIDI file to write (FILE.mid).")
    var output: String?

    @Option(parsing: .unconditional, help: "Music checkpoints: quarter notes per minute of the MIDI file (default 100).")
    var tempo = 100

    @Option(parsing: .unconditional, help: "Sample only among the k most likely characters (0: all; 1: greedy).")
    var topK = 0

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        let loaded = try CLIError.wrapping { try TaskCheckpoint.load(checkpoint) }
        if case .music(let model) = loaded {
            guard let output else { throw CLIError("a music checkpoint writes a MIDI file: give --output FILE.mid") }
            if prime != "" || topK != 0 { throw CLIError("--prime and --top-k apply to textgen checkpoints only") }
            return try console.report(try CLIError.wrapping {
                try model.writeSample(to: output, length: length ?? 64, temperature: temperature ?? 1,
                                      seed: common.seed ?? 0, beatsPerMinute: tempo)
            })
        }
        if output != nil { throw CLIError("--output applies to music checkpoints only (text is printed)") }
        let sample = try CLIError.wrapping {
            let seed = common.seed ?? 0
            if case .wordlm(let model) = loaded {
                let words = prime.split(whereSeparator: \.isWhitespace).map(String.init)
                let (length, temperature) = (length ?? 500, temperature ?? 0.8)
                let text = try model.sample(prime: words, length: length, temperature: temperature, topK: topK, seed: seed)
                return TextSample(checkpoint: model.path, prime: prime, text: (prime.isEmpty || text.isEmpty || text.hasPrefix("\n") ? "" : " ") + text,
                                  length: length, temperature: temperature, topK: topK, seed: seed)
            }
            guard case .textgen(let model) = loaded else {
                throw TaskError("\(checkpoint) is a \(loaded.taskName) checkpoint, but `lstm sample` needs one of " +
                                "`lstm train textgen`, `lstm train wordlm` or `lstm train music`; use `lstm predict` or `lstm evaluate` for it")
            }
            let (length, temperature) = (length ?? 500, temperature ?? 0.8)
            let text = try model.sample(prime: prime, length: length, temperature: temperature, topK: topK, seed: seed)
            return TextSample(checkpoint: model.path, prime: prime, text: text, length: length,
                              temperature: temperature, topK: topK, seed: seed)
        }
        try console.report(sample)
    }
}
