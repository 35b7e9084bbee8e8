import Foundation

/// Rescales the gradients of `parameters` so their combined norm is at most `maxNorm`, like PyTorch's
/// `torch.nn.utils.clip_grad_norm_`, and returns the combined norm from BEFORE clipping (log it: a growing
/// norm is the first sign of exploding gradients in a recurrent network).
///
///     total = (sum over all gradient elements of |g|^normType)^(1 / normType)   (in Double)
///     total = max over all gradient elements of |g|                               (normType = .infinity)
///     coef  = maxNorm / (total + 1e-6)
///     g     = g * coef   for every gradient, when coef < 1
///
/// Parameters whose `grad` is nil are ignored (no gradients at all gives a norm of 0). A NaN or infinite total
/// stops with a message: the loss diverged or overflowed, and clipping cannot repair NaN gradients.
///
/// - Parameters:
///   - parameters: the parameters whose gradients are measured together and scaled in place.
///   - maxNorm: the largest allowed norm, >= 0.
///   - normType: the p of the p-norm, > 0; `.infinity` for the largest absolute value.
/// - Returns: the total norm before clipping.
@discardableResult
public func clipGradientNorm<S: TensorScalar>(
    _ parameters: [Parameter<S>], maxNorm: Double, normType: Double = 2
) -> Double {
    if !(maxNorm >= 0) || maxNorm.isInfinite {
        failure("clipGradientNorm: invalid maxNorm \(maxNorm) (must be finite and >= 0)")
    }
    if !(normType > 0) { failure("clipGradientNorm: invalid normType \(normType) (must be > 0 or .infinity)") }
    let grads = parameters.compactMap(\.grad)
    if grads.isEmpty { return 0 }
    let total = gradientNorm(grads.map(\.scalars), normType: normType)
    if !total.isFinite {
        failure("clipGradientNorm: the total gradient norm is \(total) (normType \(normType)): the loss diverged " +
                "or overflowed; try a lower learning rate (or check the inputs and the loss for NaN / inf)")
    }
    let coef = maxNorm / (total + 1e-6)
    if coef < 1 { scaleGradients(parameters, by: coef) }
    return total
}

/// Multiplies every gradient of `parameters` by `factor` (parameters without a gradient are skipped): the
/// rescaling step of `clipGradientNorm`, for a caller that already has the norm (`Trainer` computes it once
/// per step, checking every gradient for NaN on the way).
///
/// Specialized for Float and Double and written over buffers: the generic `scalars.map` it replaced ran
/// unspecialized (an allocation and a witness-table call per element) and took a third of a PTB word-LM
/// step once clipping was active on every step.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func scaleGradients<S: TensorScalar>(_ parameters: [Parameter<S>], by factor: Double) {
    let c = S(factor)
    for p in parameters {
        guard let g = p.grad else { continue }
        p.grad = Tensor(shape: g.shape, scalars: mapScalars(g.scalars) { $0 * c })
    }
}


/// The p-norm (or max-norm for `.infinity`) of all elements of `buffers` together, accumulated in Double.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func gradientNorm<S: TensorScalar>(_ buffers: [[S]], normType: Double) -> Double {
    var acc = 0.0
    for buffer in buffers {
        buffer.withUnsafeBufferPointer { g in
            if normType == .infinity {
                for x in g {
                    let a = Swift.abs(Double(x))
                    if a > acc { acc = a } else if a.isNaN { acc = .nan; break }
                }
            } else if normType == 2 {
                acc += S.sumOfSquares(g)
            } else if normType == 1 {
                for x in g { acc += Swift.abs(Double(x)) }
            } else {
                for x in g { acc += Foundation.pow(Swift.abs(Double(x)), normType) }
            }
        }
        if acc.isNaN { return .nan }
    }
    if normType == .infinity || normType == 1 { return acc }
    if normType == 2 { return acc.squareRoot() }
    return Foundation.pow(acc, 1 / normType)
}

/// Clamps every gradient element of `parameters` to [-maxValue, maxValue], like PyTorch's
/// `torch.nn.utils.clip_grad_value_` (NaN stays NaN). Parameters whose `grad` is nil are ignored.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func clipGradientValue<S: TensorScalar>(_ parameters: [Parameter<S>], maxValue: Double) {
    if !(maxValue >= 0) { failure("clipGradientValue: invalid maxValue \(maxValue) (must be >= 0)") }
    let high = S(maxValue), low = -high
    for p in parameters {
        guard let g = p.grad else { continue }
        p.grad = Tensor(shape: g.shape, scalars: mapScalars(g.scalars) { $0 < low ? low : ($0 > high ? high : $0) })
    }
}
