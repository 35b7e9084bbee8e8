extension Seq2Seq {
    /// Beam search (as in fairseq's `SequenceGenerator`) over the translations of one source sentence.
    ///
    /// The beam starts as the start token alone. At each step every live hypothesis is extended by every token
    /// and the candidates are ranked by their score `log p` (ties: lower beam index, then lower token). Walking
    /// down that ranking: a candidate ending in the end token is finished when it ranks among the first `width`
    /// (otherwise dropped); the others fill the next beam, up to `width`. The search stops when `width`
    /// hypotheses are finished, when no live hypothesis is left, or after `maxLength` tokens, when the live
    /// hypotheses are returned unfinished. Hypotheses are ranked by `score / length^lengthPenalty` (length =
    /// generated tokens, the end token included; 0 = no normalization, 1 = the mean log-probability per token).
    ///
    /// With width 1 this is greedy decoding (same tokens, same scores). A beam at least as wide as Vt^maxLength
    /// prunes nothing, so it returns every possible hypothesis and its best is the exact best.
    ///
    /// - Returns: every finished hypothesis (and the unfinished ones cut at `maxLength`), best first by
    ///   `normalizedScore` (stable), each with its attention weights [length, S].
    public func beamSearch(_ source: [Int], width: Int, lengthPenalty: Double = 0, maxLength: Int)
        -> [Seq2SeqHypothesis<Scalar>] {
        if width < 1 { failure("Seq2Seq.beamSearch: width must be at least 1, got \(width)") }
        if maxLength < 1 { failure("Seq2Seq.beamSearch: maxLength must be at least 1, got \(maxLength)") }
        if !(lengthPenalty >= 0) { failure("Seq2Seq.beamSearch: lengthPenalty must be >= 0, got \(lengthPenalty)") }
        if source.isEmpty { failure("Seq2Seq.beamSearch: the source is empty") }
        return decoding {
            let encoding = encode(source, lengths: [source.count])
            let (v, end) = (config.targetVocabularySize, config.endIndex)
            var beams = [Beam<Scalar>(tokens: [], score: 0, attention: [])]
            var state = encoding.initialState
            var memory = encoding.memory
            var finished: [Seq2SeqHypothesis<Scalar>] = []
            func hypothesis(_ beam: Beam<Scalar>, finished: Bool) -> Seq2SeqHypothesis<Scalar> {
                let length = beam.tokens.count + (finished ? 1 : 0)
                return Seq2SeqHypothesis(tokens: beam.tokens, finished: finished, score: beam.score,
                                         normalizedScore: beam.score / Double.pow(Double(length), lengthPenalty),
                                         attention: Tensor(shape: [length, source.count], scalars: beam.attention))
            }
            for _ in 0..<maxLength {
                if memory.batchSize != beams.count {
                    memory = encoding.memory.selecting(rows: [Int](repeating: 0, count: beams.count))
                }
                let step = decodeStep(beams.map { $0.tokens.last ?? config.startIndex }, state: state, memory: memory)
                let logp = step.logProbabilities.scalars                                      // [K, Vt]
                var candidates: [BeamCandidate] = []
                for (k, beam) in beams.enumerated() {
                    // The best width + 1 tokens of a beam hold at least `width` that are not the end token.
                    for token in topIndices(logp[(k * v)..<((k + 1) * v)], count: width + 1) {
                        candidates.append(BeamCandidate(score: beam.score + Double(logp[k * v + token]), beam: k,
                                                        token: token))
                    }
                }
                let (ended, live) = selectBeamCandidates(candidates, width: width, endIndex: end)
                func extended(_ c: BeamCandidate) -> Beam<Scalar> {
                    let row = step.weights.scalars[(c.beam * source.count)..<((c.beam + 1) * source.count)]
                    return Beam(tokens: beams[c.beam].tokens + (c.token == end ? [] : [c.token]), score: c.score,
                                attention: beams[c.beam].attention + row)
                }
                finished += ended.map { hypothesis(extended($0), finished: true) }
                let next = live.map(extended), parents = live.map(\.beam)
                beams = next
                if finished.count >= width || beams.isEmpty { beams = []; break }
                state = step.state.selecting(rows: parents)
            }
            finished += beams.map { hypothesis($0, finished: false) }
            // Stable: among equal normalized scores the earlier finished hypothesis stays first.
            return finished.enumerated().sorted {
                ($0.element.normalizedScore, -$0.offset) > ($1.element.normalizedScore, -$1.offset)
            }.map(\.element)
        }
    }
}

/// One extension of a live hypothesis: its score log p, the hypothesis (an index into the beam) and the token.
struct BeamCandidate: Equatable {
    var score: Double
    var beam: Int
    var token: Int
}

/// One step of the beam's bookkeeping: ranks the candidates by score (ties: lower beam, then lower token) and
/// walks down the ranking. A candidate ending in `endIndex` is finished when it ranks among the first `width`,
/// else dropped; the others become the next beam, up to `width` of them. Both lists are in ranking order.
func selectBeamCandidates(_ candidates: [BeamCandidate], width: Int, endIndex: Int)
    -> (finished: [BeamCandidate], live: [BeamCandidate]) {
    let ranked = candidates.sorted { ($0.score, -$0.beam, -$0.token) > ($1.score, -$1.beam, -$1.token) }
    var finished: [BeamCandidate] = [], live: [BeamCandidate] = []
    for (rank, c) in ranked.enumerated() {
        if rank >= width && live.count == width { break }
        if c.token == endIndex {
            if rank < width { finished.append(c) }
        } else if live.count < width {
            live.append(c)
        }
    }
    return (finished, live)
}

/// A live hypothesis of a beam: its tokens (after the start token), score and attention rows [length * S].
private struct Beam<Scalar> {
    var tokens: [Int]
    var score: Double
    var attention: [Scalar]
}

/// The indices of the `count` largest values (all of them if there are fewer), largest first, lower index
/// first among equal values. One pass with a short sorted list: O(n * count).
func topIndices<S: TensorScalar>(_ values: ArraySlice<S>, count: Int) -> [Int] {
    let base = values.startIndex
    if count >= values.count {
        return values.indices.map { $0 - base }.sorted { (values[base + $0], -$0) > (values[base + $1], -$1) }
    }
    var top: [Int] = []           // indices, by value descending
    top.reserveCapacity(count + 1)
    for i in 0..<values.count {
        let x = values[base + i]
        if top.count == count && !(x > values[base + top[count - 1]]) { continue }
        var position = top.count
        while position > 0 && x > values[base + top[position - 1]] { position -= 1 }
        top.insert(i, at: position)
        if top.count > count { top.removeLast() }
    }
    return top
}
