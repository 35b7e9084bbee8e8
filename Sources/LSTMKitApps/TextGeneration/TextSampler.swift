import LSTMKit
import Foundation

/// Generates text from a ``CharLanguageModel`` one character at a time, carrying the recurrent state from each
/// character to the next (the model runs in evaluation mode, without a graph):
///
///     feed the prime c[0..<n]:  logits, state = model(c[0..<n], zero state)     (one pass over the prime)
///     repeat:
///         p = softmax(logits / temperature)       over the top-k scores only when topK > 0
///         c = a draw from p                         (topK = 1: the arg max, greedy)
///         logits, state = model(c, state)
///
/// Temperature < 1 sharpens the distribution (safer, more repetitive text), > 1 flattens it (more
/// surprising, more misspelt). Top-k keeps only the k most likely characters.
///
///     let sampler = TextSampler(model: model)
///     sampler.feed(vocabulary.encode(CharacterTokenizer().tokenize("ROMEO:")))
///     let ids = sampler.generate(count: 500, temperature: 0.8, topK: 0, rng: RandomSource(seed: 0))
///     print(vocabulary.decode(ids).joined())
public final class TextSampler<Scalar: TensorScalar> {
    public let model: CharLanguageModel<Scalar>
    /// The recurrent state after the last character fed (nil before the first).
    public private(set) var states: [EncoderState<Scalar>]?
    /// The scores of the next character after the last one fed ([V]; empty before the first).
    public private(set) var logits: [Double] = []

    public init(model: CharLanguageModel<Scalar>) { self.model = model }

    /// Runs the model over `ids` (each in 0..<V) from the current state, as one sequence.
    public func feed(_ ids: [Int]) {
        if ids.isEmpty { return }
        let v = model.config.vocabularySize
        for (position, id) in ids.enumerated() where id < 0 || id >= v {
            failure("TextSampler.feed: ID \(id) at position \(position) is out of range 0..<\(v)")
        }
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        withoutGrad {
            let (out, final) = model(ids, shape: [ids.count, 1], states: states)   // [n, 1, V]
            logits = out.scalars[((ids.count - 1) * v)...].map { Double($0) }
            states = final
        }
    }

    /// Draws the next character from the current scores, feeds it, and returns its ID.
    public func next(temperature: Double, topK: Int, rng: RandomSource) -> Int {
        if logits.isEmpty { failure("TextSampler.next: feed at least one character first (a prime)") }
        let id = Self.choose(logits: logits, temperature: temperature, topK: topK, uniform: rng.uniforms(count: 1)[0])
        feed([id])
        return id
    }

    /// `count` characters, each drawn with ``next(temperature:topK:rng:)``.
    public func generate(count: Int, temperature: Double, topK: Int, rng: RandomSource) -> [Int] {
        if count < 0 { failure("TextSampler.generate: count \(count) must be >= 0") }
        return (0..<count).map { _ in next(temperature: temperature, topK: topK, rng: rng) }
    }

    /// The index drawn from softmax(logits / temperature), restricted to the `topK` largest scores when
    /// `topK > 0` (ties: the lower index first), by inverse transform: the first index whose cumulative
    /// probability exceeds `uniform` (in [0, 1)). `topK == 1` is the arg max whatever `uniform` is.
    ///
    /// - Parameters:
    ///   - logits: the scores of the candidates (at least one).
    ///   - temperature: finite and > 0.
    ///   - topK: 0 (off) or the number of candidates kept (more than `logits.count` keeps all).
    ///   - uniform: a draw from U[0, 1) that picks the index.
    public static func choose(logits: [Double], temperature: Double, topK: Int, uniform: Double) -> Int {
        if let problem = temperatureProblem(temperature) { failure("TextSampler: \(problem)") }
        if topK < 0 { failure("TextSampler: topK \(topK) must be >= 0 (0 = off)") }
        if logits.isEmpty { failure("TextSampler: no logits to sample from") }
        if logits.contains(where: { !$0.isFinite }) { failure("TextSampler: the logits are not all finite") }
        var candidates = Array(logits.indices)
        if topK > 0 && topK < logits.count {
            candidates.sort { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
            candidates = Array(candidates.prefix(topK)).sorted()
        }
        if candidates.count == 1 { return candidates[0] }
        let top = candidates.map { logits[$0] }.max()!
        let weights = candidates.map { Foundation.exp((logits[$0] - top) / temperature) }
        let target = uniform * weights.reduce(0, +)
        var cumulative = 0.0
        for (index, w) in zip(candidates, weights) {
            cumulative += w
            if target < cumulative { return index }
        }
        return candidates[weights.lastIndex { $0 > 0 }!]
    }

    /// Why `temperature` is not usable (nil when it is: finite and > 0).
    public static func temperatureProblem(_ temperature: Double) -> String? {
        temperature > 0 && temperature.isFinite ? nil
            : "temperature must be a finite number > 0, got \(temperature)"
    }
}
