/// One output of `Seq2Seq.greedyDecode` or `Seq2Seq.beamSearch`.
public struct Seq2SeqHypothesis<Scalar: TensorScalar> {
    /// The generated target tokens, without the start and the end token.
    public var tokens: [Int]
    /// True when the hypothesis ended with the end token; false when it was cut at `maxLength` tokens.
    public var finished: Bool
    /// log p(tokens, end | source): the sum of the log-probabilities of every generated token, the end token
    /// included when `finished`, accumulated in Double.
    public var score: Double
    /// `score / length^alpha` with length = the number of generated tokens (the end token included) and alpha
    /// the beam's `lengthPenalty` (0 for greedy decoding: then equal to `score`). Beams rank by it.
    public var normalizedScore: Double
    /// a [length, S]: the attention weights of each generated token over the source tokens (rows sum to 1).
    public var attention: Tensor<Scalar>

    /// The number of generated tokens, the end token included.
    public var length: Int { tokens.count + (finished ? 1 : 0) }
}

extension Seq2Seq {
    /// One decoding step for a batch of hypotheses: the previous tokens [B] -> log p(next token) [B, Vt], the
    /// new state and the attention weights [B, S]. Runs the same layers as teacher forcing (dropout is the
    /// identity in evaluation mode).
    public func decodeStep(_ tokens: [Int], state: AttentionDecoder<Scalar>.State, memory: Attention<Scalar>.Memory)
        -> (logProbabilities: Tensor<Scalar>, state: AttentionDecoder<Scalar>.State, weights: Tensor<Scalar>) {
        dropout.isTraining = isTraining
        let y = dropout(targetEmbedding(tokens, shape: [tokens.count]))                   // [B, E]
        let out = decoder.step(y, state: state, memory: memory)
        let logp = logSoftmax(output(dropout(out.attentional)), axis: -1)                 // [B, Vt]
        return (logp, out.state, out.weights)
    }

    /// Greedy decoding of a batch of sources (each non-empty), all at once: at every step each sentence takes
    /// its most likely token (the lowest index on ties) until it produces the end token or has `maxLength`
    /// tokens. Runs in evaluation mode without recording gradients, then restores the mode.
    public func greedyDecode(_ sources: [[Int]], maxLength: Int) -> [Seq2SeqHypothesis<Scalar>] {
        if maxLength < 1 { failure("Seq2Seq.greedyDecode: maxLength must be at least 1, got \(maxLength)") }
        return decoding {
            let batch = Seq2SeqBatch(sources: sources, targets: sources.map { _ in [] }, config: config)
            let b = batch.batchSize
            let encoding = encode(batch.source, lengths: batch.sourceLengths)
            var state = encoding.initialState
            var tokens = [Int](repeating: config.startIndex, count: b)
            var outputs = [[Int]](repeating: [], count: b), scores = [Double](repeating: 0, count: b)
            var attention = [[Scalar]](repeating: [], count: b)
            var done = [Bool](repeating: false, count: b)
            for _ in 0..<maxLength where done.contains(false) {
                let step = decodeStep(tokens, state: state, memory: encoding.memory)
                state = step.state
                tokens = step.logProbabilities.argmax(axis: 1)
                let s = batch.sourceSteps
                for row in 0..<b where !done[row] {
                    scores[row] += Double(step.logProbabilities.scalars[row * config.targetVocabularySize + tokens[row]])
                    attention[row] += step.weights.scalars[(row * s)..<(row * s + batch.sourceLengths[row])]
                    if tokens[row] == config.endIndex { done[row] = true } else { outputs[row].append(tokens[row]) }
                }
            }
            return (0..<b).map { row in
                let length = outputs[row].count + (done[row] ? 1 : 0)
                return Seq2SeqHypothesis(tokens: outputs[row], finished: done[row], score: scores[row],
                                         normalizedScore: scores[row],
                                         attention: Tensor(shape: [length, sources[row].count], scalars: attention[row]))
            }
        }
    }

    /// Runs `body` in evaluation mode without recording gradients, then restores the training mode.
    func decoding<R>(_ body: () -> R) -> R {
        let modes = modules().map { ($0, $0.isTraining) }
        eval()
        defer { for (module, mode) in modes { module.isTraining = mode } }
        return withoutGrad(body)
    }
}
