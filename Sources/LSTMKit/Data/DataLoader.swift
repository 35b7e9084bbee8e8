/// Cuts a dataset into batches, epoch after epoch (PyTorch `torch.utils.data.DataLoader`, single process).
///
/// Each call to ``epoch()`` plans one pass over the dataset: every example exactly once (except those of a
/// short last batch with `dropLast`), in a new random order when `shuffle` is on, cut into batches of
/// `batchSize` that are turned into the batch type by `collate` when they are read.
///
///     let data = ArrayDataset(Array(0..<10))
///     let loader = DataLoader(data, batchSize: 4, shuffle: true, rng: RandomSource(seed: 0)) { xs in xs }
///     loader.batchCount                  // 3 (4 + 4 + 2)
///     for epoch in 0..<2 {
///         for batch in loader.epoch() { print(epoch, batch) }   // a different order in each epoch
///     }
///
/// Randomness and resuming: every random draw comes from `rng`, one permutation per epoch (and one more
/// for the batch order when bucketing), drawn when ``epoch()`` is called. The same seed therefore gives the
/// same sequence of epochs. ``state`` (the index of the next epoch and the generator state) captures
/// everything needed to continue: save it just before calling ``epoch()``, and after ``restore(_:)`` the
/// next ``epoch()`` repeats that epoch's exact order; skip the batches already done with `dropFirst`
/// (``Epoch`` is a random-access collection, so skipped batches are not collated):
///
///     let saved = loader.state                     // store in the checkpoint, with `batchesDone`
///     ...
///     loader.restore(saved)
///     for batch in loader.epoch().dropFirst(batchesDone) { ... }
///
/// Give the loader its own `RandomSource`: a generator shared with a model would make the order depend on
/// how many numbers the model drew, and `restore` would rewind the model's stream too.
///
/// Bucketing by length (`bucketBy`): sequences of very different lengths in one batch waste work on
/// padding. With a length function the loader, in each epoch, (1) shuffles all examples (if `shuffle`),
/// (2) sorts each chunk of `bucketChunkBatches * batchSize` consecutive examples by length (ties keep the
/// shuffled order), (3) cuts the chunks into batches, so each batch holds examples of similar length, and
/// (4) shuffles the order of the batches (if `shuffle`). Only the last batch of the epoch can be short.
/// Batches are then not uniformly random samples; the chunk size trades padding against randomness.
public final class DataLoader<Example, Batch> {
    /// The examples.
    public let dataset: any Dataset<Example>
    /// The number of examples per batch (the last batch of an epoch may be smaller unless `dropLast`).
    public let batchSize: Int
    /// Whether each epoch visits the examples in a new random order (PyTorch default: false).
    public let shuffle: Bool
    /// Whether a short last batch is left out (PyTorch `drop_last`, default false).
    public let dropLast: Bool
    /// The number of batches whose examples are sorted together when bucketing; nil when not bucketing.
    public let bucketChunkBatches: Int?
    /// The generator of all shuffles.
    public let rng: RandomSource
    /// The index of the epoch the next call to ``epoch()`` produces (the number of epochs started).
    public private(set) var nextEpoch = 0

    private let collate: ([Example]) -> Batch
    private let lengths: [Int]?

