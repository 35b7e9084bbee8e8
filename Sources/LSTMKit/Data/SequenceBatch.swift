/// A batch of variable-length feature sequences, padded to the longest one, time-major: exactly what
/// LSTMKit's recurrent layers take.
///
///     inputs  [T, B, D]   inputs[t, b, :] = step t of sequence b, zeros for t >= lengths[b]
///     lengths [B]         real steps of each sequence (1...T), T = max(lengths)
///     mask    [T, B]      1 where t < lengths[b], else 0
///     targets             see SequenceTargets
///
///     let batch = SequenceBatch(collating: [
///         SequenceExample<Float>(steps: [[1], [2], [3]], target: .label(0)),
///         SequenceExample<Float>(steps: [[4]], target: .label(1)),
///     ])
///     batch.inputs     // [3, 2, 1]: [[[1], [4]], [[2], [0]], [[3], [0]]]
///     batch.lengths    // [3, 1]
///     batch.mask       // [[1, 1], [1, 0], [1, 0]]
///     let out = lstm(batch.inputs, lengths: batch.lengths)           // padded steps are skipped
///     let loss = crossEntropy(logits: head(lastOutputs), targets: batch.targets.classLabels)
///
/// Pass either `lengths:` or `mask:` to a recurrent layer (they say the same thing). With a ``DataLoader``:
/// `DataLoader(sequences: data, batchSize: 32, shuffle: true, bucketByLength: true, rng: rng)`.
public struct SequenceBatch<Scalar: TensorScalar>: PaddedSequenceBatch {
    /// The padded inputs, [T, B, D].
    public var inputs: Tensor<Scalar>
    /// The number of real steps of each sequence, [B].
    public var lengths: [Int]
    /// 1 at real steps, 0 at padding, [T, B].
    public var mask: Tensor<Scalar>
    /// The stacked targets.
    public var targets: SequenceTargets<Scalar>

    /// T, the padded length.
    public var steps: Int { inputs.shape[0] }

    /// Pads and stacks `examples` (at least one, each with >= 1 step and the same D, all with the same kind
    /// of target). Per-step token targets are padded with `ignoreIndex` (PyTorch's default, -100).
    public init(collating examples: [SequenceExample<Scalar>], ignoreIndex: Int = -100) {
        let op = "SequenceBatch(collating:)"
        if examples.isEmpty { failure("\(op): cannot collate an empty batch") }
        let d = examples[0].featureCount
        for (b, x) in examples.enumerated() {
            if x.length < 1 {
                failure("\(op): example \(b) of the batch has no steps; recurrent layers need lengths >= 1, so filter out empty sequences")
            }
            if x.featureCount != d {
                failure("\(op): example \(b) has \(x.featureCount) features per step, example 0 has \(d)")
            }
        }
        let lengths = examples.map(\.length)
        let (t, b) = (lengths.max()!, examples.count)
        var x = [Scalar](repeating: 0, count: t * b * d)
        for (j, example) in examples.enumerated() {
            for step in 0..<example.length {
                let row = (step * b + j) * d                           // inputs[step, j, :]
                for k in 0..<d { x[row + k] = example.features[step * d + k] }
            }
        }
        self.inputs = Tensor(shape: [t, b, d], scalars: x)
        self.lengths = lengths
        self.mask = Tensor(shape: [t, b], scalars: [Scalar](repeating: 0, count: t * b))
        self.targets = SequenceTargets.collate(examples.map(\.target), lengths: lengths, steps: t,
                                               ignoreIndex: ignoreIndex, op)
        self.mask = maskTensor(Scalar.self)
    }
}
