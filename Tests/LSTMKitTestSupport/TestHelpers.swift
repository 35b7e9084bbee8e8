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
