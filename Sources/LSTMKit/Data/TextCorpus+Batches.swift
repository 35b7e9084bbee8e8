// Language-model batches from a TextCorpus: contiguous stateful streams (char-rnn) or shuffled windows.

/// Inputs and next-token targets for a language model, time-major with no padding.
///
///     inputs  [T, B] row-major token IDs: inputs[t * B + b]
///     targets [T, B] the token after each input: targets[t * B + b] is the ID that follows inputs[t * B + b]
///
///     let x = embed(batch.inputs, shape: batch.shape)              // [T, B, E]
///     let logits = head(lstm(x, initialStates: states).outputs)    // [T, B, V]
///     let loss = crossEntropy(logits: logits, targets: batch.targets)
public struct LanguageModelBatch: Equatable, Sendable {
    /// The input IDs, [T, B] row-major.
    public var inputs: [Int]
    /// The target IDs, [T, B] row-major.
    public var targets: [Int]
    /// T, the number of steps.
    public let steps: Int
    /// B, the number of streams or windows.
    public let batchSize: Int

    public init(inputs: [Int], targets: [Int], steps: Int, batchSize: Int) {
        if inputs.count != steps * batchSize || targets.count != steps * batchSize {
            failure("LanguageModelBatch: \(inputs.count) inputs and \(targets.count) targets for shape [T, B] = [\(steps), \(batchSize)]")
        }
        self.inputs = inputs
        self.targets = targets
        self.steps = steps
        self.batchSize = batchSize
    }

    /// The shape of `inputs` and `targets`, [T, B] (the `shape:` argument of `Embedding`).
    public var shape: [Int] { [steps, batchSize] }

    /// Stacks windows of equal length as the columns of a batch.
    public init(collating windows: [TextWindow]) {
        if windows.isEmpty { failure("LanguageModelBatch(collating:): cannot collate an empty batch") }
        let t = windows[0].inputs.count, b = windows.count
        for (j, w) in windows.enumerated() where w.inputs.count != t {
            failure("LanguageModelBatch(collating:): window \(j) has \(w.inputs.count) steps, window 0 has \(t)")
        }
        var inputs = [Int](repeating: 0, count: t * b), targets = inputs
        for (j, w) in windows.enumerated() {
            for step in 0..<t {
                inputs[step * b + j] = w.inputs[step]
                targets[step * b + j] = w.targets[step]
            }
        }
        self.init(inputs: inputs, targets: targets, steps: t, batchSize: b)
    }
}

/// The contiguous batches of a corpus for stateful training (char-rnn; PyTorch's word_language_model
/// `batchify` + `get_batch`).
///
/// The token stream of n tokens is cut into B streams of L = n / B tokens each (the last n - B * L tokens
/// are dropped): stream b is `ids[b * L ..< (b + 1) * L]`, and it becomes column b of every batch. Batch k
/// covers the steps `k * T ..< k * T + T` of every stream, targets shifted by one:
///
///     inputs[t, b]  = stream b at position k * T + t
///     targets[t, b] = stream b at position k * T + t + 1
///
/// so column b of batch k + 1 continues exactly where column b of batch k stopped: the target at the last
/// step of batch k is the input at the first step of batch k + 1. That is why the final hidden state of one
/// batch is the right initial state for the next one: carry it over, detached so that gradients stop at
/// the batch boundary (truncated backpropagation through time with k1 = k2 = T). Reset the state at the
/// start of each epoch.
///
///     var states: [LSTMState<Float>]? = nil                         // zeros at the start of an epoch
///     for batch in corpus.statefulBatches(batchSize: 32, steps: 64) {
///         let out = lstm(embed(batch.inputs, shape: batch.shape), initialStates: states)
///         ...                                                        // loss, backward, optimizer step
///         states = out.finalStates.map { $0.detached() }
///     }
///
/// Each stream yields L - 1 (input, target) pairs, so there are ceil((L - 1) / T) batches; the last one has
/// fewer steps unless `dropLast`. The order is fixed (shuffling would break the continuity).
public struct StatefulTextBatches: RandomAccessCollection, Sendable {
    /// B, the number of parallel streams.
    public let batchSize: Int
    /// T, the steps per batch (the last batch may have fewer unless `dropLast`).
    public let steps: Int
    /// L, the number of tokens in each stream.
    public let streamLength: Int
    /// Whether a last batch with fewer than T steps is left out.
    public let dropLast: Bool
    let ids: [Int]

