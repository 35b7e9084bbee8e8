import Foundation
import LSTMKit
import LSTMKitApps

/// A layer set up for `lstm gradcheck`: small sizes (B = 2, T = 3, D = 5, H = 4), Double, seeded.
struct GradcheckCase {
    /// What is checked, in one line ("LSTM, reference implementation, [T, B, D] = [3, 2, 5], H = 4").
    let summary: String
    /// The differentiable inputs, with their names.
    let inputs: [(name: String, tensor: Tensor<Double>)]
    /// The parameters, with their dotted paths.
    let parameters: [(name: String, parameter: Parameter<Double>)]
    /// The function of the inputs whose gradients are checked (its output is projected on fixed random weights).
    let function: ([Tensor<Double>]) -> Tensor<Double>
    /// After the check: a note on what actually ran (e.g. whether the fused kernel was used), or nil.
    let implementationNote: () -> String?

    /// The layer names `lstm gradcheck` accepts, in the order `--help` lists them.
    static let names = ["linear", "embedding", "layernorm", "rnn", "gru", "lstm", "projected-lstm", "peephole-lstm",
                        "cifg-lstm", "layernorm-lstm", "bidirectional-lstm", "stacked-lstm", "fused-lstm", "fused-gru",
                        "crf", "fused-crf", "tree-lstm-childsum", "tree-lstm-binary",
                        "attention-additive", "attention-dot", "attention-general", "attention-scaled-dot"]

    static let (batch, steps, inputSize, hiddenSize) = (2, 3, 5, 4)

    /// The case for `name`, or nil for an unknown name.
    static func make(_ name: String, seed: UInt64) -> GradcheckCase? {
        let rng = RandomSource(seed: seed)
        let (b, t, d, h) = (batch, steps, inputSize, hiddenSize)
        let sequence = Tensor<Double>.randomUniform([t, b, d], low: -1, high: 1, using: rng)   // [T, B, D]
        let sequenceShape = "[T, B, D] = [\(t), \(b), \(d)], H = \(h)"
        func recurrent<M: Module>(_ label: String, _ module: M, note: @escaping () -> String? = { nil },
                                  _ run: @escaping (Tensor<Double>) -> Tensor<Double>) -> GradcheckCase
        where M.Scalar == Double {
            GradcheckCase(summary: "\(label), \(sequenceShape)", inputs: [("input x", sequence)],
                          parameters: module.namedParameters().map { ($0.0, $0.1) },
                          function: { run($0[0]) }, implementationNote: note)
        }
        func ran(_ layer: Recurrent<LSTMCell<Double>>) -> () -> String? {
            { "implementation that ran: \(layer.lastImplementation.rawValue)" }
        }
        switch name {
        case "linear":
            let layer = Linear<Double>(inputSize: d, outputSize: h, rng: rng)
            let x = Tensor<Double>.randomUniform([b, d], low: -1, high: 1, using: rng)
            return GradcheckCase(summary: "Linear, x [B, D] = [\(b), \(d)], output \(h)", inputs: [("input x", x)],
                                 parameters: layer.namedParameters().map { ($0.0, $0.1) },
                                 function: { layer($0[0]) }, implementationNote: { nil })
        case "embedding":
            let layer = Embedding<Double>(count: 7, dimension: h, rng: rng)
            let indices = [3, 0, 6, 3, 1, 5]
            return GradcheckCase(summary: "Embedding, 7 x \(h), indices \(indices) (index 3 twice)", inputs: [],
                                 parameters: layer.namedParameters().map { ($0.0, $0.1) },
                                 function: { _ in layer(indices, shape: [2, 3]) }, implementationNote: { nil })
        case "layernorm":
            let layer = LayerNorm<Double>(d)
            // Non-trivial affine parameters, so their gradients are not all alike.
            layer.parameters().forEach { $0.data = Tensor.randomUniform($0.shape, low: 0.5, high: 1.5, using: rng) }
            return GradcheckCase(summary: "LayerNorm over the last axis, x [T, B, D] = [\(t), \(b), \(d)]",
                                 inputs: [("input x", sequence)],
                                 parameters: layer.namedParameters().map { ($0.0, $0.1) },
                                 function: { layer($0[0]) }, implementationNote: { nil })
        case "rnn":
            let m = RNN<Double>(inputSize: d, hiddenSize: h, rng: rng)
            return recurrent("RNN (tanh)", m) { m($0).outputs }
        case "gru":
            let m = GRU<Double>(inputSize: d, hiddenSize: h, implementation: .reference, rng: rng)
            return recurrent("GRU, reference implementation", m) { m($0).outputs }
        case "fused-gru":
            let m = GRU<Double>(inputSize: d, hiddenSize: h, implementation: .fused, rng: rng)
            return recurrent("GRU, fused kernel", m, note: { "implementation that ran: \(m.layers[0].lastImplementation.rawValue)" }) {
                m($0).outputs
            }
        case "lstm":
            let m = LSTM<Double>(inputSize: d, hiddenSize: h, implementation: .reference, rng: rng)
            return recurrent("LSTM, reference implementation", m) { m($0).outputs }
        case "fused-lstm":
            let m = LSTM<Double>(inputSize: d, hiddenSize: h, implementation: .fused, rng: rng)
            return recurrent("LSTM, fused kernel", m, note: ran(m.layers[0])) { m($0).outputs }
        case "projected-lstm":
            let m = LSTM<Double>(inputSize: d, hiddenSize: h, projectionSize: 2, implementation: .reference, rng: rng)
            return recurrent("LSTM with projection P = 2, reference implementation", m) { m($0).outputs }
        case "stacked-lstm":
            let m = LSTM<Double>(inputSize: d, hiddenSize: h, layerCount: 2, implementation: .reference, rng: rng)
            return recurrent("LSTM, 2 layers, reference implementation", m) { m($0).outputs }
        case "bidirectional-lstm":
            let m = LSTM<Double>(inputSize: d, hiddenSize: h, bidirectional: true, implementation: .reference, rng: rng)
            return recurrent("bidirectional LSTM, reference implementation", m) { m($0).outputs }
        case "peephole-lstm":
            let m = Recurrent(PeepholeLSTMCell<Double>(inputSize: d, hiddenSize: h, rng: rng))
            return recurrent("peephole LSTM", m) { m($0).outputs }
        case "cifg-lstm":
            let m = Recurrent(CIFGLSTMCell<Double>(inputSize: d, hiddenSize: h, rng: rng))
            return recurrent("CIFG LSTM (coupled input and forget gates)", m) { m($0).outputs }
        case "layernorm-lstm":
            let m = Recurrent(LayerNormLSTMCell<Double>(inputSize: d, hiddenSize: h, rng: rng))
            return recurrent("layer-normalized LSTM", m) { m($0).outputs }
        case "crf", "fused-crf":
            let fused = name == "fused-crf"
            let crf = LinearChainCRF<Double>(tagCount: h, implementation: fused ? .fused : .reference, rng: rng)
            let emissions = Tensor<Double>.randomUniform([t, b, h], low: -2, high: 2, using: rng)   // [T, B, K]
            let tags = [0, 3, 2, 1, 1, -100]                                     // [T, B]; sentence 1 has 2 steps
            return GradcheckCase(summary: "linear-chain CRF mean NLL, \(fused ? "fused" : "reference") forward " +
                                 "algorithm, emissions [T, B, K] = [\(t), \(b), \(h)], lengths [3, 2]",
                                 inputs: [("emissions", emissions)],
                                 parameters: crf.namedParameters().map { ($0.0, $0.1) },
                                 function: { crf.negativeLogLikelihood($0[0], tags: tags, lengths: [3, 2]) },
                                 implementationNote: { nil })
        case "tree-lstm-childsum", "tree-lstm-binary":
            // A forest of three trees: a single leaf, ((x y) (z)) with a unary node, and (u v w) for the
            // child-sum cell (three children) or ((u v) w) for the binary one; the level-batched pass.
            let binary = name == "tree-lstm-binary"
            let tree = TreeBatch(children: [[], [], [], [1, 2], [], [4], [3, 5], [], [], []] +
                                 (binary ? [[7, 8], [10, 9]] : [[7, 8, 9]]))
            let cell: any TreeLSTMCell<Double> = binary ? BinaryTreeLSTMCell(inputSize: d, hiddenSize: h, rng: rng)
                                                        : ChildSumTreeLSTMCell(inputSize: d, hiddenSize: h, rng: rng)
            let x = Tensor<Double>.randomUniform([tree.nodeCount, d], low: -1, high: 1, using: rng)
            return GradcheckCase(summary: "\(binary ? "binary (N-ary, N = 2)" : "child-sum") Tree-LSTM (Tai et al. 2015), " +
                                 "level-batched, \(tree.nodeCount) nodes in 3 trees of heights 0, 2, \(binary ? 2 : 1), x [N, D] = " +
                                 "[\(tree.nodeCount), \(d)], H = \(h); output [h | c]",
                                 inputs: [("input x", x)], parameters: cell.namedParameters().map { ($0.0, $0.1) },
                                 function: { let s = cell($0[0], tree: tree); return Tensor.concat([s.h, s.c], axis: 1) },
                                 implementationNote: { nil })
        case "attention-additive", "attention-dot", "attention-general", "attention-scaled-dot":
            return attention(AttentionScore(rawValue: String(name.dropFirst("attention-".count)))!, rng: rng)
        default:
            return nil
        }
    }

