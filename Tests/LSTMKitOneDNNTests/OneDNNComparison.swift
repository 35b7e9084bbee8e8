import Testing
@testable import LSTMKit
import LSTMKitOneDNN
import LSTMKitTestSupport

/// Runs `run` with `.oneDNN`, `.fused` and `.reference` and expects the oneDNN results (outputs, every input
/// gradient, every parameter gradient) to equal both witnesses within `atol` + `rtol` * |expected|, and
/// every recurrent layer of `module` to have run what was asked ("onednn", "fused", "reference"). Returns the
/// max abs difference to the reference.
@discardableResult
func expectOneDNNMatches<M: Module>(
    _ module: M, inputs: [Tensor<M.Scalar>], atol: Double = 2e-5, rtol: Double = 1e-4, _ label: String,
    setImplementation: (RecurrentImplementation) -> Void,
    implementations: () -> [RecurrentKernel],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ run: ([Tensor<M.Scalar>]) -> [Tensor<M.Scalar>]
) -> Double {
    var results: [RecurrentImplementation: [(String, Tensor<M.Scalar>)]] = [:]
    let asked: [(RecurrentImplementation, RecurrentKernel)] = [(.oneDNN, OneDNNBackend.kernel), (.fused, .fused),
                                                                 (.reference, .reference)]
    for (implementation, kernel) in asked {
        setImplementation(implementation)
        results[implementation] = namedRecurrentResults(module, inputs: inputs, run)
        #expect(implementations().allSatisfy { $0 == kernel },
                "\(label): asked \(implementation), ran \(implementations())", sourceLocation: sourceLocation)
    }
    var maxDiff = 0.0
    for witness in [RecurrentImplementation.fused, .reference] {
        for ((name, actual), (_, expected)) in zip(results[.oneDNN]!, results[witness]!) {
            expectClose(actual, expected, atol: atol, rtol: rtol, "\(label) oneDNN vs \(witness) \(name)",
                        sourceLocation: sourceLocation)
            if witness == .reference, actual.shape == expected.shape {
                for (a, b) in zip(actual.scalars, expected.scalars) { maxDiff = max(maxDiff, Double(abs(a - b))) }
            }
        }
    }
    print("oneDNN vs reference, \(label): max abs diff \(maxDiff) over \(results[.oneDNN]!.count) tensors")
    return maxDiff
}

/// `expectOneDNNMatches` for one `Recurrent` layer with inputs (x, initial state components).
@discardableResult
func expectLayerOneDNNMatches<Cell: RecurrentCell>(
    _ layer: Recurrent<Cell>, x: Tensor<Cell.Scalar>, state0: [Tensor<Cell.Scalar>], _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
    expectOneDNNMatches(
        layer, inputs: [x] + state0, label, setImplementation: { layer.implementation = $0 },
        implementations: { [layer.lastImplementation] }, sourceLocation: sourceLocation
    ) { v in
        let r = layer(v[0], initialState: Cell.State(components: Array(v.dropFirst())))
        return [r.outputs] + r.finalState.components
    }
}

/// `expectOneDNNMatches` for a stack with inputs (x, every initial state component in h_n order).
@discardableResult
func expectStackOneDNNMatches<Cell: RecurrentCell>(
    _ stack: RecurrentStack<Cell>, x: Tensor<Cell.Scalar>, state0: [Tensor<Cell.Scalar>], _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
    let perState = state0.count / (stack.layerCount * (stack.isBidirectional ? 2 : 1))
    return expectOneDNNMatches(
        stack, inputs: [x] + state0, label, setImplementation: { stack.implementation = $0 },
        implementations: { (stack.layers + stack.reverseLayers).map(\.lastImplementation) },
        sourceLocation: sourceLocation
    ) { v in
        let components = Array(v.dropFirst())
        let states = stride(from: 0, to: components.count, by: perState).map {
            Cell.State(components: Array(components[$0..<($0 + perState)]))
        }
        let out = stack(v[0], initialStates: states)
        return [out.outputs] + out.finalStates.flatMap(\.components)
    }
}

/// A Float tensor with entries in [-1, 1).
func randomFloats(_ shape: [Int], seed: UInt64) -> Tensor<Float> { randomTensor(shape, seed: seed).converted(to: Float.self) }
