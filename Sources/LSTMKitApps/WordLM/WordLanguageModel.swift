import Foundation
import LSTMKit

/// The output layers a word language model can score the vocabulary with.
public enum WordOutputLayer: String, Codable, CaseIterable, Sendable {
    /// A linear layer and a softmax over all V words (V x H multiply-adds per word).
    case full
    /// `ClassBasedSoftmax` (Goodman 2001), classes by frequency binning: C + m_c scores per word.
    case `class`
    /// `HierarchicalSoftmax` over a Huffman tree (Morin & Bengio 2005; word2vec): about log2 V sigmoids per word.
    case huffman
}

/// The size and shape of a ``WordLanguageModel`` (stored in its checkpoints).
public struct WordLanguageModelConfig: Codable, Equatable, Sendable {
    public var vocabularySize: Int
    /// E (with tied embeddings E must equal H).
    public var embeddingSize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    /// Dropout on the outputs of every LSTM layer (between layers and before the output layer).
    public var dropout: Double
    /// Dropout on the word vectors (the first layer's input).
    public var embeddingDropout: Double
    /// Variational (locked) dropout: one mask per sequence, shared by all its time steps (Gal & Ghahramani
    /// 2016), instead of a new mask at every step (Zaremba et al. 2014).
    public var variationalDropout: Bool
    /// The full softmax's weight is the embedding table (Press & Wolf 2017; Inan et al. 2017).
    public var tieEmbeddings: Bool
    public var outputLayer: WordOutputLayer
    /// C, the classes of the class-based softmax (nil: about sqrt(V)).
    public var classCount: Int?
    /// Every parameter starts U(-initScale, initScale) (Zaremba et al.: 0.1); nil: each layer's own init.
    public var initScale: Double?

    public init(vocabularySize: Int, embeddingSize: Int = 200, hiddenSize: Int = 200, layerCount: Int = 2,
                dropout: Double = 0, embeddingDropout: Double = 0, variationalDropout: Bool = false,
                tieEmbeddings: Bool = false, outputLayer: WordOutputLayer = .full, classCount: Int? = nil,
                initScale: Double? = 0.1) {
        (self.vocabularySize, self.embeddingSize, self.hiddenSize, self.layerCount) =
            (vocabularySize, embeddingSize, hiddenSize, layerCount)
        (self.dropout, self.embeddingDropout, self.variationalDropout, self.tieEmbeddings) =
            (dropout, embeddingDropout, variationalDropout, tieEmbeddings)
        (self.outputLayer, self.classCount, self.initScale) = (outputLayer, classCount, initScale)
    }

    /// C for this vocabulary.
    public var classes: Int { classCount ?? Swift.max(1, Int(Double(vocabularySize).squareRoot().rounded())) }
}

/// A word-level LSTM language model (Zaremba et al. 2014, "Recurrent neural network regularization"):
///
///     x[t]  = dropout_e(embedding[w[t]])                               [T, B, E]
///     h1[t] = LSTM_1(x[t], state1[t-1]);  h_k[t] = LSTM_k(dropout(h_{k-1}[t]), state_k[t-1])   [T, B, H]
///     log p(w[t+1] | w[..t]) = outputLayer(dropout(h_L[t]))             full / class / huffman
///     loss  = mean over t, b of -log p(w[t+1])                          (perplexity = exp(loss))
///
/// Each layer is its own one-layer `RecurrentEncoder`, so the dropout between layers can be per step or
/// variational (one mask per sequence) while every layer runs the fused/native LSTM kernel.
///
/// Parameter paths: `embedding.weight`, `layers.<k>.layers.0.cell.{weightIH, weightHH, biasIH, biasHH}`, and
/// `full.{weight, bias}` (with tied embeddings only `fullBias`), `classSoftmax.*` or `treeSoftmax.*`.
public final class WordLanguageModel: Module {
    public typealias Scalar = Float
    public let config: WordLanguageModelConfig
    public let embedding: Embedding<Float>
    public let layers: [RecurrentEncoder<Float>]
    public let full: Linear<Float>?
    public let fullBias: Parameter<Float>?
    public let classSoftmax: ClassBasedSoftmax<Float>?
    public let treeSoftmax: HierarchicalSoftmax<Float>?
    let masks: RandomSource
    public var isTraining = true

