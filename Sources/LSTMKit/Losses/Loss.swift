// Shared pieces of the loss functions: the reduction and the input checks.

/// How a loss combines its per-element values (PyTorch `reduction=`).
public enum Reduction: Sendable {
    /// The average over the elements (over the counted targets for classification losses). The default.
    case mean
    /// The total.
    case sum
    /// No reduction: one loss value per element (per target position for classification losses).
    case none
}

/// Applies `reduction` to per-element losses: mean over all elements, sum, or the tensor itself.
func reduce<S: TensorScalar>(_ losses: Tensor<S>, _ reduction: Reduction, _ op: String) -> Tensor<S> {
    switch reduction {
    case .none: return losses
    case .sum: return losses.sum()
    case .mean:
        if losses.count == 0 { failure("\(op): mean reduction over an empty tensor of shape \(losses.shape)") }
        return losses.mean()
    }
}

/// Stops unless `prediction` and `target` have the same shape.
func checkSameShape<S: TensorScalar>(
    _ prediction: Tensor<S>, _ target: Tensor<S>, _ op: String, _ names: (String, String) = ("prediction", "target")
) {
    if prediction.shape != target.shape {
        failure("\(op): \(names.0) shape \(prediction.shape) and \(names.1) shape \(target.shape) differ")
    }
}

/// Stops at the first element of `x` that is NaN or infinite (or, with `allowNegativeInfinity`, NaN or +inf),
/// naming its index: a loss over such values is meaningless and usually means training diverged.
func checkFinite<S: TensorScalar>(_ x: Tensor<S>, _ name: String, _ op: String, allowNegativeInfinity: Bool = false) {
    guard let flat = firstNonFinite(x.scalars, allowNegativeInfinity: allowNegativeInfinity) else { return }
    var index = [Int](repeating: 0, count: x.rank), rest = flat
    for axis in stride(from: x.rank - 1, through: 0, by: -1) {
        index[axis] = rest % x.shape[axis]
        rest /= x.shape[axis]
    }
    failure("\(op): \(name) has the non-finite value \(x.scalars[flat]) at index \(index) (shape \(x.shape))")
}

/// The index of the first NaN or infinite element (with `allowNegativeInfinity`: NaN or +inf), as a concrete
/// Float or Double loop over the raw buffer (the generic `firstIndex(where:)` cost ~10 ns per element: 15% of
/// a translation model's training step scanning its [T * B, V] logits).
@_specialize(where S == Float)
@_specialize(where S == Double)
func firstNonFinite<S: TensorScalar>(_ x: [S], allowNegativeInfinity: Bool) -> Int? {
    x.withUnsafeBufferPointer { p in
        for i in 0..<p.count {
            let v = p[i]
            if allowNegativeInfinity ? (v.isNaN || v == .infinity) : !v.isFinite { return i }
        }
        return nil
    }
}
