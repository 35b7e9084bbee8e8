import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The implementation a layer is asked for, the one fallback chain, and what `lastImplementation` reports.
@Suite struct RecurrentImplementationTests {
    let x = randomTensor([3, 2, 5], seed: 31).converted(to: Float.self)     // [T, B, D]

    @Test func oneDefaultEverywhere() {
        let rng = RandomSource(seed: 1)
        let defaults: [RecurrentImplementation] = [
            Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: rng)).implementation,
            LSTM<Float>(inputSize: 5, hiddenSize: 4, rng: rng).implementation,
            GRU<Double>(inputSize: 5, hiddenSize: 4, rng: rng).implementation,
            RNN<Float>(inputSize: 5, hiddenSize: 4, rng: rng).implementation,
            PeepholeLSTM<Float>(inputSize: 5, hiddenSize: 4, rng: rng).implementation,
            CIFGLSTM<Float>(inputSize: 5, hiddenSize: 4, rng: rng).implementation,
            LayerNormLSTM<Float>(inputSize: 5, hiddenSize: 4, rng: rng).implementation,
            Bidirectional(forward: GRUCell<Float>(inputSize: 5, hiddenSize: 4, rng: rng),
                          backward: GRUCell<Float>(inputSize: 5, hiddenSize: 4, rng: rng)).forwardLayer.implementation,
        ]
        #expect(defaults.allSatisfy { $0 == .native }, "\(defaults)")
    }

    @Test func namesArePrintableAndParse() {
        for implementation in [RecurrentImplementation.reference, .fused, .native] {
            #expect(RecurrentImplementation(name: "\(implementation)") == implementation)
        }
        #expect(RecurrentImplementation(name: "oneDNN") == nil)   // a backend comes from its own module
        #expect(RecurrentKernel.native(isa: "avx512").rawValue == "native-avx512")
        #expect(RecurrentKernel.native(isa: "avx512").isNative && !RecurrentKernel.fused.isNative)
        #expect("\(RecurrentKernel.reference) \(RecurrentKernel.fused)" == "reference fused")
    }

    @Test func fusedNeverRunsTheNativeKernels() {
        let lstm = Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 2)), implementation: .fused)
        let gru = Recurrent(GRUCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 3)), implementation: .fused)
        _ = lstm(x)
        _ = gru(x, lengths: [3, 2])
        #expect(lstm.lastImplementation == .fused && gru.lastImplementation == .fused)
        #expect(lstm.implementation.fallbackChain(for: lstm.cell) == [.fused, .reference])
    }

    @Test(.needsNativeKernels) func nativeReportsTheInstructionSet() {
        let lstm = LSTM<Float>(inputSize: 5, hiddenSize: 4, layerCount: 2, rng: RandomSource(seed: 4))
        let gru = Recurrent(GRUCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 5)))
        _ = lstm(x)
        _ = gru(x, lengths: [1, 3])
        let ran = lstm.layers.map(\.lastImplementation) + [gru.lastImplementation]
        #expect(ran.allSatisfy { $0.rawValue == "native-\(NativeKernels.isa!)" }, "\(ran)")
        #expect(NativeKernels.allISAs.contains(NativeKernels.isa!))
        #expect(lstm.layers[0].resolvedImplementation == ran[0])
    }

    @Test func nativeWithoutNativeKernelsRunsFused() {
        // LSTMKIT_ISA=generic, scoped to this task: a machine with native kernels behaves like one without.
        NativeKernels.$isaOverride.withValue("generic") {
            #expect(NativeKernels.kernel == nil && !NativeKernels.isAvailable)
            let layer = Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 6)))
            #expect(layer.resolvedImplementation == .fused)
            _ = layer(x)
            #expect(layer.lastImplementation == .fused)
            #expect(layer.implementation.fallbackChain(for: layer.cell) == [.fused, .reference])
        }
    }

    @Test func whereNoKernelRunsTheReferenceIsReported() {
        let rnn = RNN<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 7))
        _ = rnn(x)
        #expect(rnn.layers[0].lastImplementation == .reference, "RNN cell")
        let peephole = Recurrent(PeepholeLSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 8)))
        _ = peephole(x)
        #expect(peephole.lastImplementation == .reference && peephole.resolvedImplementation == .reference, "variant")

        let layer = Recurrent(LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 9)))
        layer.regularization = RecurrentRegularization(recurrentDropout: 0.3)
        _ = layer(x)
        #expect(layer.lastImplementation == .reference && layer.resolvedImplementation == .reference,
                "regularization")
        layer.regularization = RecurrentRegularization()
        _ = layer(Tensor.zeros([0, 2, 5]))
        #expect(layer.lastImplementation == .reference, "T = 0")
        _ = layer(x)
        #expect(layer.lastImplementation == layer.resolvedImplementation && layer.lastImplementation != .reference)
    }

    @Test func theChainDependsOnTheCellAndScalar() {
        let native = NativeKernels.kernel.map { [$0] } ?? []
        let plain = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 10))
        let projected = LSTMCell<Float>(inputSize: 5, hiddenSize: 4, projectionSize: 2, rng: RandomSource(seed: 11))
        let double = GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 12))
        #expect(RecurrentImplementation.native.fallbackChain(for: plain) == native + [.fused, .reference])
        #expect(RecurrentImplementation.native.fallbackChain(for: projected) == [.fused, .reference])
        #expect(RecurrentImplementation.native.fallbackChain(for: double) == [.fused, .reference])
        #expect(RecurrentImplementation.reference.fallbackChain(for: plain) == [.reference])
        #expect(RecurrentImplementation.native.resolved(for: RNNCell<Float>(inputSize: 5, hiddenSize: 4)) == .reference)
    }

    @Test func aBackendThatDeclinesHandsTheCallDownTheChain() {
        let layer = Recurrent(GRUCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 13)),
                              implementation: .backend(ShortSequencesOnly()))
        let next = RecurrentImplementation.native.resolved(for: layer.cell)
        #expect(layer.implementation.fallbackChain(for: layer.cell).first == ShortSequencesOnly.kernel)
        let out = layer(x.slice(axis: 0, 0..<1))
        #expect(layer.lastImplementation == ShortSequencesOnly.kernel)
        #expect(out.outputs.scalars.allSatisfy { $0 == 0 }, "the backend's own result")
        _ = layer(x)
        #expect(layer.lastImplementation == next, "declined: T = 3")
        _ = layer(x.slice(axis: 0, 0..<1), trace: true)
        #expect(layer.lastImplementation == next, "declined: a trace")
        let rnn = Recurrent(RNNCell<Float>(inputSize: 5, hiddenSize: 4), implementation: .backend(ShortSequencesOnly()))
        #expect(rnn.implementation.fallbackChain(for: rnn.cell) == [.reference], "cannot run RNN cells")
    }
}

/// A test backend: runs GRU layers on one-step sequences only, and returns zeros (so its run is visible).
private struct ShortSequencesOnly: RecurrentBackend {
    static let kernel = RecurrentKernel(rawValue: "short-only")
    var kernel: RecurrentKernel { Self.kernel }

    func canRun<Cell: RecurrentCell>(_ cell: Cell) -> Bool { cell is GRUCell<Float> }

    func sequence<Cell: RecurrentCell>(
        _ cell: Cell, _ x: Tensor<Cell.Scalar>, initialState: Cell.State, mask: Tensor<Cell.Scalar>?, trace: Bool
    ) -> RecurrentOutput<Cell.State>? {
        guard x.shape[0] == 1, !trace else { return nil }
        let zeros = Tensor<Cell.Scalar>.zeros([1, x.shape[1], cell.outputSize])
        return RecurrentOutput(outputs: zeros, finalState: initialState, trace: nil)
    }
}
