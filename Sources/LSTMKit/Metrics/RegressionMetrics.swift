import Foundation

// Regression metrics over predictions and targets, computed in Double (scikit-learn's definitions, single
// output: flatten multi-dimensional values first, or pass tensors of equal shape, which are flattened).
//
// Bad input stops the program with a message (programming errors, as in the losses): empty input,
// predictions and targets of different lengths or shapes. NaN values propagate into the result.

/// mean((prediction - target)^2) (sklearn `mean_squared_error`).
public func meanSquaredError<T: BinaryFloatingPoint>(predictions: [T], targets: [T]) -> Double {
    checkPaired(predictions.count, targets.count, "meanSquaredError")
    return mean(zip(predictions, targets).map { p, t in square(Double(p) - Double(t)) })
}

/// sqrt(meanSquaredError) (sklearn `root_mean_squared_error`), in the targets' unit.
public func rootMeanSquaredError<T: BinaryFloatingPoint>(predictions: [T], targets: [T]) -> Double {
    meanSquaredError(predictions: predictions, targets: targets).squareRoot()
}

/// mean(|prediction - target|) (sklearn `mean_absolute_error`).
public func meanAbsoluteError<T: BinaryFloatingPoint>(predictions: [T], targets: [T]) -> Double {
    checkPaired(predictions.count, targets.count, "meanAbsoluteError")
    return mean(zip(predictions, targets).map { p, t in Swift.abs(Double(p) - Double(t)) })
}

/// mean(|prediction - target| / |target|) over the positions whose target is not 0, as a fraction
/// (0.05 = 5 %, as sklearn's `mean_absolute_percentage_error`).
///
/// Zero targets: the percentage error is undefined there, so those positions are SKIPPED (sklearn instead
/// divides by a tiny epsilon and returns an enormous number). If every target is 0 the metric is undefined
/// and this stops. Use MAE or RMSE for data with many zeros.
///
///     meanAbsolutePercentageError(predictions: [110, 5, 45], targets: [100, 0, 50])
///     // (10/100 + 5/50) / 2 = 0.1; the zero target is skipped
public func meanAbsolutePercentageError<T: BinaryFloatingPoint>(predictions: [T], targets: [T]) -> Double {
    checkPaired(predictions.count, targets.count, "meanAbsolutePercentageError")
    var terms: [Double] = []
    for (p, t) in zip(predictions, targets) where t != 0 {
        let target = Double(t)
        terms.append(Swift.abs(Double(p) - target) / Swift.abs(target))
    }
    if terms.isEmpty {
        failure("meanAbsolutePercentageError: all \(targets.count) targets are 0, where the percentage error " +
                "is undefined (use meanAbsoluteError)")
    }
    return mean(terms)
}

/// The coefficient of determination R^2 = 1 - SS_res / SS_tot (sklearn `r2_score`), with
/// SS_res = sum((target - prediction)^2) and SS_tot = sum((target - mean(target))^2).
///
/// 1 is a perfect fit, 0 is as good as predicting the mean, negative is worse. Constant targets
/// (SS_tot = 0): 1 if the predictions are exact, else 0 (sklearn's `force_finite=True`). Fewer than 2
/// samples: undefined (sklearn returns NaN and warns); this stops.
public func r2Score<T: BinaryFloatingPoint>(predictions: [T], targets: [T]) -> Double {
    checkPaired(predictions.count, targets.count, "r2Score")
    if targets.count < 2 { failure("r2Score: needs at least 2 samples, got \(targets.count)") }
    let y = targets.map { Double($0) }
    let yMean = mean(y)
    let ssRes = zip(predictions, y).reduce(0.0) { $0 + square($1.1 - Double($1.0)) }
    let ssTot = y.reduce(0.0) { $0 + square($1 - yMean) }
    if ssTot == 0 { return ssRes == 0 ? 1 : 0 }
    return 1 - ssRes / ssTot
}

// MARK: Tensor conveniences (same shape, flattened)

/// `meanSquaredError` of two tensors of the same shape.
public func meanSquaredError<S: TensorScalar>(predictions: Tensor<S>, targets: Tensor<S>) -> Double {
    checkSameShape(predictions, targets, "meanSquaredError", ("predictions", "targets"))
    return meanSquaredError(predictions: predictions.scalars, targets: targets.scalars)
}

/// `rootMeanSquaredError` of two tensors of the same shape.
public func rootMeanSquaredError<S: TensorScalar>(predictions: Tensor<S>, targets: Tensor<S>) -> Double {
    checkSameShape(predictions, targets, "rootMeanSquaredError", ("predictions", "targets"))
    return rootMeanSquaredError(predictions: predictions.scalars, targets: targets.scalars)
}

/// `meanAbsoluteError` of two tensors of the same shape.
public func meanAbsoluteError<S: TensorScalar>(predictions: Tensor<S>, targets: Tensor<S>) -> Double {
    checkSameShape(predictions, targets, "meanAbsoluteError", ("predictions", "targets"))
    return meanAbsoluteError(predictions: predictions.scalars, targets: targets.scalars)
}

/// `meanAbsolutePercentageError` of two tensors of the same shape (zero targets skipped).
public func meanAbsolutePercentageError<S: TensorScalar>(predictions: Tensor<S>, targets: Tensor<S>) -> Double {
    checkSameShape(predictions, targets, "meanAbsolutePercentageError", ("predictions", "targets"))
    return meanAbsolutePercentageError(predictions: predictions.scalars, targets: targets.scalars)
}

/// `r2Score` of two tensors of the same shape.
public func r2Score<S: TensorScalar>(predictions: Tensor<S>, targets: Tensor<S>) -> Double {
    checkSameShape(predictions, targets, "r2Score", ("predictions", "targets"))
    return r2Score(predictions: predictions.scalars, targets: targets.scalars)
}

private func square(_ x: Double) -> Double { x * x }
private func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
