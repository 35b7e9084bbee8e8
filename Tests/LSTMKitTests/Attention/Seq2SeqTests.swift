import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct Seq2SeqTests {
    /// Tiny: Vs = 6, Vt = 7, E = 3, encoder H 2 per direction, decoder H = 4 (general) or 4 = 2 * 2 (dot).
    static func config(_ encoder: RecurrentCellKind, _ decoder: RecurrentCellKind, _ score: AttentionScore,
                       layers: Int = 1) -> Seq2SeqConfig {
        Seq2SeqConfig(sourceVocabularySize: 6, targetVocabularySize: 7, embeddingSize: 3, encoderCell: encoder,
                      encoderHiddenSize: 2, encoderLayerCount: layers, bidirectional: true, decoderCell: decoder,
                      decoderHiddenSize: 4, decoderLayerCount: layers, attention: score,
                      attentionSize: score == .additive ? 3 : 0)
    }

    static let batch = Seq2SeqBatch(sources: [[4, 5, 1], [5]], targets: [[6, 4], [5, 5, 6]], startIndex: 2,
                                    endIndex: 3, paddingIndex: 0)

    @Test(arguments: [(RecurrentCellKind.lstm, RecurrentCellKind.lstm, AttentionScore.general, 1),
                      (.gru, .gru, .additive, 1), (.lstm, .gru, .dot, 2), (.gru, .lstm, .scaledDot, 1)])
    func lossGradientsMatchFiniteDifferences(_ encoder: RecurrentCellKind, _ decoder: RecurrentCellKind,
                                             _ score: AttentionScore, _ layers: Int) {
        let model = Seq2Seq<Double>(Self.config(encoder, decoder, score, layers: layers), rng: RandomSource(seed: 1))
        let result = checkGradients(at: [], parameters: model.parameters()) { _ in model.loss(Self.batch) }
        #expect(result.passed, "\(result)")
        #expect(result.checkedCount == model.parameterCount)
        // Real gradients, not zeros: every parameter tensor gets some (the padding rows of the embeddings none).
        model.zeroGrad()
        model.loss(Self.batch).backward()
        for (path, p) in model.namedParameters() {
            #expect(p.grad?.scalars.contains { $0 != 0 } == true, "\(path) has no gradient")
        }
    }

    @Test func parameterPathsAreTheDocumentedOnes() {
        let model = Seq2Seq<Float>(Self.config(.lstm, .lstm, .general), rng: RandomSource(seed: 2))
        let paths = model.namedParameters().map(\.path)
        #expect(paths.first == "sourceEmbedding.weight" && paths.last == "output.bias")
        for path in ["encoder.layers.0.cell.weightIH", "encoder.reverseLayers.0.cell.biasHH", "bridge.weight",
                     "targetEmbedding.weight", "decoder.cells.0.weightIH", "decoder.attention.keyProjection.weight",
                     "decoder.combine.weight", "output.weight"] {
            #expect(paths.contains(path), "\(path)")
        }
        let shapes = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.path, $0.parameter.shape) })
        #expect(shapes["bridge.weight"] == [4, 4] && shapes["decoder.combine.weight"] == [4, 8])
        #expect(shapes["decoder.cells.0.weightIH"] == [16, 7] && shapes["output.weight"] == [7, 4])
        // The padding rows start at zero.
        #expect(model.targetEmbedding.weight.value.scalars[0..<3].allSatisfy { $0 == 0 })
    }

    /// The teacher-forced logits (one output product over all steps) equal the decoding path's step by step.
    @Test func teacherForcingEqualsStepByStepDecoding() {
        let model = Seq2Seq<Double>(Self.config(.lstm, .lstm, .additive), rng: RandomSource(seed: 3))
        let logits = model.logits(Self.batch)                                            // [T, B, Vt]
        #expect(logits.shape == [4, 2, 7])
        let encoding = model.encode(Self.batch.source, lengths: Self.batch.sourceLengths)
        var state = encoding.initialState
        for t in 0..<4 {
            let step = model.decodeStep(Array(Self.batch.targetInputs[(2 * t)..<(2 * t + 2)]), state: state,
                                        memory: encoding.memory)
            state = step.state
            let expected = logSoftmax(logits.slice(axis: 0, t..<(t + 1)).reshaped([2, 7]), axis: -1)
            expectClose(step.logProbabilities, expected, atol: 1e-13, rtol: 0, "step \(t)")
        }
    }

    /// Padding in the source and the target changes nothing for the real tokens of a sentence.
    @Test func aSentenceGetsTheSameLogitsAloneAndInAPaddedBatch() {
        let model = Seq2Seq<Double>(Self.config(.gru, .lstm, .general), rng: RandomSource(seed: 4))
        let alone = model.logits(Seq2SeqBatch(sources: [[5]], targets: [[5, 5, 6]], startIndex: 2, endIndex: 3,
                                              paddingIndex: 0))                          // [4, 1, 7]
        let together = model.logits(Self.batch)                                          // [4, 2, 7]
        expectClose(together.slice(axis: 1, 1..<2), alone, atol: 1e-13, rtol: 0)
        let short = model.logits(Seq2SeqBatch(sources: [[4, 5, 1]], targets: [[6, 4]], startIndex: 2, endIndex: 3,
                                              paddingIndex: 0))                          // [3, 1, 7]
        expectClose(together.slice(axis: 1, 0..<1).slice(axis: 0, 0..<3), short, atol: 1e-13, rtol: 0)
    }

    @Test func theLossIsTheMeanCrossEntropyOfTheRealTargetTokens() {
        let model = Seq2Seq<Double>(Self.config(.lstm, .lstm, .general), rng: RandomSource(seed: 5))
        let logp = logSoftmax(model.logits(Self.batch), axis: -1)                        // [4, 2, 7]
        var total = 0.0, count = 0
        for t in 0..<4 {
            for b in 0..<2 where t < Self.batch.targetLengths[b] {
                total -= logp[t, b, Self.batch.targetOutputs[t * 2 + b]]
                count += 1
            }
        }
        #expect(count == 7)
        #expect(Swift.abs(model.loss(Self.batch).item - total / Double(count)) < 1e-14)
    }

    /// Scheduled sampling with rate 1 feeds the model its own most likely tokens: the greedy decoding.
    @Test func samplingRateOneFeedsTheGreedyTokens() {
        let model = Seq2Seq<Double>(Self.config(.lstm, .lstm, .general), rng: RandomSource(seed: 6))
        let sampled = model.logits(Self.batch, samplingRate: 1)                          // [4, 2, 7]
        let greedy = model.greedyDecode([[4, 5, 1], [5]], maxLength: 4)
        for b in 0..<2 {
            let tokens = (0..<4).map { t in sampled.slice(axis: 0, t..<(t + 1)).slice(axis: 1, b..<(b + 1)).argmax() }
            let expected = greedy[b].tokens + (greedy[b].finished ? [3] : [])
            #expect(Array(tokens.prefix(expected.count)) == expected, "sentence \(b)")
        }
        // Rate 0 is plain teacher forcing; an intermediate rate is reproducible from the seed.
        expectClose(model.logits(Self.batch, samplingRate: 0), model.logits(Self.batch), atol: 0, rtol: 0)
        let a = Seq2Seq<Double>(Self.config(.lstm, .lstm, .general), rng: RandomSource(seed: 7))
        let b = Seq2Seq<Double>(Self.config(.lstm, .lstm, .general), rng: RandomSource(seed: 7))
        expectClose(a.loss(Self.batch, samplingRate: 0.5), b.loss(Self.batch, samplingRate: 0.5), atol: 0, rtol: 0)
    }

    @Test func dropoutIsOnInTrainingAndOffInEvaluation() {
        var config = Self.config(.lstm, .lstm, .general)
        config.dropout = 0.3
        let model = Seq2Seq<Double>(config, rng: RandomSource(seed: 8))
        #expect(model.loss(Self.batch).item != model.loss(Self.batch).item)
        model.eval()
        #expect(model.loss(Self.batch).item == model.loss(Self.batch).item)
        // Decoding restores the mode it found.
        model.train()
        _ = model.greedyDecode([[4]], maxLength: 2)
        #expect(model.modules().allSatisfy { $0.isTraining })
    }

    @Test func labelSmoothingReachesTheLoss() {
        let model = Seq2Seq<Double>(Self.config(.lstm, .lstm, .general), rng: RandomSource(seed: 9))
        let smoothed = crossEntropy(logits: model.logits(Self.batch), targets: Self.batch.targetOutputs,
                                    mask: Self.batch.targetMask, labelSmoothing: 0.1)
        expectClose(model.loss(Self.batch, labelSmoothing: 0.1), smoothed, atol: 0, rtol: 0)
    }

    /// The two examples of docs/attention.md, as written there (the prints left out).
    @Test func theExamplesOfTheGuideRun() {
        // Symbols 4...13 after the specials <pad> 0, <unk> 1, <bos> 2, <eos> 3 (Seq2SeqConfig's defaults).
        let config = Seq2SeqConfig(sourceVocabularySize: 14, targetVocabularySize: 14, embeddingSize: 16,
                                   encoderHiddenSize: 16, bidirectional: true, decoderHiddenSize: 32,
                                   attention: .general, inputFeeding: true)
        let model = Seq2Seq<Float>(config, rng: RandomSource(seed: 7))     // implementation: .native by default
        let optimizer = Adam(parameters: model.parameters(), learningRate: 0.01)

        let sources = [[4, 5, 6, 7], [8, 9, 10]]
        let batch = Seq2SeqBatch(sources: sources, targets: sources.map { Array($0.reversed()) }, config: config)
        optimizer.zeroGrad()
        let loss = model.loss(batch)            // mean cross-entropy per real target token (teacher forcing)
        loss.backward()
        _ = clipGradientNorm(model.parameters(), maxNorm: 1)
        optimizer.step()

        let greedy = model.greedyDecode(sources, maxLength: 10)                           // one per source
        let beams = model.beamSearch([4, 5, 6, 7], width: 5, lengthPenalty: 1, maxLength: 10)   // best first

        #expect(abs(loss.item - Float.log(14)) < 0.5, "an untrained model: about log Vt, got \(loss.item)")
        #expect(greedy.count == 2 && !beams.isEmpty && beams.count <= 10)
        #expect(zip(beams, beams.dropFirst()).allSatisfy { $0.normalizedScore >= $1.normalizedScore })
        #expect(beams[0].attention.shape == [beams[0].length, 4])
        #expect(model.decoder.lastImplementation == RecurrentImplementation.native.resolved(for: model.decoder.cells[0]))
        #expect(model.parameters().allSatisfy { $0.grad != nil })

        let rng = RandomSource(seed: 1)
        let decoder = AttentionDecoder<Float>(cell: .gru, inputSize: 8, hiddenSize: 16, layerCount: 2, memorySize: 12,
                                              score: .additive, attentionSize: 10, rng: rng)
        let encoderOutputs = Tensor<Float>.randomNormal([2, 5, 12], using: rng)          // [B, S, Dv]
        let memory = decoder.attention.memory(keys: encoderOutputs, keyLengths: [5, 3])
        var state = decoder.initialState(batchSize: 2)                                   // zeros, h~[0] = 0
        let y = Tensor<Float>.randomNormal([4, 2, 8], using: rng)                         // [T, B, E]
        for t in 0..<4 {
            let out = decoder.step(y.slice(axis: 0, t..<(t + 1)).reshaped([2, 8]), state: state, memory: memory)
            state = out.state               // out.attentional: h~[t] [B, 16]; out.weights: a[t] [B, 5]
            #expect(out.attentional.shape == [2, 16] && out.weights.shape == [2, 5])
            #expect(out.weights[1, 3] == 0 && out.weights[1, 4] == 0)
        }
    }
}
