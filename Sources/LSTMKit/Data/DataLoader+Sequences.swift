// Loaders that collate sequence examples into padded batches, optionally bucketed by length.

extension DataLoader {
    /// A loader of padded feature-sequence batches (see ``SequenceBatch``).
    ///
    ///     let loader = DataLoader(sequences: ArrayDataset(examples), batchSize: 32, shuffle: true,
    ///                             bucketByLength: true, rng: RandomSource(seed: 0))
    ///     for batch in loader.epoch() {
    ///         let out = lstm(batch.inputs, lengths: batch.lengths)      // batch.inputs [T, B, D]
    ///     }
    ///
    /// `bucketByLength` groups sequences of similar length (see ``DataLoader`` on bucketing);
    /// `ignoreIndex` pads per-step token targets.
    public convenience init<S: TensorScalar>(
        sequences dataset: some Dataset<Example>, batchSize: Int = 1, shuffle: Bool = false,
        dropLast: Bool = false, bucketByLength: Bool = false, bucketChunkBatches: Int = 50,
        ignoreIndex: Int = -100, rng: RandomSource = .global
    ) where Example == SequenceExample<S>, Batch == SequenceBatch<S> {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, rng: rng,
                  bucketBy: bucketByLength ? { $0.length } : nil, bucketChunkBatches: bucketChunkBatches) {
            SequenceBatch(collating: $0, ignoreIndex: ignoreIndex)
        }
    }

    /// A loader of padded token-ID batches (see ``TokenBatch``).
    ///
    ///     let loader = DataLoader(tokenSequences: ArrayDataset(sentences), batchSize: 16, shuffle: true,
    ///                             bucketByLength: true, paddingID: vocabulary.paddingID ?? 0,
    ///                             rng: RandomSource(seed: 0))
    ///     for batch in loader.epoch() {
    ///         let x = embed(batch.inputs, shape: batch.shape)                // [T, B, E]
    ///         let out = lstm(x, lengths: batch.lengths)
    ///     }
    public convenience init<S: TensorScalar>(
        tokenSequences dataset: some Dataset<Example>, batchSize: Int = 1, shuffle: Bool = false,
        dropLast: Bool = false, bucketByLength: Bool = false, bucketChunkBatches: Int = 50,
        paddingID: Int = 0, ignoreIndex: Int = -100, rng: RandomSource = .global
    ) where Example == TokenSequenceExample<S>, Batch == TokenBatch<S> {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, rng: rng,
                  bucketBy: bucketByLength ? { $0.length } : nil, bucketChunkBatches: bucketChunkBatches) {
            TokenBatch(collating: $0, paddingID: paddingID, ignoreIndex: ignoreIndex)
        }
    }
}
