/// A batch of sentence pairs for `Seq2Seq`, padded and time-major like `TokenBatch` (`ids[t * B + b]`).
///
///     sources [[5, 6, 7], [8]], targets [[9], [10, 11]], start 2, end 3, padding 0:
///     source        [S = 3, B = 2]  5 8 | 6 0 | 7 0          sourceLengths [3, 1]
///     targetInputs  [T = 3, B = 2]  2 2 | 9 10 | 0 11        (start, y_1 ... y_n)
///     targetOutputs [T = 3, B = 2]  9 10 | 3 11 | 0 3        (y_1 ... y_n, end)    targetLengths [2, 3]
///
/// Teacher forcing reads `targetInputs[t]` at step t and predicts `targetOutputs[t]`; the loss counts the
/// first `targetLengths[b]` steps of each sentence.
public struct Seq2SeqBatch: Equatable, Sendable {
    /// [S, B] source tokens, `paddingIndex` after each sentence.
    public var source: [Int]
    /// [B], each >= 1.
    public var sourceLengths: [Int]
    /// [T, B]: the start token, then the target tokens, then padding.
    public var targetInputs: [Int]
    /// [T, B]: the target tokens, then the end token, then padding.
    public var targetOutputs: [Int]
    /// [B]: the number of target tokens plus 1 (the end token).
    public var targetLengths: [Int]

    /// Pads and lays out `sources` (each non-empty) and `targets` (without start and end tokens; may be
    /// empty) as described on the type.
    public init(sources: [[Int]], targets: [[Int]], startIndex: Int, endIndex: Int, paddingIndex: Int) {
        if sources.isEmpty || sources.count != targets.count {
            failure("Seq2SeqBatch: \(sources.count) sources and \(targets.count) targets; expected the same number, at least 1")
        }
        for (b, s) in sources.enumerated() where s.isEmpty {
            failure("Seq2SeqBatch: source \(b) is empty; the encoder needs at least one token per sentence")
        }
        let batch = sources.count
        sourceLengths = sources.map(\.count)
        targetLengths = targets.map { $0.count + 1 }
        let (s, t) = (sourceLengths.max()!, targetLengths.max()!)
        source = [Int](repeating: paddingIndex, count: s * batch)
        targetInputs = [Int](repeating: paddingIndex, count: t * batch)
        targetOutputs = targetInputs
        for b in 0..<batch {
            for (step, token) in sources[b].enumerated() { source[step * batch + b] = token }
            for (step, token) in ([startIndex] + targets[b]).enumerated() { targetInputs[step * batch + b] = token }
            for (step, token) in (targets[b] + [endIndex]).enumerated() { targetOutputs[step * batch + b] = token }
        }
    }

    /// The same with the special tokens of `config`.
    public init(sources: [[Int]], targets: [[Int]], config: Seq2SeqConfig) {
        self.init(sources: sources, targets: targets, startIndex: config.startIndex, endIndex: config.endIndex,
                  paddingIndex: config.paddingIndex)
    }

    /// B.
    public var batchSize: Int { sourceLengths.count }
    /// S, the padded source length.
    public var sourceSteps: Int { source.count / batchSize }
    /// T, the padded number of decoder steps.
    public var targetSteps: Int { targetInputs.count / batchSize }
    /// [T * B]: true at the steps the loss counts (t < targetLengths[b]).
    public var targetMask: [Bool] {
        (0..<targetOutputs.count).map { $0 / batchSize < targetLengths[$0 % batchSize] }
    }
}