    /// - Parameters:
    ///   - dataset: the examples.
    ///   - batchSize: examples per batch, >= 1 (PyTorch default 1).
    ///   - shuffle: a new random order each epoch.
    ///   - dropLast: leave out the last batch of an epoch if it is smaller than `batchSize`.
    ///   - rng: the generator of the shuffles (see the type's documentation on resuming).
    ///   - length: the length of an example (the `bucketBy` argument); when given, batches group examples of similar length.
    ///     It is called once per example, here.
    ///   - bucketChunkBatches: how many batches' worth of examples are sorted together (>= 1).
    ///   - collate: turns the examples of one batch (in batch order) into a batch.
    public init(
        _ dataset: some Dataset<Example>, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
        rng: RandomSource = .global, bucketBy length: ((Example) -> Int)? = nil, bucketChunkBatches: Int = 50,
        collate: @escaping ([Example]) -> Batch
    ) {
        if batchSize < 1 { failure("DataLoader: batchSize must be >= 1, got \(batchSize)") }
        if length != nil && bucketChunkBatches < 1 {
            failure("DataLoader: bucketChunkBatches must be >= 1, got \(bucketChunkBatches)")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.rng = rng
        self.collate = collate
        if let length {
            self.bucketChunkBatches = bucketChunkBatches
            self.lengths = (0..<dataset.count).map { length(dataset[$0]) }
        } else {
            self.bucketChunkBatches = nil
            self.lengths = nil
        }
    }

    /// The number of batches in each epoch: `count / batchSize` rounded up, or down with `dropLast`.
    public var batchCount: Int {
        let n = dataset.count
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }

    /// Plans the next epoch (drawing its random order now) and returns its batches.
    public func epoch() -> Epoch {
        let plan = planBatches()
        defer { nextEpoch += 1 }
        return Epoch(number: nextEpoch, batchIndices: plan, dataset: dataset, collate: collate)
    }

    /// The example positions of each batch of the next epoch, as ``epoch()`` would plan them, without
    /// consuming any randomness (for inspection and tests).
    public func peekBatchIndices() -> [[Int]] {
        let saved = rng.state
        defer { rng.state = saved }
        return planBatches()
    }

    /// The batches of one epoch, collated when read (each access to a batch collates it again).
    public struct Epoch: RandomAccessCollection {
        /// The index of this epoch (0 for the first one the loader produced).
        public let number: Int
        /// The dataset positions of the examples of each batch, in order.
        public let batchIndices: [[Int]]
        let dataset: any Dataset<Example>
        let collate: ([Example]) -> Batch

        public var startIndex: Int { 0 }
        public var endIndex: Int { batchIndices.count }

        public subscript(position: Int) -> Batch {
            if position < 0 || position >= batchIndices.count {
                failure("DataLoader.Epoch: batch \(position) is out of range 0..<\(batchIndices.count)")
            }
            return collate(batchIndices[position].map { dataset[$0] })
        }
    }

    /// What a resumed run needs to reproduce the loader's future epochs.
    public struct State: Codable, Equatable, Sendable {
        /// The index of the next epoch.
        public var nextEpoch: Int
        /// The generator state (``RandomSource/state``) before that epoch's draws.
        public var generator: [UInt64]

        public init(nextEpoch: Int, generator: [UInt64]) {
            self.nextEpoch = nextEpoch
            self.generator = generator
        }
    }

    /// The current state; save it before calling ``epoch()``.
    public var state: State { State(nextEpoch: nextEpoch, generator: rng.state) }

    /// Returns the loader (and its generator) to a saved state.
    public func restore(_ state: State) {
        if state.nextEpoch < 0 { failure("DataLoader.restore: nextEpoch \(state.nextEpoch) is negative") }
        if state.generator.count != 4 {
            failure("DataLoader.restore: generator state has \(state.generator.count) words, expected 4")
        }
        nextEpoch = state.nextEpoch
        rng.state = state.generator
    }

    /// One epoch's batches of dataset positions, drawing from `rng` as described in the type's documentation.
    private func planBatches() -> [[Int]] {
        let n = dataset.count
        var order = shuffle ? rng.permutation(n) : Array(0..<n)
        if let lengths, let chunkBatches = bucketChunkBatches {
            let chunk = chunkBatches * batchSize
            for start in stride(from: 0, to: n, by: chunk) {
                let end = Swift.min(start + chunk, n)
                // Sort by (length, position in the shuffled order): deterministic, ties keep the shuffle.
                let sorted = (start..<end).sorted { a, b in
                    let (la, lb) = (lengths[order[a]], lengths[order[b]])
                    return la != lb ? la < lb : a < b
                }.map { order[$0] }
                order.replaceSubrange(start..<end, with: sorted)
            }
        }
        var batches = stride(from: 0, to: n, by: batchSize).map { Array(order[$0..<Swift.min($0 + batchSize, n)]) }
        if dropLast, let last = batches.last, last.count < batchSize { batches.removeLast() }
        if bucketChunkBatches != nil && shuffle {
            batches = rng.permutation(batches.count).map { batches[$0] }
        }
        return batches
    }
}

extension DataLoader where Batch == [Example] {
    /// A loader whose batches are arrays of examples (no collation).
    ///
    ///     let loader = DataLoader(ArrayDataset(["a", "b", "c"]), batchSize: 2)
    ///     Array(loader.epoch())     // [["a", "b"], ["c"]]
    public convenience init(
        _ dataset: some Dataset<Example>, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
        rng: RandomSource = .global, bucketBy length: ((Example) -> Int)? = nil, bucketChunkBatches: Int = 50
    ) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, rng: rng,
                  bucketBy: length, bucketChunkBatches: bucketChunkBatches) { $0 }
    }
}
