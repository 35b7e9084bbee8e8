import LSTMKit

/// One update of truncated backpropagation through time with k1 <= k2 on B parallel text streams (the
/// layout of `StatefulTextBatches`: stream b is the b-th of B equal slices of the text).
///
/// Update k trains on the k1 new steps `k * k1 ..< (k + 1) * k1` of every stream, backpropagating through
/// the window of the k2 steps that end there (fewer at the start of the text):
///
///     window     = max(0, k * k1 - (k2 - k1)) ..< min((k + 1) * k1, L - 1)        L: tokens per stream
///     loss steps = the last k1 steps of the window (the new ones)
///     forward    = part A: window start ..< next window start, from the carried state;
///                  part B: the rest of the window, from the state after part A
///     carry      = the state after part A (the state where the next window starts), detached
///
/// With k1 == k2 part A is the whole window, part B is empty, and the batches are exactly
/// `StatefulTextBatches`' (char-rnn). With k2 > k1 each update recomputes k2 - k1 earlier steps, so even the
/// first of the new steps gets k2 - k1 steps of gradient history (Williams & Peng 1990; `TruncatedBPTT`).
public struct TruncatedTextBatch: Sendable {
    /// The window's inputs and targets [T_window, B].
    public var batch: LanguageModelBatch
    /// Steps of part A (the carried state for the next update is the state after them).
    public var splitStep: Int
    /// The first step of the window that counts in the loss.
    public var lossStart: Int
}

/// The updates of one epoch, in order (see `TruncatedTextBatch`).
public struct TruncatedTextBatches: RandomAccessCollection, Sendable {
    public let k1: Int
    public let k2: Int
    public let batchSize: Int
    /// L, tokens per stream.
    public let streamLength: Int
    let ids: [Int]
    /// The streams these batches hold: all `batchSize` of them, or one rank's shard (`shard(rank:of:)`).
    public private(set) var streams: Range<Int>

    /// - Precondition: 1 <= k1 <= k2, batchSize >= 1, and every stream has at least 2 tokens.
    public init(_ corpus: TextCorpus, batchSize: Int, k1: Int, k2: Int) {
        if k1 < 1 || k2 < k1 { failure("TruncatedTextBatches: need 1 <= k1 <= k2, got k1 = \(k1), k2 = \(k2)") }
        if batchSize < 1 { failure("TruncatedTextBatches: batchSize \(batchSize) must be >= 1") }
        let length = corpus.count / batchSize
        if length < 2 {
            failure("TruncatedTextBatches: \(corpus.count) tokens in \(batchSize) streams leave \(length) per stream (2 needed)")
        }
        self.k1 = k1
        self.k2 = k2
        self.batchSize = batchSize
        self.streamLength = length
        self.ids = corpus.ids
        self.streams = 0..<batchSize
    }

    /// Rank `rank`'s shard for data-parallel training over `worldSize` ranks: the contiguous streams
    /// `rank * B / W ..< (rank + 1) * B / W` of every update (B = batchSize, a multiple of W), the same text
    /// positions as in the single-process run. Each rank's loss is the mean over its B / W streams, so the
    /// mean over the ranks is the single-process loss of all B streams.
    public func shard(rank: Int, of worldSize: Int) -> TruncatedTextBatches {
        if worldSize < 1 || rank < 0 || rank >= worldSize || batchSize % worldSize != 0 {
            failure("TruncatedTextBatches.shard: rank \(rank) of \(worldSize) for \(batchSize) streams " +
                    "(need 0 <= rank < worldSize and batchSize a multiple of worldSize)")
        }
        var copy = self
        let per = batchSize / worldSize
        copy.streams = rank * per ..< (rank + 1) * per
        return copy
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { (streamLength - 1 + k1 - 1) / k1 }

    func windowStart(_ k: Int) -> Int { Swift.max(0, k * k1 - (k2 - k1)) }

    public subscript(k: Int) -> TruncatedTextBatch {
        if k < 0 || k >= endIndex { failure("TruncatedTextBatches: update \(k) is out of range 0..<\(endIndex)") }
        let start = windowStart(k), end = Swift.min((k + 1) * k1, streamLength - 1)
        let t = end - start, b = streams.count
        var inputs = [Int](repeating: 0, count: t * b), targets = inputs
        for (j, stream) in streams.enumerated() {
            let base = stream * streamLength + start
            for step in 0..<t {
                inputs[step * b + j] = ids[base + step]
                targets[step * b + j] = ids[base + step + 1]
            }
        }
        return TruncatedTextBatch(
            batch: LanguageModelBatch(inputs: inputs, targets: targets, steps: t, batchSize: b),
            splitStep: Swift.min(windowStart(k + 1) - start, t), lossStart: k * k1 - start)
    }
}

extension CharLanguageModel {
    /// The loss of one truncated-BPTT update (the mean cross-entropy over its new steps) and the state to
    /// carry into the next update (see `TruncatedTextBatch`).
    public func loss(
        _ update: TruncatedTextBatch, states: [EncoderState<Scalar>]?
    ) -> (loss: Tensor<Scalar>, states: [EncoderState<Scalar>]) {
        let batch = update.batch, b = batch.batchSize
        let x = embedding(batch.inputs, shape: batch.shape)                             // [T, B, E]
        let split = update.splitStep
        if split == batch.steps && update.lossStart == 0 {
            // k1 == k2 (char-rnn): one pass over the whole window, no slicing.
            let out = recurrent(x, initialStates: states)
            return (crossEntropy(logits: head(outputDropout(out.outputs)), targets: batch.targets), out.finalStates)
        }
        let a = split > 0 ? recurrent(x.slice(axis: 0, 0..<split), initialStates: states) : nil
        let carry = a?.finalStates ?? states ?? zeroStates(batchSize: b)
        var outputs = a?.outputs
        if split < batch.steps {
            let rest = recurrent(x.slice(axis: 0, split..<batch.steps), initialStates: carry)
            outputs = outputs.map { Tensor.concat([$0, rest.outputs], axis: 0) } ?? rest.outputs
        }
        let counted = outputs!.slice(axis: 0, update.lossStart..<batch.steps)           // [k1, B, H]
        let logits = head(outputDropout(counted))                                          // [k1, B, V]
        let targets = Array(batch.targets[(update.lossStart * b)...])
        return (crossEntropy(logits: logits, targets: targets), carry)
    }
}