    init(ids: [Int], batchSize: Int, steps: Int, dropLast: Bool) {
        let op = "TextCorpus.statefulBatches"
        if batchSize < 1 || steps < 1 { failure("\(op): batchSize \(batchSize) and steps \(steps) must be >= 1") }
        let length = ids.count / batchSize
        if length < 2 {
            failure("\(op): \(ids.count) tokens in \(batchSize) streams give \(length) token(s) per stream; each stream needs at least 2 (an input and its target)")
        }
        if dropLast && length - 1 < steps {
            failure("\(op): streams of \(length) tokens give \(length - 1) steps, fewer than steps = \(steps), so dropLast leaves no batch")
        }
        self.ids = ids
        self.batchSize = batchSize
        self.steps = steps
        self.streamLength = length
        self.dropLast = dropLast
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        let pairs = streamLength - 1
        return dropLast ? pairs / steps : (pairs + steps - 1) / steps
    }

    public subscript(k: Int) -> LanguageModelBatch {
        if k < 0 || k >= endIndex { failure("StatefulTextBatches: batch \(k) is out of range 0..<\(endIndex)") }
        let start = k * steps
        let t = Swift.min(steps, streamLength - 1 - start)
        let b = batchSize
        var inputs = [Int](repeating: 0, count: t * b), targets = inputs
        for j in 0..<b {
            let base = j * streamLength + start
            for step in 0..<t {
                inputs[step * b + j] = ids[base + step]
                targets[step * b + j] = ids[base + step + 1]
            }
        }
        return LanguageModelBatch(inputs: inputs, targets: targets, steps: t, batchSize: b)
    }
}

/// One window of a corpus: `length` input IDs and the IDs that follow each of them.
public struct TextWindow: Equatable, Sendable {
    public var inputs: [Int]
    public var targets: [Int]
}

/// The windows of a corpus as a dataset: window i starts at token `i * stride` and has `length` inputs
/// (`ids[s ..< s + length]`) and targets (`ids[s + 1 ..< s + length + 1]`). Only whole windows are
/// included.
public struct TextWindows: Dataset, Sendable {
    public let ids: [Int]
    /// T, the steps per window.
    public let length: Int
    /// The distance between the starts of consecutive windows (`length`: no overlap).
    public let stride: Int

    public var count: Int { ids.count - 1 < length ? 0 : (ids.count - 1 - length) / stride + 1 }

    public subscript(index: Int) -> TextWindow {
        if index < 0 || index >= count { failure("TextWindows: window \(index) is out of range 0..<\(count)") }
        let s = index * stride
        return TextWindow(inputs: Array(ids[s..<(s + length)]), targets: Array(ids[(s + 1)..<(s + length + 1)]))
    }
}

extension TextCorpus {
    /// Contiguous batches for stateful training, B parallel streams and T steps per batch (see
    /// ``StatefulTextBatches``).
    public func statefulBatches(batchSize: Int, steps: Int, dropLast: Bool = false) -> StatefulTextBatches {
        StatefulTextBatches(ids: ids, batchSize: batchSize, steps: steps, dropLast: dropLast)
    }

    /// The windows of `length` steps starting every `stride` tokens (default `length`: no overlap).
    public func windows(length: Int, stride: Int? = nil) -> TextWindows {
        let stride = stride ?? length
        if length < 1 || stride < 1 {
            failure("TextCorpus.windows: length \(length) and stride \(stride) must be >= 1")
        }
        let w = TextWindows(ids: ids, length: length, stride: stride)
        if w.count == 0 {
            failure("TextCorpus.windows: \(ids.count) tokens hold no window of \(length) steps (needs \(length + 1) tokens)")
        }
        return w
    }

    /// Independent windows of T steps (non-overlapping by default), shuffled into batches of B windows
    /// with a new order each epoch. The hidden state should start from zero in every batch (the windows of
    /// one batch are unrelated). A ``DataLoader``, so it resumes with `state` / `restore`.
    ///
    ///     let loader = corpus.shuffledBatches(batchSize: 32, steps: 64, rng: RandomSource(seed: 0))
    ///     for batch in loader.epoch() { ... }                 // LanguageModelBatch, [64, 32]
    public func shuffledBatches(
        batchSize: Int, steps: Int, stride: Int? = nil, dropLast: Bool = false, rng: RandomSource = .global
    ) -> DataLoader<TextWindow, LanguageModelBatch> {
        DataLoader(windows(length: steps, stride: stride), batchSize: batchSize, shuffle: true, dropLast: dropLast,
                   rng: rng, collate: LanguageModelBatch.init(collating:))
    }
}