    /// Attention of query [B, Tq, Dq] = [2, 3, 4] over keys [2, 5, Dk] (Dk = 4 for the dot scores, else 6)
    /// and values [2, 5, 3] with key lengths [5, 3]; the checked function is the context and the weights.
    static func attention(_ score: AttentionScore, rng: RandomSource) -> GradcheckCase {
        let dk = score == .dot || score == .scaledDot ? 4 : 6
        let layer = Attention<Double>(score, querySize: 4, keySize: dk, rng: rng)
        let q = Tensor<Double>.randomUniform([2, 3, 4], low: -1, high: 1, using: rng)
        let k = Tensor<Double>.randomUniform([2, 5, dk], low: -1, high: 1, using: rng)
        let v = Tensor<Double>.randomUniform([2, 5, 3], low: -1, high: 1, using: rng)
        let papers: [AttentionScore: String] = [.additive: "Bahdanau 2015", .dot: "Luong 2015", .general: "Luong 2015",
                                                .scaledDot: "Vaswani 2017"]
        return GradcheckCase(
            summary: "\(score.rawValue) attention (\(papers[score]!)), query [B, Tq, Dq] = [2, 3, 4], keys [2, 5, \(dk)], " +
                "values [2, 5, 3], key lengths [5, 3]",
            inputs: [("query", q), ("keys", k), ("values", v)],
            parameters: layer.namedParameters().map { ($0.0, $0.1) },
            function: { x in
                let (context, weights) = layer(x[0], keys: x[1], values: x[2], keyLengths: [5, 3])
                return Tensor.concat([context.reshaped([-1]), weights.reshaped([-1])])
            },
            implementationNote: { nil })
    }
}
