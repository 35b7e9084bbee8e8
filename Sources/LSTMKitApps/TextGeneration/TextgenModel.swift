import Foundation
import LSTMKit

/// A character language model loaded from a `lstm train textgen` checkpoint: the network, its vocabulary
/// and config, and sampling.
///
///     let model = try TextgenTask.load(URL(fileURLWithPath: "runs/textgen/best.safetensors"))
///     print(try model.sample(prime: "ROMEO:", length: 200, temperature: 0.8, seed: 1))
public struct TextgenModel {
    public let config: TextgenConfig
    public let network: CharLanguageModel<Float>
    public let vocabulary: Vocabulary
    /// The optimizer steps the checkpoint was trained for.
    public let step: Int
    /// The checkpoint file.
    public let path: String
    /// The characters of the data file when the model was trained.
    public let trainedCharacters: Int?

    /// The longest sample `sample` generates.
    public static let maximumLength = 1_000_000

    /// `length` characters generated after `prime` (the prime itself is not included). Each character is
    /// drawn from softmax(scores / temperature), among the `topK` most likely only when topK > 0, and fed
    /// back. An empty prime starts as if after a newline (or the first character of the vocabulary).
    public func sample(prime: String, length: Int, temperature: Double = 0.8, topK: Int = 0,
                       seed: UInt64 = 0) throws -> String {
        if let problem = TextSampler<Float>.temperatureProblem(temperature) { throw ConfigError("temperature", String(problem.dropFirst("temperature ".count))) }
        try Check.atLeast(length, 0, "length")
        try Check.atMost(length, Self.maximumLength, "length")
        try Check.atLeast(topK, 0, "topK")
        let ids = try encode(prime: prime)
        let sampler = TextSampler(model: network)
        sampler.feed(ids.isEmpty ? [vocabulary.id(of: "\n") ?? 0] : ids)
        let generated = sampler.generate(count: length, temperature: temperature, topK: topK, rng: RandomSource(seed: seed))
        return CharacterTokenizer().detokenize(vocabulary.decode(generated))
    }

    /// The IDs of the prime's characters, or an error naming every character the vocabulary lacks.
    func encode(prime: String) throws -> [Int] {
        let characters = CharacterTokenizer().tokenize(prime)
        var unknown: [String] = []
        for c in characters where !vocabulary.contains(c) && !unknown.contains(c) { unknown.append(c) }
        if !unknown.isEmpty {
            let listed = unknown.prefix(10).map(TextgenTask.describe(character:)).joined(separator: ", ")
            let more = unknown.count > 10 ? " and \(unknown.count - 10) more" : ""
            throw ConfigError("prime", "has \(unknown.count == 1 ? "a character" : "characters") the model never saw " +
                              "in its training text: \(listed)\(more); the vocabulary has \(vocabulary.count) characters")
        }
        return vocabulary.encode(characters)
    }
}
