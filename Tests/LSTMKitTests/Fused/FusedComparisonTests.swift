import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Runs `run` once with `.reference` and once with `implementation` (`.fused`, or `.native` for the native
/// kernels) and expects every result to agree: the outputs `run` returns, the gradient of a random weighted
/// sum of them with respect to every input (`gradients(of:at:)`) and every parameter gradient of `module`
/// (`backward()`). Returns the max abs difference seen.
///
/// `implementations` reports what each recurrent layer of `module` last ran and `resolved` what each would
/// run on this machine: with `implementation` every layer must have run its resolved kernel, never the
/// reference; with `.reference`, the reference.
@discardableResult
func expectFusedMatchesReference<M: Module>(
    _ module: M, inputs: [Tensor<M.Scalar>], atol: Double, implementation fast: RecurrentImplementation = .fused,
    _ label: String,
    setImplementation: (RecurrentImplementation) -> Void,
    implementations: () -> [RecurrentKernel], resolved: () -> [RecurrentKernel],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ run: ([Tensor<M.Scalar>]) -> [Tensor<M.Scalar>]
) -> Double {
    var results: [RecurrentImplementation: [(String, Tensor<M.Scalar>)]] = [:]
    for implementation in [RecurrentImplementation.reference, fast] {
        setImplementation(implementation)
        results[implementation] = namedRecurrentResults(module, inputs: inputs, run)
        let expected = implementation == .reference ? implementations().map { _ in .reference } : resolved()
        #expect(implementations() == expected && (implementation == .reference || !expected.contains(.reference)),
                "\(label): asked \(implementation), ran \(implementations()), resolved \(expected)",
                sourceLocation: sourceLocation)
    }
    var maxDiff = 0.0
    for ((name, fused), (_, reference)) in zip(results[fast]!, results[.reference]!) {
        expectClose(fused, reference, atol: atol, rtol: 0, "\(label) \(name)", sourceLocation: sourceLocation)
        if fused.shape == reference.shape {
            for (a, b) in zip(fused.scalars, reference.scalars) { maxDiff = max(maxDiff, Double(abs(a - b))) }
        }
    }
    print("\(fast) vs reference, \(label): max abs diff \(maxDiff) over \(results[fast]!.count) tensors")
    return maxDiff
}

/// `expectFusedMatchesReference` for one `Recurrent` layer with inputs (x, initial state components).
@discardableResult
func expectLayerFusedMatchesReference<Cell: RecurrentCell>(
    _ layer: Recurrent<Cell>, x: Tensor<Cell.Scalar>, state0: [Tensor<Cell.Scalar>], lengths: [Int]? = nil,
    atol: Double, implementation: RecurrentImplementation = .fused, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
    expectFusedMatchesReference(
        layer, inputs: [x] + state0, atol: atol, implementation: implementation, label,
        setImplementation: { layer.implementation = $0 }, implementations: { [layer.lastImplementation] },
        resolved: { [layer.resolvedImplementation] }, sourceLocation: sourceLocation
    ) { v in
        let r = layer(v[0], initialState: Cell.State(components: Array(v.dropFirst())), lengths: lengths)
        return [r.outputs] + r.finalState.components
    }
}

/// `expectFusedMatchesReference` for a stack with inputs (x, every initial state component in h_n order).
@discardableResult
func expectStackFusedMatchesReference<Cell: RecurrentCell>(
    _ stack: RecurrentStack<Cell>, x: Tensor<Cell.Scalar>, state0: [Tensor<Cell.Scalar>], lengths: [Int]?,
    atol: Double, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
    let perState = state0.count / (stack.layerCount * (stack.isBidirectional ? 2 : 1))   // 2 for (h, c), 1 for h
    return expectFusedMatchesReference(
        stack, inputs: [x] + state0, atol: atol, label,
        setImplementation: { stack.implementation = $0 },
        implementations: { (stack.layers + stack.reverseLayers).map(\.lastImplementation) },
        resolved: { (stack.layers + stack.reverseLayers).map(\.resolvedImplementation) },
        sourceLocation: sourceLocation
    ) { v in
        let components = Array(v.dropFirst())
        let states = stride(from: 0, to: components.count, by: perState).map {
            Cell.State(components: Array(components[$0..<($0 + perState)]))
        }
        let out = stack(v[0], initialStates: states, lengths: lengths)
        return [out.outputs] + out.finalStates.flatMap(\.components)
    }
}
