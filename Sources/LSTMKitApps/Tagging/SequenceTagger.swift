import LSTMKit

/// The architecture of a `SequenceTagger` (stored in checkpoints).
public struct SequenceTaggerConfig: Codable, Equatable, Sendable {
    /// Vw, the word vocabulary (lower-cased words; `<pad>` = 0, `<unk>` = 1).
    public var wordVocabularySize: Int
    /// Ew, the word-vector size.
    public var wordEmbeddingSize: Int
    /// The sizes of the extra input columns' vocabularies (e.g. the POS tags of CoNLL-2000), one each.
    public var featureVocabularySizes: [Int]
    /// Ef, the vector size of every extra column.
    public var featureEmbeddingSize: Int
    /// Vc, the character vocabulary (`<pad>` = 0, `<unk>` = 1); 0 turns the character features off.
    public var characterVocabularySize: Int
    /// Ec, the character-vector size, and Hc, the size of each direction of the character BiLSTM.
    public var characterEmbeddingSize: Int
    public var characterHiddenSize: Int
    /// The word-level recurrent stack (its `inputSize` is set from the sizes above; bidirectional by default).
    public var recurrent: RecurrentEncoderConfig
    /// Dropout on the word features and on the recurrent outputs (training only).
    public var dropout: Double
    /// K, the number of tags.
    public var tagCount: Int
    /// A linear-chain CRF over the tags (Lafferty et al. 2001; Huang et al. 2015) instead of one softmax per word.
    public var crf: Bool
    /// How the CRF computes log Z: the fused kernel (default) or the readable reference (tested equal).
    public var crfImplementation: CRFImplementation = .fused

    public init(wordVocabularySize: Int, wordEmbeddingSize: Int, featureVocabularySizes: [Int] = [],
                featureEmbeddingSize: Int = 25, characterVocabularySize: Int = 0, characterEmbeddingSize: Int = 25,
                characterHiddenSize: Int = 25, recurrent: RecurrentEncoderConfig, dropout: Double = 0.5,
                tagCount: Int, crf: Bool = true) {
        self.wordVocabularySize = wordVocabularySize
        self.wordEmbeddingSize = wordEmbeddingSize
        self.featureVocabularySizes = featureVocabularySizes
        self.featureEmbeddingSize = featureEmbeddingSize
        self.characterVocabularySize = characterVocabularySize
        self.characterEmbeddingSize = characterEmbeddingSize
        self.characterHiddenSize = characterHiddenSize
        self.recurrent = recurrent
        self.dropout = dropout
        self.tagCount = tagCount
        self.crf = crf
    }

    /// The width of one word's input vector: word, extra columns and the two directions of the character BiLSTM.
    public var wordInputSize: Int {
        wordEmbeddingSize + featureVocabularySizes.count * featureEmbeddingSize
            + (characterVocabularySize > 0 ? 2 * characterHiddenSize : 0)
    }

    /// The first problem as (field, message), or nil when the config is valid.
    public var problem: (field: String, message: String)? {
        for (field, value) in [("wordVocabularySize", wordVocabularySize), ("wordEmbeddingSize", wordEmbeddingSize),
                               ("tagCount", tagCount)] where value < 1 {
            return (field, "must be at least 1, got \(value)")
        }
        if featureVocabularySizes.contains(where: { $0 < 1 }) || (featureEmbeddingSize < 1 && !featureVocabularySizes.isEmpty) {
            return ("featureEmbeddingSize", "must be at least 1 with feature columns, got \(featureEmbeddingSize)")
        }
        if characterVocabularySize < 0 { return ("characterVocabularySize", "must be >= 0, got \(characterVocabularySize)") }
        if characterVocabularySize > 0 && (characterEmbeddingSize < 1 || characterHiddenSize < 1) {
            return ("characterHiddenSize", "character features need sizes >= 1, got \(characterEmbeddingSize) and \(characterHiddenSize)")
        }
        if recurrent.inputSize != wordInputSize {
            return ("recurrent.inputSize", "must equal the word input size \(wordInputSize), got \(recurrent.inputSize)")
        }
        if let problem = recurrent.problem { return problem }
        if !(dropout >= 0 && dropout < 1) { return ("dropout", "must be in [0, 1), got \(dropout)") }
        return nil
    }
}

/// One batch of sentences for a `SequenceTagger`: time-major IDs [T, B] (padded), their lengths, the
/// characters of every word, and the gold tags (for training and scoring).
public struct TaggerBatch: Sendable {
    /// Word IDs [T, B] row-major (`<pad>` = 0 at padded steps).
    public var words: [Int]
    /// One array per extra column: IDs [T, B] row-major.
    public var features: [[Int]]
    /// Character IDs [L, T * B] row-major, L the longest word (every position has at least one character:
    /// padded words have one `<pad>`), and each word's character count [T * B].
    public var characters: [Int]
    public var characterLengths: [Int]
    /// The number of words of each sentence [B], in 1...T.
    public var lengths: [Int]
    /// Tag IDs [T, B] row-major (0 at padded steps; they never count).
    public var tags: [Int]
    public var steps: Int { lengths.max() ?? 0 }
    public var batchSize: Int { lengths.count }

    /// Whether step t of sentence b is a real word ([T, B] row-major).
    public var mask: [Bool] {
        let t = steps, b = batchSize
        return (0..<(t * b)).map { p in p / b < lengths[p % b] }
    }
}

