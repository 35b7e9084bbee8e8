/// A batch of variable-length token-ID sequences for a model that starts with an `Embedding`: the same
/// layout as ``SequenceBatch`` with IDs in place of feature vectors.
///
///     inputs  [T, B] row-major IDs (inputs[t * B + b]), `paddingID` at padded steps
///     lengths [B], mask [T, B], targets: as in SequenceBatch
///
///     let batch = TokenBatch(collating: [
///         TokenSequenceExample<Float>(tokens: [5, 6, 7], target: .label(1)),
///         TokenSequenceExample<Float>(tokens: [8], target: .label(0)),
///     ], paddingID: 0)
///     batch.inputs     // [5, 8, 6, 0, 7, 0]   ([T = 3, B = 2])
///     let x = embed(batch.inputs, shape: batch.shape)                 // [T, B, E]
///     let out = lstm(x, lengths: batch.lengths)
public struct TokenBatch<Scalar: TensorScalar>: PaddedSequenceBatch {
    /// The padded token IDs, [T, B] row-major (time-major).
    public var inputs: [Int]
    /// The number of real steps of each sequence, [B].
    public var lengths: [Int]
    /// 1 at real steps, 0 at padding, [T, B].
    public var mask: Tensor<Scalar>
    /// The stacked targets.
    public var targets: SequenceTargets<Scalar>
    /// The ID placed at padded input steps (usually the vocabulary's `<pad>`, 0).
    public var paddingID: Int

    /// T, the padded length.
    public let steps: Int
    /// The shape of `inputs`, [T, B] (the `shape:` argument of `Embedding`).
    public var shape: [Int] { [steps, lengths.count] }

    /// Pads and stacks `examples` (at least one, each with >= 1 token, all with the same kind of target).
    /// - Parameters:
    ///   - examples: the token sequences of the batch, in batch order.
    ///   - paddingID: the input ID at padded steps (`Vocabulary.paddingID`; give the same index to
    ///     `Embedding(paddingIndex:)` so padding embeds to zeros).
    ///   - ignoreIndex: the per-step token target at padded steps (PyTorch's default, -100).
    public init(collating examples: [TokenSequenceExample<Scalar>], paddingID: Int = 0, ignoreIndex: Int = -100) {
        let op = "TokenBatch(collating:)"
        if examples.isEmpty { failure("\(op): cannot collate an empty batch") }
        for (b, x) in examples.enumerated() where x.length < 1 {
            failure("\(op): example \(b) of the batch has no tokens; recurrent layers need lengths >= 1, so filter out empty sequences")
        }
        let lengths = examples.map(\.length)
        let (t, b) = (lengths.max()!, examples.count)
        var ids = [Int](repeating: paddingID, count: t * b)
        for (j, example) in examples.enumerated() {
            for (step, id) in example.tokens.enumerated() { ids[step * b + j] = id }
        }
        self.inputs = ids
        self.lengths = lengths
        self.steps = t
        self.paddingID = paddingID
        self.mask = Tensor(shape: [t, b], scalars: [Scalar](repeating: 0, count: t * b))
        self.targets = SequenceTargets.collate(examples.map(\.target), lengths: lengths, steps: t,
                                               ignoreIndex: ignoreIndex, op)
        self.mask = maskTensor(Scalar.self)
    }
}