    /// The problem with `config` for these word counts as (field, message), or nil.
    public static func problem(_ c: WordLanguageModelConfig) -> (String, String)? {
        if c.vocabularySize < 2 { return ("vocabularySize", "must be at least 2, got \(c.vocabularySize)") }
        if c.tieEmbeddings && c.outputLayer != .full {
            return ("tieEmbeddings", "applies to the full softmax only (--output-layer full)")
        }
        if c.tieEmbeddings && c.embeddingSize != c.hiddenSize {
            return ("tieEmbeddings", "needs embeddingSize \(c.embeddingSize) equal to hiddenSize \(c.hiddenSize)")
        }
        if c.outputLayer == .class && !(1...c.vocabularySize).contains(c.classes) {
            return ("classCount", "must be in 1...\(c.vocabularySize) (the vocabulary), got \(c.classes)")
        }
        return nil
    }

    /// - Parameters:
    ///   - c: the architecture (the `config` argument).
    ///   - counts: the training count of every word (the class binning and the Huffman tree come from them).
    ///   - implementation: what the recurrent layers are asked to run (`RecurrentImplementation`).
    ///   - rng: the initial weights.
    ///   - dropoutRNG: the dropout masks (default: a stream seeded from `rng`'s next draw).
    public init(config c: WordLanguageModelConfig, counts: [Int], implementation: RecurrentImplementation = .native,
                rng: RandomSource, dropoutRNG: RandomSource? = nil) {
        if let (field, message) = Self.problem(c) { failure("WordLanguageModel: \(field) \(message)") }
        if counts.count != c.vocabularySize {
            failure("WordLanguageModel: \(counts.count) counts for a vocabulary of \(c.vocabularySize)")
        }
        config = c
        masks = dropoutRNG ?? RandomSource(seed: rng.next())
        embedding = Embedding(count: c.vocabularySize, dimension: c.embeddingSize, rng: rng)
        layers = (0..<c.layerCount).map { k in
            RecurrentEncoder(RecurrentEncoderConfig(inputSize: k == 0 ? c.embeddingSize : c.hiddenSize,
                                                    hiddenSize: c.hiddenSize), implementation: implementation, rng: rng)
        }
        switch c.outputLayer {
        case .full where c.tieEmbeddings:
            (full, classSoftmax, treeSoftmax) = (nil, nil, nil)
            fullBias = Parameter(Tensor.zeros([c.vocabularySize]))
        case .full:
            (fullBias, classSoftmax, treeSoftmax) = (nil, nil, nil)
            full = Linear(inputSize: c.hiddenSize, outputSize: c.vocabularySize, rng: rng)
        case .class:
            (full, fullBias, treeSoftmax) = (nil, nil, nil)
            let classes = ClassBasedSoftmax<Float>.frequencyBinning(counts: counts, classCount: c.classes)
            classSoftmax = ClassBasedSoftmax(inputSize: c.hiddenSize, wordClasses: classes, rng: rng)
        case .huffman:
            (full, fullBias, classSoftmax) = (nil, nil, nil)
            treeSoftmax = HierarchicalSoftmax(inputSize: c.hiddenSize, counts: counts, rng: rng)
        }
        if let scale = c.initScale {
            for p in parameters() { p.data = Initializers.uniform(p.shape, low: Float(-scale), high: Float(scale), using: rng) }
        }
    }

    public func zeroStates(batchSize: Int) -> [EncoderState<Float>] { layers.flatMap { $0.zeroStates(batchSize: batchSize) } }

    /// What the first layer ran in the last call.
    public var lastImplementation: RecurrentKernel { layers[0].lastImplementation }

    /// Dropout on x [T, B, F]: a new mask per element, or (variational) one per sequence and feature.
    func drop(_ x: Tensor<Float>, _ p: Double) -> Tensor<Float> {
        if !isTraining || p == 0 { return x }
        let shape = config.variationalDropout ? [1, x.shape[1], x.shape[2]] : x.shape
        let n = shape.reduce(1, *), keep = 1 - p
        let scale = Float(1 / keep)
        let mask = Tensor<Float>(shape: shape, scalars: masks.uniforms(count: n).map { $0 < keep ? scale : 0 })
        return x * mask
    }

