/// A linear-chain conditional random field over K tags (Lafferty, McCallum and Pereira, "Conditional Random
/// Fields: Probabilistic Models for Segmenting and Labeling Sequence Data", ICML 2001; the BiLSTM-CRF tagger
/// of Huang, Xu and Yu, "Bidirectional LSTM-CRF Models for Sequence Tagging", 2015, and of Lample et al.,
/// "Neural Architectures for Named Entity Recognition", NAACL 2016, puts it on top of per-step emissions).
///
/// For one sentence of length L with emission scores `E[t, k]` (e.g. a BiLSTM's outputs through a `Linear`)
/// and tags `y[0], ..., y[L-1]`:
///
///     score(y) = start[y[0]] + sum_{t=0}^{L-1} E[t, y[t]] + sum_{t=1}^{L-1} A[y[t-1], y[t]] + end[y[L-1]]
///     p(y | E) = exp(score(y)) / Z,    Z = sum over all K^L tag sequences y' of exp(score(y'))
///
/// `log Z` comes from the forward algorithm (T steps of a [B, K, K] log-sum-exp over a batch):
///
///     alpha[0, j] = start[j] + E[0, j]                                             [K]
///     alpha[t, j] = logSumExp_i (alpha[t-1, i] + A[i, j]) + E[t, j],  t = 1..L-1   [K]
///     log Z       = logSumExp_j (alpha[L-1, j] + end[j])
///
/// and the training loss is the negative log-likelihood of the gold tags, `log Z - score(y)` (averaged over
/// the batch by default). `decode` finds `argmax_y score(y)` by the Viterbi algorithm (max instead of
/// logSumExp, then a backtrace); see `LinearChainCRF+Viterbi.swift`.
///
/// Conventions are those of the `pytorch-crf` package's `torchcrf.CRF` (version 0.7.2), so its weights map
/// one to one (`pytorchParameterNames()`):
///
///     startTransitions [K]      start[j]: score of starting with tag j          start_transitions
///     endTransitions   [K]      end[j]:   score of ending with tag j            end_transitions
///     transitions      [K, K]   A[i, j]:  score of tag i followed by tag j       transitions
///
/// all initialized uniform(-0.1, 0.1) in that order, as `reset_parameters()` does. Its `forward(emissions,
/// tags, mask, reduction='none')` is `logLikelihood` here, and `decode` returns the same tag sequences.
///
/// Shapes: emissions [T, B, K] time-major like `Recurrent` (or [B, T, K] with `batchFirst`). Variable-length
/// batches take `lengths` (one per sentence, 1...T) or a 0/1 `mask` in the layout of the emissions' first two
/// axes ([T, B], or [B, T] with `batchFirst`) whose ones come first in every sentence, as pytorch-crf
/// requires. Tags are `[Int]`, row-major in that same layout (`SequenceTargets.tokens` of a time-major
/// `SequenceBatch` fits as is); values at padded positions are ignored (-100 is fine).
///
///     let crf = LinearChainCRF<Float>(tagCount: 5, rng: RandomSource(seed: 0))
///     let emissions = Tensor<Float>.randomNormal([4, 2, 5], using: RandomSource(seed: 1))   // [T, B, K]
///     let loss = crf.negativeLogLikelihood(emissions, tags: [0, 1, 2, 3, 4, 0, 1, 2], lengths: [4, 3])
///     loss.backward()                                             // fills the three parameters' grad
///     crf.decode(emissions, lengths: [4, 3]).map(\.tags)          // two best tag sequences, 4 and 3 tags
///
/// `implementation` chooses how `logPartition` runs: `.fused` (default) is one autodiff op with a hand-written
/// forward and backward over raw buffers (`LinearChainCRF+Kernel.swift`); `.reference` is the forward
/// algorithm above written with differentiable ops. They are tested equal, forward and every gradient.
public final class LinearChainCRF<Scalar: TensorScalar>: Module {
    /// K, the number of tags.
    public let tagCount: Int
    /// start [K]: the score of a sentence starting with each tag (pytorch-crf `start_transitions`).
    public let startTransitions: Parameter<Scalar>
    /// end [K]: the score of a sentence ending with each tag (pytorch-crf `end_transitions`).
    public let endTransitions: Parameter<Scalar>
    /// A [K, K]: `A[i, j]` is the score of tag i followed by tag j (pytorch-crf `transitions`).
    public let transitions: Parameter<Scalar>
    /// Emissions [B, T, K] (and tags, mask [B, T]) instead of time-major.
    public var batchFirst: Bool
    /// How `logPartition` runs; `.fused` by default.
    public var implementation: CRFImplementation
    public var isTraining = true

