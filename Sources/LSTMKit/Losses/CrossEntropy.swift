// Classification losses over class scores with the CLASS AXIS LAST: logits [N, C], [B, T, C] or [T, B, V]
// work directly, with one target per leading position (row-major). PyTorch puts classes on axis 1
// (`input [N, C, d1, ...]`); move them last (`permuted`) to use PyTorch-layout tensors here.
//
// Targets at positions that are ignored (`target == ignoreIndex`) or masked out (`mask[p] == false`) do not
// count: they contribute 0 to the loss and its gradient, and the mean divides by the number of counted
// positions (PyTorch semantics). If nothing counts, the mean is undefined (PyTorch returns NaN); this stops.

/// Cross-entropy between logits and integer class targets (PyTorch `torch.nn.CrossEntropyLoss`, class
/// axis last):
///
///     logp = logSoftmax(logits, axis: -1)                                   [..., C]
///     loss[p] = -(1 - eps) * logp[p, t[p]] - (eps / C) * sum_c logp[p, c]   (eps = labelSmoothing)
///     mean = sum of loss[p] over counted p / number of counted p
///
/// - Parameters:
///   - logits: [..., C], rank >= 2, finite.
///   - targets: one class index in 0..<C per leading position (row-major), count = product of the leading
///     dimensions; ignored positions may hold any value (PyTorch's default ignore index is -100).
///   - ignoreIndex: a target value that marks a position not to count (PyTorch `ignore_index`; nil: none).
///   - mask: one flag per position, false = do not count (padding of variable-length sequences).
///   - labelSmoothing: eps in [0, 1] (PyTorch `label_smoothing`).
///   - reduction: `.mean` over counted positions, `.sum`, or `.none` for the loss per position with the
///     leading shape (0 where not counted).
///
/// Built from `logSoftmax` and `gather`, so gradients come from autodiff:
/// `dLogits[p] = (softmax(logits[p]) - q[p]) * counted[p] / n` with q the smoothed one-hot target.
public func crossEntropy<S: TensorScalar>(
    logits: Tensor<S>, targets: [Int], ignoreIndex: Int? = nil, mask: [Bool]? = nil,
    labelSmoothing: S = 0, reduction: Reduction = .mean
) -> Tensor<S> {
    let op = "crossEntropy"
    if logits.rank < 2 {
        failure("\(op): logits shape \(logits.shape) must have rank >= 2 with classes on the last axis")
    }
    if !(labelSmoothing >= 0 && labelSmoothing <= 1) {
        failure("\(op): labelSmoothing \(labelSmoothing) is outside [0, 1]")
    }
    checkFinite(logits, "logits", op)
    let counted = countedPositions(logits.shape, targets, ignoreIndex, mask, reduction, op, "logits")
    return negativeLogLikelihood(logSoftmax(logits, axis: -1), targets, counted, labelSmoothing, reduction)
}

/// Negative log-likelihood of integer class targets given log-probabilities (PyTorch `torch.nn.NLLLoss`,
/// class axis last): `loss[p] = -logProbabilities[p, t[p]]`, with the same targets, `ignoreIndex`, `mask`
/// and `reduction` conventions as `crossEntropy`. `-inf` log-probabilities (probability 0) are allowed;
/// NaN and +inf stop.
public func nllLoss<S: TensorScalar>(
    logProbabilities: Tensor<S>, targets: [Int], ignoreIndex: Int? = nil, mask: [Bool]? = nil,
    reduction: Reduction = .mean
) -> Tensor<S> {
    let op = "nllLoss"
    if logProbabilities.rank < 2 {
        failure("\(op): logProbabilities shape \(logProbabilities.shape) must have rank >= 2 with classes on the last axis")
    }
    checkFinite(logProbabilities, "logProbabilities", op, allowNegativeInfinity: true)
    let counted = countedPositions(logProbabilities.shape, targets, ignoreIndex, mask, reduction, op,
                                   "logProbabilities")
    return negativeLogLikelihood(logProbabilities, targets, counted, 0, reduction)
}

/// Checks targets and mask against scores of shape [..., C] and returns which positions count.
private func countedPositions(
    _ shape: [Int], _ targets: [Int], _ ignoreIndex: Int?, _ mask: [Bool]?, _ reduction: Reduction,
    _ op: String, _ name: String
) -> [Bool] {
    let leading = Array(shape.dropLast()), classes = shape[shape.count - 1]
    let n = leading.reduce(1, *)
    if targets.count != n {
        failure("\(op): \(targets.count) targets for \(name) of shape \(shape) (expected \(n), the product of the leading dimensions \(leading))")
    }
    if let mask, mask.count != n {
        failure("\(op): mask has \(mask.count) entries for \(name) of shape \(shape) (expected \(n))")
    }
    var counted = [Bool](repeating: true, count: n)
    for (p, t) in targets.enumerated() {
        if t == ignoreIndex || mask?[p] == false { counted[p] = false; continue }
        if t < 0 || t >= classes {
            failure("\(op): target \(t) at position \(p) is out of range [0, \(classes)) for \(name) of shape \(shape)")
        }
    }
    if reduction == .mean && !counted.contains(true) {
        failure("\(op): all \(n) targets are ignored or masked, so the mean over targets is undefined " +
                "(PyTorch returns NaN); use reduction .sum or check the batch")
    }
    return counted
}

/// The shared computation on log-probabilities [..., C] for positions that passed the checks.
private func negativeLogLikelihood<S: TensorScalar>(
    _ logp: Tensor<S>, _ targets: [Int], _ counted: [Bool], _ smoothing: S, _ reduction: Reduction
) -> Tensor<S> {
    let leading = Array(logp.shape.dropLast()), classes = logp.shape[logp.rank - 1]
    let n = counted.count
    let flat = logp.reshaped([n, classes])                                       // [N, C]
    // Not-counted positions gather class 0 (always valid) and are then multiplied by 0.
    let safeTargets = (0..<n).map { counted[$0] ? targets[$0] : 0 }
    let picked = flat.gather(axis: 1, indices: safeTargets, indexShape: [n, 1]).reshaped([n])   // [N]
    var perPosition = -picked                                                    // [N]
    if smoothing > 0 {
        let uniform = -flat.sum(axis: 1)                                         // [N], -sum_c logp
        perPosition = (1 - smoothing) * perPosition + (smoothing / S(classes)) * uniform
    }
    let weights = Tensor<S>(shape: [n], scalars: counted.map { $0 ? 1 : 0 })
    let losses = perPosition * weights                                           // [N], 0 where not counted
    switch reduction {
    case .none: return losses.reshaped(leading)
    case .sum: return losses.sum()
    case .mean: return losses.sum() / S(counted.filter { $0 }.count)
    }
}
