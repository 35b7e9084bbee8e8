import Foundation
import LSTMKit

/// Everything every recurrent layer of a character model computed while reading one text: for each layer and
/// each step t (the step that reads character t), the gates (i, f, g, o for an LSTM), the cell state c and
/// the hidden state h of every unit.
///
/// The numbers come from the network's own forward pass with `trace: true` (the readable reference or the
/// fused kernel's trace, whichever the layer runs; a backend that cannot trace falls back explicitly), read
/// from a zero state, batch 1, in evaluation mode and without a graph:
///
///     i[t] = sigmoid(W_ii @ x[t] + b_ii + W_hi @ h[t-1] + b_hi)      f, o alike; g with tanh
///     c[t] = f[t] * c[t-1] + i[t] * g[t]
///     h[t] = o[t] * tanh(c[t])
///
/// x[t] is the character's embedding for layer 0 and the layer below's h[t] above it.
public struct CharModelTrace: Sendable {
    /// One layer's numbers, each indexed [t][unit].
    public struct Layer: Sendable {
        /// Gate activations by name, in the cell's order (`gateNames`).
        public var gates: [String: [[Double]]]
        public var gateNames: [String]
        /// The cell state c[t] (nil for a cell without one, such as a GRU).
        public var c: [[Double]]?
        /// The hidden state h[t].
        public var h: [[Double]]
        /// The number of units H.
        public var units: Int { h.first?.count ?? 0 }
    }

    /// The characters read (grapheme clusters).
    public var characters: [String]
    /// Layer 0 first.
    public var layers: [Layer]
    /// The cell type ("lstm", "gru", ...).
    public var cell: String

    /// The longest text traced (the heat maps and correlations are for reading, not for whole corpora).
    public static let maximumLength = 100_000

    /// Traces `text` through `network`, whose vocabulary is `vocabulary`. Throws a one-line error for an empty
    /// text, a text longer than `maximumLength` or a character the vocabulary lacks.
    public init(network: CharLanguageModel<Float>, vocabulary: Vocabulary, text: String) throws {
        let characters = CharacterTokenizer().tokenize(text)
        if characters.isEmpty { throw ConfigError("input", "is empty; give at least one character to read") }
        if characters.count > Self.maximumLength {
            throw ConfigError("input", "has \(characters.count) characters; at most \(Self.maximumLength) are traced")
        }
        if let (position, unknown) = characters.enumerated().first(where: { !vocabulary.contains($0.element) }) {
            throw ConfigError("input", "character \(TextgenTask.describe(character: unknown)) (character " +
                              "\(position + 1)) is not in the model's vocabulary of \(vocabulary.count) characters")
        }
        let wasTraining = network.isTraining
        network.eval()
        defer { if wasTraining { network.train() } }
        let traces = withoutGrad {
            let x = network.embedding(vocabulary.encode(characters), shape: [characters.count, 1])   // [T, 1, E]
            return network.recurrent(x, trace: true).traces ?? []
        }
        func rows(_ t: Tensor<Float>) -> [[Double]] {
            let width = t.shape.last ?? 0
            return (0..<characters.count).map { step in
                t.scalars[(step * width)..<((step + 1) * width)].map { Double($0) }
            }
        }
        let order = ["i", "f", "g", "o", "r", "z", "n"]
        self.characters = characters
        cell = network.config.recurrent.cell.rawValue
        layers = traces.map { trace in
            let names = trace.gates.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
            return Layer(gates: trace.gates.mapValues(rows), gateNames: names, c: trace.states["c"].map(rows),
                         h: rows(trace.states["h"]!))
        }
    }

    /// Traces `text` through a text-generation checkpoint's model.
    public init(model: TextgenModel, text: String) throws {
        try self.init(network: model.network, vocabulary: model.vocabulary, text: text)
    }
}
