import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm sample`: text from a character language model trained by `lstm train textgen`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate text from a checkpoint written by `lstm train textgen`.",
        discussion: """
            The prime is fed to the model first; then each new character is drawn
            from softmax(scores / --temperature), over the --top-k most likely
            characters only when --top-k > 0, and fed back, the LSTM state carried
            from character to character. Prints the prime, then the new text.
            Without --prime, generation starts as if after a newline (for a text
            without newlines: after its most frequent character), not printed.
              lstm sample runs/textgen --prime "ROMEO:" --length 500
              lstm sample runs/textgen --top-k 1     (greedy: same text every time)
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Option(help: "Text to start from (every character must occur in the training text).")
    var prime = ""

    @Option(help: "Number of characters to generate.")
    var length = 500

    @Option(help: "Sampling temperature, > 0: lower is safer and more repetitive, higher more surprising.")
    var temperature = 0.8

    @Option(help: "Sample only among the k most likely characters (0: all; 1: greedy).")
    var topK = 0

    @OptionGroup var common: CommonOptions

    func checkOptions() throws {
        if let problem = TextSampler<Float>.temperatureProblem(temperature) { throw CLIError("--\(problem)") }
        if length < 0 { throw CLIError("--length must be >= 0, got \(length)") }
        if topK < 0 { throw CLIError("--top-k must be >= 0 (0 = off), got \(topK)") }
    }

    func run() throws {
        try checkOptions()
        let console = Console(json: common.json)
        let info = try TaskCheckpoint.info(at: checkpoint, expected: [TextgenTask.name], command: "sample")
        let url = TaskCheckpoint.resolve(checkpoint)
        let (model, _, vocabulary) = try TextgenTask.loadModel(url, info: info)
        let primeIDs = try TextgenSampling.encode(prime: prime, vocabulary: vocabulary)
        let text = TextgenSampling.generate(model: model, vocabulary: vocabulary, prime: primeIDs, length: length,
                                            temperature: temperature, topK: topK, seed: common.seed)
        if console.json {
            try console.emit(["checkpoint": url.path, "prime": prime, "text": text, "length": length,
                              "temperature": temperature, "topK": topK, "seed": common.seed])
        } else {
            console.say(prime + text)
        }
    }
}

/// Prime encoding and generation shared by `lstm sample` and the sample printed after training.
enum TextgenSampling {
    /// The IDs of the prime's characters, or an error naming every character the vocabulary lacks.
    static func encode(prime: String, vocabulary: Vocabulary) throws -> [Int] {
        let characters = CharacterTokenizer().tokenize(prime)
        var unknown: [String] = []
        for c in characters where !vocabulary.contains(c) && !unknown.contains(c) { unknown.append(c) }
        if !unknown.isEmpty {
            let listed = unknown.prefix(10).map(TextgenTask.describe).joined(separator: ", ")
            let more = unknown.count > 10 ? " and \(unknown.count - 10) more" : ""
            throw CLIError("--prime has \(unknown.count == 1 ? "a character" : "characters") the model never saw " +
                           "in its training text: \(listed)\(more); the vocabulary has \(vocabulary.count) characters")
        }
        return vocabulary.encode(characters)
    }

    /// `length` characters after `prime` (empty: after "\n", or the most frequent character, not printed).
    static func generate(model: CharLanguageModel<Float>, vocabulary: Vocabulary, prime: [Int], length: Int,
                         temperature: Double, topK: Int, seed: UInt64) -> String {
        let sampler = TextSampler(model: model)
        sampler.feed(prime.isEmpty ? [vocabulary.id(of: "\n") ?? 0] : prime)
        let ids = sampler.generate(count: length, temperature: temperature, topK: topK, rng: RandomSource(seed: seed))
        return CharacterTokenizer().detokenize(vocabulary.decode(ids))
    }
}
