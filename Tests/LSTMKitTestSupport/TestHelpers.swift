// Test helpers shared by every test target (a library target so that there is one copy).
import Foundation
import Testing
import LSTMKit

/// Expects two tensors to have the same shape and values within `atol + rtol * |expected|`, reporting the
/// shapes, the max abs / rel difference and the worst index when they differ.
public func expectClose<S: TensorScalar>(
    _ actual: Tensor<S>, _ expected: Tensor<S>, atol: Double = 1e-6, rtol: Double = 1e-5,
    _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape else {
        Issue.record(Comment(rawValue: "\(label) shape \(actual.shape) != expected \(expected.shape)"),
                     sourceLocation: sourceLocation)
        return
    }
    var worst = -1, maxAbs = 0.0, maxRel = 0.0, bad = false
    for i in 0..<actual.count {
        let a = Double(actual.scalars[i]), e = Double(expected.scalars[i])
        let d = Swift.abs(a - e)
        if d.isNaN != false && !(a.isNaN && e.isNaN) { bad = true; worst = i; break }
        if d > maxAbs { maxAbs = d; worst = i }
        maxRel = Swift.max(maxRel, d / Swift.max(Swift.abs(e), 1e-12))
        if d > atol + rtol * Swift.abs(e) { bad = true }
    }
    if bad {
        let w = Swift.max(worst, 0)
        let message = "\(label) shape \(actual.shape): max abs diff \(maxAbs), max rel diff \(maxRel), " +
            "worst index \(worst): \(actual.scalars[w]) vs \(expected.scalars[w])"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

/// A seeded random Double tensor in [-1, 1).
public func randomTensor(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1) -> Tensor<Double> {
    Tensor.randomUniform(shape, low: low, high: high, using: RandomSource(seed: seed))
}

/// Expects `checkGradients` to pass, printing its report otherwise.
public func expectGradientsMatch(
    _ inputs: [Tensor<Double>], parameters: [Parameter<Double>] = [], atol: Double = 1e-7, rtol: Double = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor<Double>]) -> Tensor<Double>
) {
    let result = checkGradients(at: inputs, parameters: parameters, atol: atol, rtol: rtol, f)
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
    #expect(result.checkedCount > 0, sourceLocation: sourceLocation)
}

/// What one run of a module gives, by name: the outputs `run` returns, the gradient of a fixed random
/// weighted sum of them with respect to every input (`gradients(of:at:)`) and every parameter gradient of
/// `module` (`backward()`). The recurrent kernels' tests compare these between implementations.
public func namedRecurrentResults<M: Module>(
    _ module: M, inputs: [Tensor<M.Scalar>], lossSeed: UInt64 = 1000, _ run: ([Tensor<M.Scalar>]) -> [Tensor<M.Scalar>]
) -> [(String, Tensor<M.Scalar>)] {
    typealias S = M.Scalar
    let outs = run(inputs)
    let lossWeights = outs.enumerated().map { k, t in randomTensor(t.shape, seed: lossSeed + UInt64(k)).converted(to: S.self) }
    func weightedSum(_ outs: [Tensor<S>]) -> Tensor<S> {
        zip(outs, lossWeights).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
    }
    var named = outs.enumerated().map { ("output \($0)", $1.detached()) }
    let (_, grads) = gradients(of: { v in weightedSum(run(v)) }, at: inputs)
    named += grads.enumerated().map { ("d input \($0)", $1) }
    module.zeroGrad()
    weightedSum(run(inputs)).backward()
    named += module.namedParameters().map { ("d \($0.path)", $0.parameter.grad ?? Tensor.zeros($0.parameter.shape)) }
    return named
}
