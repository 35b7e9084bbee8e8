/// The targets of a batch of sequences, stacked from the examples' ``SequenceTarget``s.
///
/// - `none`: the examples had no targets.
/// - `labels(y)`: one class index per sequence, [B]. Use with `crossEntropy(logits: [B, C], targets: y)`.
/// - `values(v)`: the examples' regression tensors stacked, [B, ...].
/// - `tokens(ids, shape: [T, B], ignoreIndex:)`: one class index per step, time-major row-major
///   (`ids[t * B + b]`), with `ignoreIndex` at padded steps. Pass both to `crossEntropy`:
///   `crossEntropy(logits: [T, B, V], targets: ids, ignoreIndex: ignoreIndex)`.
/// - `stepValues(v)`: one regression vector per step, [T, B, K], zero at padded steps (weight the loss by
///   the batch's `mask`).
///
/// The accessors (`classLabels`, `valueTensor`, `tokenTargets`, `stepValueTensor`) return the contents of
/// the expected case and stop with a message naming the actual case otherwise.
public enum SequenceTargets<Scalar: TensorScalar> {
    case none
    case labels([Int])
    case values(Tensor<Scalar>)
    case tokens([Int], shape: [Int], ignoreIndex: Int)
    case stepValues(Tensor<Scalar>)

    /// The class index of each sequence, [B].
    public var classLabels: [Int] {
        guard case .labels(let y) = self else { wrongKind("classLabels", "labels") }
        return y
    }

    /// The stacked regression targets, [B, ...].
    public var valueTensor: Tensor<Scalar> {
        guard case .values(let v) = self else { wrongKind("valueTensor", "values") }
        return v
    }

    /// The per-step class indices, [T, B] row-major, `ignoreIndex` at padded steps.
    public var tokenTargets: [Int] {
        guard case .tokens(let ids, _, _) = self else { wrongKind("tokenTargets", "tokens") }
        return ids
    }

    /// The value marking padded steps in ``tokenTargets``.
    public var ignoreIndex: Int {
        guard case .tokens(_, _, let ignore) = self else { wrongKind("ignoreIndex", "tokens") }
        return ignore
    }

    /// The per-step regression targets, [T, B, K].
    public var stepValueTensor: Tensor<Scalar> {
        guard case .stepValues(let v) = self else { wrongKind("stepValueTensor", "stepValues") }
        return v
    }

    /// The name of the case, for error messages.
    public var kindName: String {
        switch self {
        case .none: "none"
        case .labels: "labels"
        case .values: "values"
        case .tokens: "tokens"
        case .stepValues: "stepValues"
        }
    }

    private func wrongKind(_ accessor: String, _ expected: String) -> Never {
        failure("SequenceTargets.\(accessor): the batch holds \(kindName) targets, not \(expected)")
    }

    /// Stacks the targets of one batch (validated against the examples' lengths) for `op`'s messages.
    static func collate(
        _ targets: [SequenceTarget<Scalar>], lengths: [Int], steps: Int, ignoreIndex: Int, _ op: String
    ) -> SequenceTargets {
        let batch = targets.count
        let kind = targets[0].kindName
        for (b, t) in targets.enumerated() where t.kindName != kind {
            failure("\(op): example \(b) of the batch has a \(t.kindName) target, example 0 has a \(kind) target")
        }
        switch targets[0] {
        case .none:
            return .none
        case .label:
            return .labels(targets.map { if case .label(let c) = $0 { c } else { 0 } })
        case .value(let first):
            var scalars = [Scalar](); scalars.reserveCapacity(batch * first.count)
            for (b, t) in targets.enumerated() {
                guard case .value(let v) = t else { continue }
                if v.shape != first.shape {
                    failure("\(op): the value target of example \(b) has shape \(v.shape), example 0's has \(first.shape)")
                }
                scalars.append(contentsOf: v.scalars)
            }
            return .values(Tensor(shape: [batch] + first.shape, scalars: scalars))
        case .tokens:
            var ids = [Int](repeating: ignoreIndex, count: steps * batch)
            for (b, t) in targets.enumerated() {
                guard case .tokens(let y) = t else { continue }
                if y.count != lengths[b] {
                    failure("\(op): example \(b) has \(lengths[b]) steps but \(y.count) token targets")
                }
                for (step, id) in y.enumerated() { ids[step * batch + b] = id }
            }
            return .tokens(ids, shape: [steps, batch], ignoreIndex: ignoreIndex)
        case .stepValues(let first):
            let k = first.rank == 2 ? first.shape[1] : -1
            var scalars = [Scalar](repeating: 0, count: steps * batch * Swift.max(k, 0))
            for (b, t) in targets.enumerated() {
                guard case .stepValues(let v) = t else { continue }
                if v.shape != [lengths[b], k] {
                    failure("\(op): the stepValues target of example \(b) has shape \(v.shape), expected [\(lengths[b]), K] with K = \(k) for its \(lengths[b]) steps")
                }
                for step in 0..<lengths[b] {
                    for j in 0..<k { scalars[(step * batch + b) * k + j] = v.scalars[step * k + j] }
                }
            }
            return .stepValues(Tensor(shape: [steps, batch, k], scalars: scalars))
        }
    }
}

/// What every padded batch of variable-length sequences has: the lengths, from which the padding follows.
public protocol PaddedSequenceBatch {
    /// The number of real steps of each sequence, [B], each in 1...steps.
    var lengths: [Int] { get }
    /// T, the longest length in the batch (the padded time axis).
    var steps: Int { get }
}

extension PaddedSequenceBatch {
    /// B, the number of sequences.
    public var batchSize: Int { lengths.count }
    /// The number of padded (not real) steps, `T * B - sum(lengths)`.
    public var paddingCount: Int { steps * lengths.count - lengths.reduce(0, +) }
    /// The mask as flags, [T, B] row-major (true = real step): the `mask:` argument of `crossEntropy`.
    public var maskFlags: [Bool] {
        let b = lengths.count
        return (0..<(steps * b)).map { p in p / b < lengths[p % b] }
    }

    /// The [T, B] mask with 1 at real steps and 0 at padding.
    func maskTensor<S: TensorScalar>(_: S.Type) -> Tensor<S> {
        Tensor(shape: [steps, lengths.count], scalars: maskFlags.map { $0 ? 1 : 0 })
    }
}
