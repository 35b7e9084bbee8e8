import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The decoder's cell steps through each `implementation` (`.fused`, `.native`: the cell's kernel on a
/// sequence of one step) against `.reference` (`cell.step`): every output and every gradient (inputs and all
/// parameters) of several decoder steps and of `Seq2Seq.loss`, and the tokens of greedy and beam decoding.
/// In Double `.native` runs the Swift fused kernel (the native kernels are Float only); in Float it runs the
/// native kernels where this CPU has them (`.needsNativeKernels` checks that they really ran).
@Suite struct AttentionDecoderImplementationTests {
    /// (cell, layers, input feeding)
    static let grid: [(RecurrentCellKind, Int, Bool)] = [
        (.lstm, 1, true), (.lstm, 2, true), (.lstm, 1, false), (.lstm, 2, false),
        (.gru, 1, true), (.gru, 2, true), (.gru, 1, false), (.gru, 2, false),
    ]

    /// Three decoder steps, B = 2, E = 3, H = 4, S = 5 (the second source 3 keys long), Dv = 6. Inputs: y [T, B, E],
    /// keys [B, S, Dv], h~[0] [B, H] and every layer's initial state components [B, H]; outputs: each step's
    /// h~[t] and a[t], and the final state. Returns the max abs difference to the reference.
    @discardableResult
    static func compareDecoder<S: TensorScalar>(
        _: S.Type, _ k: Int, implementation: RecurrentImplementation, atol: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (Double, AttentionDecoder<S>) {
        let (cell, layers, feeding) = grid[k]
        let (t, b, e, h, s, dv) = (3, 2, 3, 4, 5, 6)
        let decoder = AttentionDecoder<S>(cell: cell, inputSize: e, hiddenSize: h, layerCount: layers, memorySize: dv,
                                          score: .general, inputFeeding: feeding, rng: RandomSource(seed: 40 + UInt64(k)))
        let components = cell == .lstm ? 2 : 1
        let inputs = ([randomTensor([t, b, e], seed: 1), randomTensor([b, s, dv], seed: 2), randomTensor([b, h], seed: 3)] +
                      (0..<(layers * components)).map { randomTensor([b, h], seed: 10 + UInt64($0)) })
            .map { $0.converted(to: S.self) }
        let label = "AttentionDecoder<\(S.self)> \(cell) layers=\(layers) inputFeeding=\(feeding)"
        let diff = expectFusedMatchesReference(
            decoder, inputs: inputs, atol: atol, implementation: implementation, label,
            setImplementation: { decoder.implementation = $0 }, implementations: { [decoder.lastImplementation] },
            resolved: { [decoder.implementation.resolved(for: decoder.cells[0])] }, sourceLocation: sourceLocation
        ) { v in
            let memory = decoder.attention.memory(keys: v[1], keyLengths: [5, 3])
            var state = AttentionDecoder<S>.State(
                layers: (0..<layers).map { l in Array(v[(3 + l * components)..<(3 + (l + 1) * components)]) },
                attentional: v[2])
            var outputs: [Tensor<S>] = []
            for step in 0..<t {
                let out = decoder.step(v[0].slice(axis: 0, step..<(step + 1)).reshaped([b, e]), state: state,
                                       memory: memory)
                state = out.state
                outputs += [out.attentional, out.weights]
            }
            return outputs + state.layers.flatMap { $0 }
        }
        return (diff, decoder)
    }

    @Test(arguments: grid.indices) func decoderFusedAndNativeEqualReferenceInDouble(_ k: Int) {
        for implementation in [RecurrentImplementation.fused, .native] {
            let (_, decoder) = Self.compareDecoder(Double.self, k, implementation: implementation, atol: 1e-14)
            // No native kernel takes Double: `.native` lands on the Swift fused kernel.
            #expect(decoder.lastImplementation == .fused)
        }
    }

    @Test(arguments: grid.indices) func decoderFusedAndNativeEqualReferenceInFloat(_ k: Int) {
        for implementation in [RecurrentImplementation.fused, .native] {
            Self.compareDecoder(Float.self, k, implementation: implementation, atol: 1e-5)
        }
    }

    /// On a CPU with the native kernels, a Float decoder asked for `.native` runs them (and says so).
    @Test(.needsNativeKernels, arguments: [0, 4]) func floatNativeRunsTheNativeKernels(_ k: Int) {
        let (_, decoder) = Self.compareDecoder(Float.self, k, implementation: .native, atol: 1e-5)
        #expect(decoder.lastImplementation == NativeKernels.kernel && decoder.lastImplementation.isNative)
    }

    /// Vs = 6, Vt = 7, E = 3, a bidirectional encoder of 2 per direction, decoder H = 4.
    static func model<S: TensorScalar>(_: S.Type, _ k: Int, score: AttentionScore = .general,
                                       implementation: RecurrentImplementation = .reference) -> Seq2Seq<S> {
        let (cell, layers, feeding) = grid[k]
        let config = Seq2SeqConfig(sourceVocabularySize: 6, targetVocabularySize: 7, embeddingSize: 3,
                                   encoderCell: cell, encoderHiddenSize: 2, encoderLayerCount: layers,
                                   bidirectional: true, decoderCell: cell, decoderHiddenSize: 4,
                                   decoderLayerCount: layers, attention: score,
                                   attentionSize: score == .additive ? 3 : 0, inputFeeding: feeding)
        return Seq2Seq<S>(config, implementation: implementation, rng: RandomSource(seed: 60 + UInt64(k)))
    }

    static let batch = Seq2SeqBatch(sources: [[4, 5, 1], [5]], targets: [[6, 4], [5, 5, 6]], startIndex: 2,
                                    endIndex: 3, paddingIndex: 0)

    /// `Seq2Seq.loss` (teacher forcing, label smoothing 0.1): the loss and every parameter gradient.
    static func compareLoss<S: TensorScalar>(_: S.Type, _ k: Int, implementation: RecurrentImplementation,
                                             atol: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let model = Self.model(S.self, k, score: k % 2 == 0 ? .additive : .dot)
        let setImplementation = { (i: RecurrentImplementation) in
            model.encoder.implementation = i
            model.decoder.implementation = i
        }
        expectFusedMatchesReference(
            model, inputs: [], atol: atol, implementation: implementation,
            "Seq2Seq<\(S.self)>.loss \(grid[k]) \(model.config.attention)", setImplementation: setImplementation,
            implementations: { [model.encoder.lastImplementation, model.decoder.lastImplementation] },
            resolved: { [model.encoder.resolvedImplementation,
                         model.decoder.implementation.resolved(for: model.decoder.cells[0])] },
            sourceLocation: sourceLocation
        ) { _ in [model.loss(Self.batch, labelSmoothing: 0.1)] }
    }

    @Test(arguments: grid.indices) func seq2seqLossFusedAndNativeEqualReference(_ k: Int) {
        for implementation in [RecurrentImplementation.fused, .native] {
            Self.compareLoss(Double.self, k, implementation: implementation, atol: 1e-14)
            Self.compareLoss(Float.self, k, implementation: implementation, atol: 1e-5)
        }
    }

    static let sources = [[4, 5, 5], [5], [4, 4, 5, 4, 5], [5, 4]]

    /// `model(S.self, k)` after 40 Adam steps on reversing sequences of the symbols 4 and 5 (with reference
    /// kernels), so that what it decodes depends on the source.
    static func trainedModel<S: TensorScalar>(_: S.Type, _ k: Int) -> Seq2Seq<S> {
        let model = Self.model(S.self, k)
        let optimizer = Adam(parameters: model.parameters(), learningRate: 0.05)
        let data = RandomSource(seed: 5)
        for _ in 0..<40 {
            let sources = (0..<8).map { _ in (0..<data.int(in: 1..<6)).map { _ in 4 + data.int(in: 0..<2) } }
            let batch = Seq2SeqBatch(sources: sources, targets: sources.map { Array($0.reversed()) }, config: model.config)
            optimizer.zeroGrad()
            model.loss(batch).backward()
            optimizer.step()
        }
        return model
    }

    /// Greedy decoding and a beam of 3 give the same tokens with every implementation, and scores and attention
    /// equal to rounding (LSTM and GRU, 1 and 2 layers, with and without input feeding).
    @Test(arguments: [1, 3, 4, 5, 6]) func decodingIsTheSameWithEveryImplementation(_ k: Int) {
        func decodings<S: TensorScalar>(_ model: Seq2Seq<S>, _ implementation: RecurrentImplementation)
            -> (greedy: [Seq2SeqHypothesis<S>], beams: [[Seq2SeqHypothesis<S>]]) {
            model.encoder.implementation = implementation
            model.decoder.implementation = implementation
            return (model.greedyDecode(Self.sources, maxLength: 6),
                    Self.sources.map { model.beamSearch($0, width: 3, lengthPenalty: 1, maxLength: 6) })
        }
        func expectSame<S: TensorScalar>(_: S.Type, atol: Double) {
            let model = Self.trainedModel(S.self, k)
            let reference = decodings(model, .reference)
            // Something to compare: the translations depend on the source.
            #expect(Set(reference.greedy.map(\.tokens)).count > 1, "\(reference.greedy.map(\.tokens))")
            for implementation in [RecurrentImplementation.fused, .native] {
                let other = decodings(model, implementation)
                for (a, r) in zip(other.greedy + other.beams.flatMap { $0 }, reference.greedy + reference.beams.flatMap { $0 }) {
                    #expect(a.tokens == r.tokens && a.finished == r.finished, "\(S.self) \(implementation)")
                    #expect(abs(a.score - r.score) <= atol, "\(S.self) \(implementation): \(a.score) vs \(r.score)")
                    expectClose(a.attention, r.attention, atol: atol, rtol: 0, "\(S.self) \(implementation) attention")
                }
                #expect(other.beams.map(\.count) == reference.beams.map(\.count))
            }
        }
        expectSame(Double.self, atol: 1e-14)
        expectSame(Float.self, atol: 1e-5)
    }
}
