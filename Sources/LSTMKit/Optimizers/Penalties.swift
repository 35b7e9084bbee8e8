// Weight penalties to add to a loss. Both are built from differentiable ops on `parameter.value`, so
// `(loss + l2Penalty(params, weight: 1e-4)).backward()` adds the penalty's gradient to every `grad`.
//
// Relation to the optimizers' `weightDecay` (PyTorch's `weight_decay`): `SGD`, `Adam`, `RMSProp` and `Adagrad`
// add `weightDecay * p` to the gradient, which is exactly the gradient of `l2Penalty(parameters,
// weight: weightDecay / 2)`. `AdamW`'s decoupled decay is not a loss term and has no penalty equivalent.

/// `weight * sum over all parameters of sum |p|` (a rank-0 tensor);  `dp = weight * sign(p)` (0 at p = 0,
/// as in PyTorch). Encourages sparse weights.
public func l1Penalty<S: TensorScalar>(_ parameters: [Parameter<S>], weight: S) -> Tensor<S> {
    if !(weight >= 0) || weight.isInfinite { failure("l1Penalty: invalid weight \(weight) (must be finite and >= 0)") }
    return weight * sumOverParameters(parameters) { abs($0).sum() }
}

/// `weight * sum over all parameters of sum p^2` (a rank-0 tensor);  `dp = 2 * weight * p`.
/// `l2Penalty(parameters, weight: lambda / 2)` has the gradient of PyTorch's `weight_decay = lambda`.
public func l2Penalty<S: TensorScalar>(_ parameters: [Parameter<S>], weight: S) -> Tensor<S> {
    if !(weight >= 0) || weight.isInfinite { failure("l2Penalty: invalid weight \(weight) (must be finite and >= 0)") }
    return weight * sumOverParameters(parameters) { v in (v * v).sum() }
}

/// `term(p1.value) + term(p2.value) + ...`, a rank-0 tensor (0 for no parameters).
private func sumOverParameters<S: TensorScalar>(
    _ parameters: [Parameter<S>], _ term: (Tensor<S>) -> Tensor<S>
) -> Tensor<S> {
    guard let first = parameters.first else { return Tensor(0) }
    var total = term(first.value)
    for p in parameters.dropFirst() { total = total + term(p.value) }
    return total
}