/// A BiLSTM tagger with word embeddings, embedded extra columns (e.g. POS tags) and character features from a
/// character BiLSTM (Lample et al. 2016), scoring every word's tags with a softmax or a linear-chain CRF:
///
///     v[t]  = [ embed_w(lower(w[t])) ; embed_f(f[t]) ... ; charBiLSTM(chars of w[t]) ]   [T, B, D]
///     h[t]  = BiLSTM(dropout(v), lengths)[t]                                              [T, B, 2H]
///     e[t]  = Linear(dropout(h[t]))                                                       [T, B, K]  emissions
///     loss  = softmax: mean over real words of -log softmax(e[t])[y[t]]
///             CRF:     mean over sentences of -log p(y | e) (forward algorithm)
///     tags  = softmax: argmax_k e[t, k];  CRF: Viterbi
///
/// The character BiLSTM reads every word of the batch at once (T * B words, padded words as one `<pad>`
/// character), so it runs the fused kernels like the word-level stack.
public final class SequenceTagger: Module {
    public typealias Scalar = Float
    public let config: SequenceTaggerConfig
    public let wordEmbedding: Embedding<Float>
    public let featureEmbeddings: [Embedding<Float>]
    public let characterEmbedding: Embedding<Float>?
    public let characterEncoder: RecurrentEncoder<Float>?
    public let recurrent: RecurrentEncoder<Float>
    public let dropout: Dropout<Float>
    public let output: Linear<Float>
    public let crf: LinearChainCRF<Float>?
    public var isTraining = true

    /// - Parameters:
    ///   - config: the architecture.
    ///   - implementation: what the recurrent layers are asked to run (`RecurrentImplementation`).
    ///   - rng: the initial weights; the recurrent stacks keep drawing their masks from it.
    ///   - dropoutRNG: the dropout masks.
    public init(config: SequenceTaggerConfig, implementation: RecurrentImplementation = .native, rng: RandomSource,
                dropoutRNG: RandomSource) {
        if let (field, message) = config.problem { failure("SequenceTagger: \(field) \(message)") }
        let c = config
        self.config = c
        wordEmbedding = Embedding(count: c.wordVocabularySize, dimension: c.wordEmbeddingSize, paddingIndex: 0, rng: rng)
        featureEmbeddings = c.featureVocabularySizes.map {
            Embedding(count: $0, dimension: c.featureEmbeddingSize, paddingIndex: 0, rng: rng)
        }
        if c.characterVocabularySize > 0 {
            characterEmbedding = Embedding(count: c.characterVocabularySize, dimension: c.characterEmbeddingSize,
                                           paddingIndex: 0, rng: rng)
            characterEncoder = RecurrentEncoder(RecurrentEncoderConfig(inputSize: c.characterEmbeddingSize,
                                                                       hiddenSize: c.characterHiddenSize,
                                                                       bidirectional: true),
                                                implementation: implementation, rng: rng)
        } else {
            characterEmbedding = nil
            characterEncoder = nil
        }
        recurrent = RecurrentEncoder(c.recurrent, implementation: implementation, rng: rng)
        dropout = Dropout(probability: c.dropout, rng: dropoutRNG)
        output = Linear(inputSize: c.recurrent.outputSize, outputSize: c.tagCount, rng: rng)
        crf = c.crf ? LinearChainCRF(tagCount: c.tagCount, implementation: c.crfImplementation, rng: rng) : nil
    }

    /// The tag scores of every word, [T, B, K] (padded steps hold scores that never count).
    public func emissions(_ batch: TaggerBatch) -> Tensor<Float> {
        let t = batch.steps, b = batch.batchSize
        var parts = [wordEmbedding(batch.words, shape: [t, b])]                             // [T, B, Ew]
        for (embedding, ids) in zip(featureEmbeddings, batch.features) { parts.append(embedding(ids, shape: [t, b])) }
        if let characterEmbedding, let characterEncoder {
            let l = batch.characters.count / (t * b)
            let chars = characterEmbedding(batch.characters, shape: [l, t * b])             // [L, T*B, Ec]
            let finals = characterEncoder(chars, lengths: batch.characterLengths).finalStates
            let words = Tensor.concat(finals.map(\.output), axis: 1)                        // [T*B, 2Hc]
            parts.append(words.reshaped([t, b, 2 * config.characterHiddenSize]))
        }
        let v = parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 2)                  // [T, B, D]
        let h = recurrent(dropout(v), lengths: batch.lengths).outputs                        // [T, B, 2H]
        return output(dropout(h))                                                            // [T, B, K]
    }

    /// The training loss of a batch: softmax cross-entropy over the real words, or the CRF's negative
    /// log-likelihood per sentence.
    public func loss(_ batch: TaggerBatch) -> Tensor<Float> {
        let e = emissions(batch)
        if let crf { return crf.negativeLogLikelihood(e, tags: batch.tags, lengths: batch.lengths) }
        return crossEntropy(logits: e, targets: batch.tags, mask: batch.mask)
    }

    /// The best tags of every sentence (each as long as the sentence), in evaluation mode without a graph.
    public func predict(_ batch: TaggerBatch) -> [[Int]] {
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        return withoutGrad {
            let e = emissions(batch)                                                          // [T, B, K]
            if let crf { return crf.decode(e, lengths: batch.lengths).map(\.tags) }
            let b = batch.batchSize, k = config.tagCount, scores = e.scalars
            func best(_ p: Int) -> Int {
                var arg = 0
                for j in 1..<k where scores[p * k + j] > scores[p * k + arg] { arg = j }
                return arg
            }
            return (0..<b).map { j in (0..<batch.lengths[j]).map { best($0 * b + j) } }
        }
    }
}
