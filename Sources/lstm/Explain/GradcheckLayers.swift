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
                        "cifg-lstm", "layernorm-lstm", "hyper-lstm", "grid-lstm", "conv-lstm", "bidirectional-lstm", "stacked-lstm", "fused-lstm", "fused-gru",
                        "lstm-autoencoder",
                        "crf", "fused-crf", "class-softmax", "fast-class-softmax", "huffman-softmax",
                        "fast-huffman-softmax", "tree-lstm-childsum", "tree-lstm-binary",
                        "attention-additive", "attention-dot", "attention-general", "attention-scaled-dot",
                        "conv1d", "conv2d", "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d",
                        "gan-discriminator", "gan-generator", "ppo-loss", "lstm-actor-critic"]

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
        case "lstm-autoencoder":
            let m = SequenceAutoencoder<Double>(.init(encoder: RecurrentEncoderConfig(inputSize: d, hiddenSize: h)),
                                                implementation: .reference, rng: rng)
            return recurrent("LSTM autoencoder (Srivastava et al. 2015): encoder, code repeated, decoder, linear; " +
                             "the masked reconstruction loss with lengths [3, 2]", m) { m.loss($0, lengths: [3, 2]) }
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
        case "hyper-lstm":
            let m = Recurrent(HyperLSTMCell<Double>(inputSize: d, hiddenSize: h, hyperSize: 3, embeddingSize: 2,
                                                    rng: rng))
            return recurrent("HyperLSTM (Ha et al. 2016), hyper size 3, embedding size 2", m) { m($0).outputs }
        case "grid-lstm":
            let m = GridLSTM2D<Double>(imageHeight: 4, imageWidth: 6, patchHeight: 2, patchWidth: 3, hiddenSize: h,
                                       layerCount: 2, outputSize: 3, rng: rng)
            let images = Tensor<Double>.randomUniform([b, 1, 4, 6], low: -1, high: 1, using: rng)
            return GradcheckCase(summary: "Grid LSTM (Kalchbrenner et al. 2015), images [B, C, H, W] = [2, 1, 4, 6], " +
                                 "2x3 patches (a 2x2 grid), 2 depth layers of 3-D blocks, H = 4, 3 logits",
                                 inputs: [("images", images)], parameters: m.namedParameters().map { ($0.0, $0.1) },
                                 function: { m($0[0]) }, implementationNote: { nil })
        case "conv-lstm":
            let m = ConvLSTM<Double>(inputChannels: 2, hiddenChannels: [3, 2], kernelSize: 3, rng: rng)
            let frames = Tensor<Double>.randomUniform([t, b, 2, 4, 5], low: -1, high: 1, using: rng)
            return GradcheckCase(summary: "ConvLSTM (Shi et al. 2015), 2 layers of 3 and 2 channels, kernel 3, " +
                                 "frames [T, B, C, H, W] = [\(t), \(b), 2, 4, 5]",
                                 inputs: [("frames", frames)], parameters: m.namedParameters().map { ($0.0, $0.1) },
                                 function: { m($0[0]).outputs }, implementationNote: { nil })
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
        case "class-softmax", "fast-class-softmax", "huffman-softmax", "fast-huffman-softmax":
            // V = 7 words with unequal counts, rows h [N, D] = [3, 5].
            let fast = name.hasPrefix("fast-"), counts = [5, 1, 2, 50, 10, 3, 30], targets = [6, 1, 3]
            let x = Tensor<Double>.randomUniform([3, d], low: -2, high: 2, using: rng)
            let path = fast ? "target-only path (hand-written backward)" : "reference (full [N, V] table from ops)"
            if name.hasSuffix("class-softmax") {
                let classes = ClassBasedSoftmax<Double>.frequencyBinning(counts: counts, classCount: 3)
                let layer = ClassBasedSoftmax<Double>(inputSize: d, wordClasses: classes, rng: rng)
                return GradcheckCase(summary: "class-based softmax mean NLL, \(path), V = 7 in 3 classes, h [N, D] = [3, \(d)]",
                                     inputs: [("input h", x)], parameters: layer.namedParameters().map { ($0.0, $0.1) },
                                     function: { layer.negativeLogLikelihood($0[0], targets: targets, reference: !fast) },
                                     implementationNote: { nil })
            }
            let layer = HierarchicalSoftmax<Double>(inputSize: d, counts: counts, rng: rng)
            return GradcheckCase(summary: "Huffman-tree hierarchical softmax mean NLL, \(path), V = 7, h [N, D] = [3, \(d)]",
                                 inputs: [("input h", x)], parameters: layer.namedParameters().map { ($0.0, $0.1) },
                                 function: { layer.negativeLogLikelihood($0[0], targets: targets, reference: !fast) },
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
        case "conv1d", "conv2d", "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d":
            return convolution(name, rng: rng)
        case "gan-discriminator", "gan-generator":
            return gan(discriminator: name == "gan-discriminator", rng: rng)
        case "ppo-loss", "lstm-actor-critic":
            return reinforcement(name, rng: rng)
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

    /// Convolution (stride 2, padding 1, dilation 2 on the width, 2 groups) and pooling (3 x 3 windows, stride 2,
    /// padding 1) over x [B, C, H, W] = [2, 4, 5, 7] or [B, C, L] = [2, 4, 9].
    static func convolution(_ name: String, rng: RandomSource) -> GradcheckCase {
        let oneD = name.hasSuffix("1d")
        let shape = oneD ? [2, 4, 9] : [2, 4, 5, 7]
        let x = Tensor<Double>.randomUniform(shape, low: -1, high: 1, using: rng)
        let input = "x [B, C, \(oneD ? "L" : "H, W")] = \(shape)"
        func layer(_ label: String, _ module: any Layer<Double>) -> GradcheckCase {
            GradcheckCase(summary: "\(label), \(input)", inputs: [("input x", x)],
                          parameters: module.namedParameters().map { ($0.0, $0.1) },
                          function: { module($0[0]) }, implementationNote: { nil })
        }
        switch name {
        case "conv1d":
            return layer("Conv1D 4 -> 6 channels, kernel 3, stride 2, padding 1, dilation 2, groups 2",
                         Conv1D<Double>(inChannels: 4, outChannels: 6, kernelSize: 3, stride: 2, padding: 1,
                                        dilation: 2, groups: 2, rng: rng))
        case "conv2d":
            return layer("Conv2D 4 -> 6 channels, kernel 3 x 2, stride 2, padding 1, dilation (1, 2), groups 2",
                         Conv2D<Double>(inChannels: 4, outChannels: 6, kernelSize: Size2D(3, 2), stride: 2,
                                        padding: 1, dilation: Size2D(1, 2), groups: 2, rng: rng))
        case "maxpool1d": return layer("MaxPool1D kernel 3, stride 2, padding 1", MaxPool1D<Double>(kernelSize: 3, stride: 2, padding: 1))
        case "avgpool1d": return layer("AvgPool1D kernel 3, stride 2, padding 1", AvgPool1D<Double>(kernelSize: 3, stride: 2, padding: 1))
        case "maxpool2d": return layer("MaxPool2D kernel 3, stride 2, padding 1", MaxPool2D<Double>(kernelSize: 3, stride: 2, padding: 1))
        default: return layer("AvgPool2D kernel 3, stride 2, padding 1", AvgPool2D<Double>(kernelSize: 3, stride: 2, padding: 1))
        }
    }

    /// The recurrent GAN's losses (C-RNN-GAN style; `lstm demo gan`) on sequences [T, B, D] = [3, 2, 5], H = 4:
    /// L_D through the BiLSTM discriminator (the generated batch fixed), or L_G through the discriminator into
    /// the noise-fed LSTM generator (noise Z = 2).
    static func gan(discriminator: Bool, rng: RandomSource) -> GradcheckCase {
        let (b, t, d, h) = (batch, steps, inputSize, hiddenSize)
        let g = SequenceGenerator<Double>(noiseSize: 2, hiddenSize: h, featureCount: d, rng: rng)
        let disc = SequenceDiscriminator<Double>(featureCount: d, hiddenSize: h, rng: rng)
        let z = g.noise(steps: t, batch: b, rng: rng)
        if discriminator {
            let real = Tensor<Double>.randomUniform([t, b, d], low: 0, high: 1, using: rng)
            let fake = withoutGrad { g(z) }
            return GradcheckCase(
                summary: "GAN discriminator loss BCE(D(real), 1) + BCE(D(fake), 0), BiLSTM D, [T, B, D] = [\(t), \(b), \(d)], H = \(h)",
                inputs: [("real sequences", real)], parameters: disc.namedParameters().map { ("discriminator.\($0.0)", $0.1) },
                function: { discriminatorLoss(realLogits: disc($0[0]), fakeLogits: disc(fake)) }, implementationNote: { nil })
        }
        return GradcheckCase(
            summary: "GAN generator loss BCE(D(G(z)), 1) through a BiLSTM D into an LSTM G, z [T, B, Z] = [\(t), \(b), 2], D = \(d), H = \(h)",
            inputs: [("noise z", z)], parameters: g.namedParameters().map { ("generator.\($0.0)", $0.1) },
            function: { generatorLoss(fakeLogits: disc(g($0[0]))) }, implementationNote: { nil })
    }
}
