/// The outcome of `checkGradients`: how far autodiff's gradients are from central finite differences.
public struct GradientCheckResult: CustomStringConvertible, Sendable {
    /// The largest |analytic - numeric| over all checked elements.
    public var maxAbsoluteError: Double
    /// The largest |analytic - numeric| / max(|analytic|, |numeric|, 1e-8)... over elements whose error is
    /// above the absolute floor `atol` (tiny gradients cannot have a meaningful relative error).
    public var maxRelativeError: Double
    /// Which input ("input 0", "parameter weightIH") and flat index had the worst error.
    public var worst: String
    /// How many elements were compared.
    public var checkedCount: Int
    /// True when every element is within `atol + rtol * |numeric|`.
    public var passed: Bool

    public var description: String {
        "gradient check \(passed ? "passed" : "FAILED"): \(checkedCount) elements, max abs error " +
        "\(maxAbsoluteError), max rel error \(maxRelativeError) (worst: \(worst))"
    }
}

/// Compares the gradients autodiff computes for `f` with central finite differences, in Double:
/// `(f(x + eps) - f(x - eps)) / (2 eps)` for every element of every input.
///
/// If `f` returns more than one element, the check uses the scalar `sum(f(x) * w)` for a fixed random `w`
/// (seeded), so every output element contributes with a distinct weight.
///
///     let result = checkGradients(at: [x]) { inputs in tanh(inputs[0]).sum() }
///     print(result)   // gradient check passed: ... max abs error 3.1e-11 ...
///
/// - Parameters:
///   - inputs: the points at which to differentiate.
///   - parameters: parameters used inside `f` to check as well (e.g. a layer's `parameters()`).
///   - epsilon: the finite-difference step.
///   - atol: the absolute part of the pass criterion `|analytic - numeric| <= atol + rtol * |numeric|`.
///   - rtol: the relative part of the same criterion.
///   - f: the function to differentiate, of the `inputs`; it returns a tensor (summed with weights when it
///     has more than one element, see above).
public func checkGradients(
    at inputs: [Tensor<Double>], parameters: [Parameter<Double>] = [],
    epsilon: Double = 1e-6, atol: Double = 1e-7, rtol: Double = 1e-5,
    _ f: ([Tensor<Double>]) -> Tensor<Double>
) -> GradientCheckResult {
    // A scalar objective: f itself, or a fixed random projection of it.
    var weights: Tensor<Double>? = nil
    func objective(_ xs: [Tensor<Double>]) -> Tensor<Double> {
        let y = f(xs)
        if y.count == 1 { return y.sum() }
        if weights == nil || weights!.shape != y.shape {
            weights = Tensor.randomUniform(y.shape, low: -1, high: 1, using: RandomSource(seed: 20_240_601))
        }
        return (y * weights!).sum()
    }

    // Analytic gradients: inputs through `gradients(of:at:)`, parameters through their leaves.
    let saved = parameters.map { $0.grad }
    parameters.forEach { $0.grad = nil }
    let leaves = inputs.map { $0.detached().requiringGrad() }
    let loss = GradMode.$isEnabled.withValue(true) { objective(leaves) }
    var analytic: [Tensor<Double>] = []
    if loss.requiresGrad {
        loss.backward()
        analytic = leaves.map { $0.grad ?? .zeros($0.shape) } + parameters.map { $0.grad ?? .zeros($0.data.shape) }
    } else {
        analytic = leaves.map { .zeros($0.shape) } + parameters.map { .zeros($0.data.shape) }
    }
    zip(parameters, saved).forEach { $0.grad = $1 }

    // Numeric gradients, one element at a time.
    var result = GradientCheckResult(maxAbsoluteError: 0, maxRelativeError: 0, worst: "none", checkedCount: 0,
                                     passed: true)
    var worstScore = -Double.infinity
    func compare(_ a: Double, _ numeric: Double, _ label: @autoclosure () -> String) {
        let err = Swift.abs(a - numeric)
        result.checkedCount += 1
        result.maxAbsoluteError = Swift.max(result.maxAbsoluteError, err)
        if err > atol {
            result.maxRelativeError = Swift.max(result.maxRelativeError,
                                                err / Swift.max(Swift.abs(a), Swift.abs(numeric), 1e-300))
        }
        let score = err - (atol + rtol * Swift.abs(numeric))
        if score > 0 || !err.isFinite { result.passed = false }
        if score > worstScore { worstScore = score; result.worst = label() }
    }
    func evaluate(_ xs: [Tensor<Double>]) -> Double { withoutGrad { objective(xs).item } }

    var xs = inputs.map { $0.detached() }
    for k in 0..<xs.count {
        for i in 0..<xs[k].count {
            let original = xs[k].scalars[i]
            xs[k].scalars[i] = original + epsilon
            let plus = evaluate(xs)
            xs[k].scalars[i] = original - epsilon
            let minus = evaluate(xs)
            xs[k].scalars[i] = original
            compare(analytic[k].scalars[i], (plus - minus) / (2 * epsilon), "input \(k) index \(i)")
        }
    }
    for (p, param) in parameters.enumerated() {
        for i in 0..<param.data.count {
            let original = param.data.scalars[i]
            param.data.scalars[i] = original + epsilon
            let plus = evaluate(xs)
            param.data.scalars[i] = original - epsilon
            let minus = evaluate(xs)
            param.data.scalars[i] = original
            compare(analytic[inputs.count + p].scalars[i], (plus - minus) / (2 * epsilon),
                    "parameter \(param.name.isEmpty ? String(p) : param.name) index \(i)")
        }
    }
    return result
}