    public init(tagCount: Int, batchFirst: Bool = false, implementation: CRFImplementation = .fused,
                rng: RandomSource = .global) {
        if tagCount < 1 { failure("LinearChainCRF: tagCount \(tagCount) must be at least 1") }
        self.tagCount = tagCount
        self.batchFirst = batchFirst
        self.implementation = implementation
        startTransitions = Parameter(Initializers.uniform([tagCount], -0.1, 0.1, rng, "LinearChainCRF"),
                                     name: "startTransitions")
        endTransitions = Parameter(Initializers.uniform([tagCount], -0.1, 0.1, rng, "LinearChainCRF"),
                                   name: "endTransitions")
        transitions = Parameter(Initializers.uniform([tagCount, tagCount], -0.1, 0.1, rng, "LinearChainCRF"),
                                name: "transitions")
    }

    /// `namedParameters()` paths -> the names in a pytorch-crf `CRF` `state_dict`.
    public func pytorchParameterNames() -> [String: String] {
        ["startTransitions": "start_transitions", "endTransitions": "end_transitions", "transitions": "transitions"]
    }

    /// log Z of every sentence by the forward algorithm: [B]. Differentiable in the emissions and all three
    /// parameters; `dlogZ / dE[t, b, j]` is the marginal probability of tag j at step t of sentence b.
    public func logPartition(_ emissions: Tensor<Scalar>, lengths: [Int]? = nil, mask: Tensor<Scalar>? = nil)
        -> Tensor<Scalar> {
        let input = CRFInput(self, emissions, lengths: lengths, mask: mask, "LinearChainCRF.logPartition")
        return logPartition(input)
    }

    func logPartition(_ input: CRFInput<Scalar>) -> Tensor<Scalar> {
        switch implementation {
        case .reference: return referenceLogPartition(input)
        case .fused: return fusedLogPartition(input)
        }
    }

    /// score(y) of the given tags for every sentence: [B] (differentiable).
    public func score(_ emissions: Tensor<Scalar>, tags: [Int], lengths: [Int]? = nil, mask: Tensor<Scalar>? = nil)
        -> Tensor<Scalar> {
        let op = "LinearChainCRF.score"
        let input = CRFInput(self, emissions, lengths: lengths, mask: mask, op)
        return goldScore(input, input.timeMajorTags(tags, op))
    }

    /// log p(y | E) = score(y) - log Z for every sentence: [B] (pytorch-crf `forward(..., reduction='none')`).
    public func logLikelihood(
        _ emissions: Tensor<Scalar>, tags: [Int], lengths: [Int]? = nil, mask: Tensor<Scalar>? = nil
    ) -> Tensor<Scalar> {
        let op = "LinearChainCRF.logLikelihood"
        let input = CRFInput(self, emissions, lengths: lengths, mask: mask, op)
        return goldScore(input, input.timeMajorTags(tags, op)) - logPartition(input)
    }

    /// The training loss: `log Z - score(y)` per sentence, reduced over the batch: `.mean` (the default, like
    /// pytorch-crf's `-forward(..., reduction='mean')`), `.sum`, or `.none` ([B]).
    public func negativeLogLikelihood(
        _ emissions: Tensor<Scalar>, tags: [Int], lengths: [Int]? = nil, mask: Tensor<Scalar>? = nil,
        reduction: Reduction = .mean
    ) -> Tensor<Scalar> {
        let op = "LinearChainCRF.negativeLogLikelihood"
        let input = CRFInput(self, emissions, lengths: lengths, mask: mask, op)
        let perSentence = logPartition(input) - goldScore(input, input.timeMajorTags(tags, op))   // [B]
        return reduce(perSentence, reduction, op)
    }

    /// score(y) from differentiable ops (gathers of the gold tags' scores, padded steps multiplied by 0).
    func goldScore(_ input: CRFInput<Scalar>, _ tags: [Int]) -> Tensor<Scalar> {
        let (t, b, k) = (input.steps, input.batch, tagCount)
        let keep = input.keepMask                                                    // [T, B]
        let emitted = input.emissions.reshaped([t * b, k])
            .gather(axis: 1, indices: tags, indexShape: [t * b, 1]).reshaped([t, b])     // [T, B]
        var total = (emitted * keep).sum(axis: 0)                                    // [B]
        total = total + startTransitions.value.indexSelect(axis: 0, Array(tags[0..<b]))
        let lastTags = (0..<b).map { tags[(input.lengths[$0] - 1) * b + $0] }
        total = total + endTransitions.value.indexSelect(axis: 0, lastTags)
        if t > 1 {
            // A[y[t-1], y[t]] for t = 1..T-1, read from A flattened to [K * K].
            let pairs = (b..<(t * b)).map { tags[$0 - b] * k + tags[$0] }
            let moved = transitions.value.reshaped([k * k]).indexSelect(axis: 0, pairs).reshaped([t - 1, b])
            total = total + (moved * keep.slice(axis: 0, 1..<t)).sum(axis: 0)       // [B]
        }
        return total
    }
}

/// How `LinearChainCRF.logPartition` is computed (both give the same numbers; a config can store it).
public enum CRFImplementation: String, Sendable, CaseIterable, Codable {
    /// The forward algorithm written with `logSumExp`, `where` and broadcasting: one graph node per op.
    case reference
    /// One op whose forward and backward loop over raw buffers (caches alpha for the backward).
    case fused
}
