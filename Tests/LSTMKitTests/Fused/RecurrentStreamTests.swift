import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// `RecurrentStream`: one step per call gives what the stack gives on the whole sequence, on the native path
/// (weights packed once per version) and on the stack's own chain; weight changes and state hand-overs are
/// seen.
extension NativeKernelSuites { @Suite struct RecurrentStreamTests {
    static let (steps, batch, input) = (6, 3, 5)
    var batch: Int { Self.batch }
    var input: Int { Self.input }

    static func frames(seed: UInt64) -> (Tensor<Float>, [Tensor<Float>]) {
        let x = randomTensor([steps, batch, input], seed: seed).converted(to: Float.self)
        return (x, (0..<steps).map { x.slice(axis: 0, $0..<($0 + 1)).reshaped([batch, input]) })
    }

    /// Streams `frames` and checks each step's output, and the final states, against one stack call.
    static func expectStreamMatchesStack<Cell: RecurrentCell>(
        _ stack: RecurrentStack<Cell>, seed: UInt64, expectKernel prefix: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) where Cell.Scalar == Float {
        stack.isTraining = false
        let (x, frames) = Self.frames(seed: seed)
        let whole = withoutGrad { stack(x) }
        let stream = RecurrentStream(stack, batchSize: batch)
        for (t, frame) in frames.enumerated() {
            let out = stream.step(frame)
            let expected = whole.outputs.slice(axis: 0, t..<(t + 1)).reshaped(out.shape)
            expectClose(out, expected, atol: 1e-6, rtol: 1e-5, "step \(t)", sourceLocation: sourceLocation)
            #expect(stream.lastKernel.hasPrefix(prefix), "ran \(stream.lastKernel)", sourceLocation: sourceLocation)
        }
        for (s, e) in zip(stream.states, whole.finalStates) {
            for (a, b) in zip(s.components, e.components) {
                expectClose(a, b, atol: 1e-6, rtol: 1e-5, "final state", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(.needsNativeKernels) func nativeLSTMStepsEqualTheStack() {
        let lstm = LSTM<Float>(inputSize: input, hiddenSize: 5, layerCount: 3, residual: true, rng: RandomSource(seed: 1))
        Self.expectStreamMatchesStack(lstm, seed: 2, expectKernel: "native-")
    }

    @Test(.needsNativeKernels) func nativeGRUStepsEqualTheStack() {
        let gru = GRU<Float>(inputSize: input, hiddenSize: 9, layerCount: 2, rng: RandomSource(seed: 3))
        Self.expectStreamMatchesStack(gru, seed: 4, expectKernel: "native-")
    }

    @Test func otherStacksRunTheStackItself() {
        let fused = LSTM<Float>(inputSize: input, hiddenSize: 7, layerCount: 2, implementation: .fused,
                                rng: RandomSource(seed: 5))
        Self.expectStreamMatchesStack(fused, seed: 6, expectKernel: "stack: fused")
        let projected = LSTM<Float>(inputSize: input, hiddenSize: 7, projectionSize: 3, rng: RandomSource(seed: 7))
        Self.expectStreamMatchesStack(projected, seed: 8, expectKernel: "stack: ")
        let peephole = RecurrentStack<PeepholeLSTMCell<Float>>(
            layerCount: 1, bidirectional: false, dropout: 0, residual: false, batchFirst: false,
            implementation: .native, rng: RandomSource(seed: 9)
        ) { _, _, _ in PeepholeLSTMCell(inputSize: input, hiddenSize: 4, rng: RandomSource(seed: 9)) }
        Self.expectStreamMatchesStack(peephole, seed: 10, expectKernel: "stack: reference")
    }

    /// An optimizer step (a new `data`) between two calls: the stream (and the stack, which shares the packed
    /// weights) packs the new weights and biases.
    @Test func changedWeightsAreSeen() {
        for implementation in [RecurrentImplementation.native, .fused] {
            let lstm = LSTM<Float>(inputSize: input, hiddenSize: 6, implementation: implementation, rng: RandomSource(seed: 11))
            lstm.isTraining = false
            let (_, frames) = Self.frames(seed: 12)
            let stream = RecurrentStream(lstm, batchSize: batch)
            _ = stream.step(frames[0])
            let state = stream.states
            let cell = lstm.layers[0].cell
            cell.weightHH.data = cell.weightHH.data * 0.5
            cell.biasIH!.data = cell.biasIH!.data + 0.25
            lstm.implementation = .reference   // the witness reads the parameters, never a packed copy
            let expected = withoutGrad { lstm(frames[1].reshaped([1, batch, input]), initialStates: state) }
            lstm.implementation = implementation
            expectClose(stream.step(frames[1]), expected.outputs.reshaped([batch, 6]), atol: 1e-6, rtol: 1e-5,
                        "stream, \(implementation)")
            let stacked = withoutGrad { lstm(frames[1].reshaped([1, batch, input]), initialStates: state) }
            expectClose(stacked.outputs, expected.outputs, atol: 1e-6, rtol: 1e-5, "stack, \(implementation)")
        }
    }

    /// States set from outside, `reset`, and a switch of kernel mid-stream carry the state over.
    @Test func statesResetAndKernelSwitches() {
        let lstm = LSTM<Float>(inputSize: input, hiddenSize: 6, layerCount: 2, rng: RandomSource(seed: 13))
        lstm.isTraining = false
        let (x, frames) = Self.frames(seed: 14)
        let whole = withoutGrad { lstm(x) }
        let stream = RecurrentStream(lstm, batchSize: batch)
        for t in 0..<3 { _ = stream.step(frames[t]) }
        lstm.implementation = .reference                  // the rest through the stack's reference
        for t in 3..<Self.steps { _ = stream.step(frames[t]) }
        #expect(stream.lastKernel == "stack: reference")
        lstm.implementation = .native
        expectClose(stream.states[1].components[1], whole.finalStates[1].components[1], atol: 1e-6, rtol: 1e-5)

        stream.reset()
        expectClose(stream.step(frames[0]), whole.outputs.slice(axis: 0, 0..<1).reshaped([batch, 6]),
                    atol: 1e-6, rtol: 1e-5, "after reset")
        let other = RecurrentStream(lstm, batchSize: batch)
        other.states = stream.states
        expectClose(other.step(frames[1]), whole.outputs.slice(axis: 0, 1..<2).reshaped([batch, 6]),
                    atol: 1e-6, rtol: 1e-5, "from set states")
    }

    /// The packed weights are kept per version of the parameter: remade after a change, never stale.
    @Test func parameterDerivedValuesFollowTheVersion() {
        final class Box { let sum: Float; init(_ s: Float) { sum = s } }
        let p = Parameter(Tensor<Float>([1, 2, 3]))
        var made = 0
        func sum() -> Float { p.derived("sum") { made += 1; return Box($0.scalars.reduce(0, +)) }.sum }
        #expect(sum() == 6 && sum() == 6 && made == 1)
        let v = p.version
        p.data[1] = 10
        #expect(p.version == v + 1)
        #expect(sum() == 14 && made == 2)
    }
} }