    /// The last layer's (dropped-out) outputs [T, B, H] for the word IDs `inputs` ([T, B] row-major) from
    /// `states` (nil: zeros), and the final states (one per layer).
    public func hidden(_ inputs: [Int], shape: [Int], states: [EncoderState<Float>]?)
        -> (outputs: Tensor<Float>, states: [EncoderState<Float>]) {
        var x = drop(embedding(inputs, shape: shape), config.embeddingDropout)              // [T, B, E]
        var finals: [EncoderState<Float>] = []
        for (k, layer) in layers.enumerated() {
            let out = layer(x, initialStates: states.map { [$0[k]] })
            x = drop(out.outputs, config.dropout)                                           // [T, B, H]
            finals += out.finalStates
        }
        return (x, finals)
    }

    /// log p(t[n] | h[n]) for rows h [N, H] and their targets: only what each target needs.
    public func logLikelihood(_ h: Tensor<Float>, targets: [Int]) -> Tensor<Float> {
        if let classSoftmax { return classSoftmax.logLikelihood(h, targets: targets) }
        if let treeSoftmax { return treeSoftmax.logLikelihood(h, targets: targets) }
        if let full { return linearSoftmaxLogLikelihood(h, weight: full.weight.value, bias: full.bias!.value, targets: targets) }
        return linearSoftmaxLogLikelihood(h, weight: embedding.weight.value, bias: fullBias!.value, targets: targets)
    }

    /// log p(w | h) for every word, h [N, H] -> [N, V] (sampling; the full softmax's training path).
    public func logProbabilities(_ h: Tensor<Float>) -> Tensor<Float> {
        if let classSoftmax { return classSoftmax.logProbabilities(h) }
        if let treeSoftmax { return treeSoftmax.logProbabilities(h) }
        if let full { return logSoftmax(full(h), axis: 1) }
        return logSoftmax(matmul(h, embedding.weight.value, transposeB: true) + fullBias!.value, axis: 1)
    }

    /// The mean negative log-likelihood of a batch (targets [T, B] row-major) from `states`, and the final states.
    public func loss(_ batch: LanguageModelBatch, states: [EncoderState<Float>]?)
        -> (loss: Tensor<Float>, states: [EncoderState<Float>]) {
        let (h, finals) = hidden(batch.inputs, shape: batch.shape, states: states)
        let rows = h.reshaped([batch.inputs.count, config.hiddenSize])                      // [T*B, H]
        return (outputLoss(rows, targets: batch.targets), finals)
    }

    /// The output layer's mean negative log-likelihood of `targets` given rows h [N, H]: every layer through
    /// its fused target path (`linearSoftmaxLogLikelihood`, `ClassBasedSoftmax.logLikelihood`,
    /// `HierarchicalSoftmax.logLikelihood`).
    public func outputLoss(_ rows: Tensor<Float>, targets: [Int]) -> Tensor<Float> {
        return -logLikelihood(rows, targets: targets).mean()
    }

    /// The mean negative log-likelihood (nats per word) over every next-word prediction of `corpus`, without
    /// a graph in evaluation mode, the text read as `batchSize` streams `steps` words at a time, the state
    /// carried (`CharLanguageModel.evaluate`'s layout).
    public func evaluate(_ corpus: TextCorpus, batchSize: Int, steps: Int) -> LanguageModelEvaluation {
        if corpus.count < 2 { failure("WordLanguageModel.evaluate: the corpus has \(corpus.count) words; at least 2 are needed") }
        let streams = Swift.max(1, Swift.min(batchSize, corpus.count / 2))
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        return withoutGrad {
            var total = 0.0, count = 0
            var states: [EncoderState<Float>]? = nil
            for batch in corpus.statefulBatches(batchSize: streams, steps: steps) {
                let (l, final) = loss(batch, states: states)
                total += Double(l.item) * Double(batch.inputs.count)
                count += batch.inputs.count
                states = final
            }
            return LanguageModelEvaluation(meanLoss: total / Double(count), characters: count, streams: streams)
        }
    }
}
