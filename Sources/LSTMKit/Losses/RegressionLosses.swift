// Regression losses: mean squared error, mean absolute error and Huber, with PyTorch's definitions.
// Prediction and target must have the same shape (PyTorch would broadcast with a warning; here it stops)
// and finite values. Gradients come from the differentiable ops they are composed of.

/// Squared error `(prediction - target)^2`, reduced (PyTorch `torch.nn.MSELoss`).
///
///     mseLoss(Tensor([1, 2]), Tensor([0, 4]))   // ((1-0)^2 + (2-4)^2) / 2 = 2.5
public func mseLoss<S: TensorScalar>(
    _ prediction: Tensor<S>, _ target: Tensor<S>, reduction: Reduction = .mean
) -> Tensor<S> {
    checkRegressionInputs(prediction, target, "mseLoss")
    let d = prediction - target
    return reduce(d * d, reduction, "mseLoss")
}

/// Absolute error `|prediction - target|`, reduced (PyTorch `torch.nn.L1Loss`). The gradient at a zero
/// difference is 0, as in PyTorch.
public func maeLoss<S: TensorScalar>(
    _ prediction: Tensor<S>, _ target: Tensor<S>, reduction: Reduction = .mean
) -> Tensor<S> {
    checkRegressionInputs(prediction, target, "maeLoss")
    return reduce(abs(prediction - target), reduction, "maeLoss")
}

/// Huber loss (PyTorch `torch.nn.HuberLoss`), quadratic near zero and linear beyond `delta`:
///
///     d = prediction - target
///     loss = 0.5 * d^2                     if |d| < delta
///            delta * (|d| - 0.5 * delta)   otherwise
///
/// Gradient: d inside, delta * sign(d) outside. `delta` must be positive.
public func huberLoss<S: TensorScalar>(
    _ prediction: Tensor<S>, _ target: Tensor<S>, delta: S = 1, reduction: Reduction = .mean
) -> Tensor<S> {
    if !(delta > 0) || !delta.isFinite { failure("huberLoss: delta \(delta) must be positive and finite") }
    checkRegressionInputs(prediction, target, "huberLoss")
    let d = prediction - target
    let size = abs(d)
    let losses = `where`(size .< delta, 0.5 * d * d, delta * (size - 0.5 * delta))
    return reduce(losses, reduction, "huberLoss")
}

private func checkRegressionInputs<S: TensorScalar>(_ prediction: Tensor<S>, _ target: Tensor<S>, _ op: String) {
    checkSameShape(prediction, target, op)
    checkFinite(prediction, "prediction", op)
    checkFinite(target, "target", op)
}
