import Foundation
import LSTMKit

/// A word language model loaded from a `lstm train wordlm` checkpoint: the network, its vocabulary and
/// config, and sampling.
///
///     let model = try WordLMTask.load(URL(fileURLWithPath: "runs/wordlm/best.safetensors"))
///     print(try model.sample(prime: ["the", "company"], length: 30, seed: 1))
public struct WordLMModel {
    public let config: WordLMConfig
    public let network: WordLanguageModel
    public let vocabulary: Vocabulary
    public let step: Int
    public let path: String

    public static let maximumLength = 100_000

    /// `length` words generated after `prime` (not included), joined by spaces, `<eos>` as a line break. Each
    /// word is drawn from softmax(log p / temperature) (among the `topK` most likely when topK > 0) and fed
    /// back, the state carried. An empty prime starts as if after an end of sentence.
    public func sample(prime: [String], length: Int, temperature: Double = 1, topK: Int = 0, seed: UInt64 = 0) throws -> String {
        if let problem = TextSampler<Float>.temperatureProblem(temperature) {
            throw ConfigError("temperature", String(problem.dropFirst("temperature ".count)))
        }
        try Check.atLeast(length, 0, "length")
        try Check.atMost(length, Self.maximumLength, "length")
        try Check.atLeast(topK, 0, "topK")
        let ids = try encode(prime: prime)
        let rng = RandomSource(seed: seed)
        let wasTraining = network.isTraining
        network.eval()
        defer { if wasTraining { network.train() } }
        var generated: [Int] = []
        withoutGrad {
            var feed = ids.isEmpty ? [vocabulary.id(of: SentenceWordTokenizer.endOfSentence) ?? 0] : ids
            var states: [EncoderState<Float>]? = nil
            for _ in 0..<length {
                let (h, final) = network.hidden(feed, shape: [feed.count, 1], states: states)
                states = final
                let last = h.reshaped([feed.count, network.config.hiddenSize]).slice(axis: 0, (feed.count - 1)..<feed.count)
                let logp = network.logProbabilities(last).scalars.map { Double($0) }
                let id = TextSampler<Float>.choose(logits: logp, temperature: temperature, topK: topK,
                                                   uniform: rng.uniforms(count: 1)[0])
                generated.append(id)
                feed = [id]
            }
        }
        return SentenceWordTokenizer().detokenize(vocabulary.decode(generated))
    }

    /// The IDs of the prime's words, or an error naming the first word the vocabulary lacks.
    func encode(prime: [String]) throws -> [Int] {
        if let missing = prime.first(where: { !vocabulary.contains($0) }) {
            throw ConfigError("prime", "word \"\(missing)\" is not in the model's vocabulary of \(vocabulary.count) words")
        }
        return vocabulary.encode(prime)
    }
}
