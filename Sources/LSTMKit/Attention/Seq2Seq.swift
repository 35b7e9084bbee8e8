/// An attentional encoder-decoder (Bahdanau et al. 2015; Luong et al. 2015) for sequence-to-sequence tasks
/// such as translation:
///
///     e[s]  = dropout(embed_src(x[s]))                          [S, B, E]
///     o, s_n = encoder(e, lengths)                              o [S, B, K], K = encoderHiddenSize * directions
///     h_l[0] = tanh(W_b [h_fwd; h_bwd] + b_b) block l           [B, H]  the top encoder layer's final h of
///                                                                each direction (Bahdanau's s_0 = tanh(W_s h_1));
///                                                                an LSTM decoder's c starts at 0
///     y[t]  = dropout(embed_tgt(z[t]))                          [B, E]  z[0] = start token, z[t] = target t - 1
///     h~[t], a[t] = decoder.step(y[t], state, memory(o))        [B, H], [B, S]   (see `AttentionDecoder`)
///     logits[t] = W_s dropout(h~[t]) + b_s                      [B, Vt]
///     loss = mean over real target steps of -log softmax(logits[t])[target[t]]
///
/// The encoder is a `RecurrentEncoder` (any cell, stacked, bidirectional) run over the whole padded source with
/// its lengths, so it uses the fast kernels (`implementation`, default `.native`); padded source positions are
/// masked out of the attention. The decoder is step by step (input feeding), each cell step through the same
/// `implementation` (the cell's kernel on one step); with teacher forcing the output layer runs once on all
/// T * B attentional vectors and the loss is one cross-entropy over [T * B, Vt].
///
/// Parameters: `sourceEmbedding.weight` [Vs, E], `encoder.layers.0.cell.weightIH` (the stack's paths, PyTorch
/// `weight_ih_l0`), `bridge.weight` [L * H, K] and `bridge.bias`, `targetEmbedding.weight` [Vt, E],
/// `decoder.cells.0.weightIH`, `decoder.attention...`, `decoder.combine.weight` [H, K + H], `output.weight`
/// [Vt, H] and `output.bias` [Vt]. Embeddings ~ N(0, 1) with the padding row 0 (as `nn.Embedding`), the rest as
/// their layers (PyTorch's defaults).
///
///     let config = Seq2SeqConfig(sourceVocabularySize: 6000, targetVocabularySize: 5000)
///     let model = Seq2Seq<Float>(config, rng: RandomSource(seed: 1))
///     let batch = Seq2SeqBatch(sources: [[5, 6, 7]], targets: [[8, 9]], config: config)
///     model.loss(batch).backward()
///     let best = model.beamSearch([5, 6, 7], width: 5, lengthPenalty: 1, maxLength: 20)[0]
public final class Seq2Seq<Scalar: TensorScalar>: Module {
    public let config: Seq2SeqConfig
    public let sourceEmbedding: Embedding<Scalar>
    public let encoder: RecurrentEncoder<Scalar>
    /// W_b [L * H, K], b_b: the decoder's initial h of every layer from the encoder's final states.
    public let bridge: Linear<Scalar>
    public let targetEmbedding: Embedding<Scalar>
    public let decoder: AttentionDecoder<Scalar>
    /// W_s [Vt, H], b_s [Vt].
    public let output: Linear<Scalar>
    /// On the embeddings and on h~ (training only).
    public let dropout: Dropout<Scalar>
    /// The stream dropout masks and scheduled-sampling draws come from (save it in checkpoints to resume).
    public let rng: RandomSource
    public var isTraining = true

    /// - Parameters:
    ///   - config: the architecture (validated; an invalid one stops naming the field).
    ///   - implementation: what the encoder's and decoder's recurrent layers are asked to run
    ///     (`RecurrentImplementation`).
    ///   - rng: the initial weights (drawn in the order of the properties above); afterwards dropout
    ///     masks and scheduled-sampling choices.
    public init(_ config: Seq2SeqConfig, implementation: RecurrentImplementation = .native, rng: RandomSource) {
        if let (field, message) = config.problem { failure("Seq2Seq: \(field) \(message)") }
        let c = config
        self.config = c
        sourceEmbedding = Embedding(count: c.sourceVocabularySize, dimension: c.embeddingSize,
                                    paddingIndex: c.paddingIndex, rng: rng)
        encoder = RecurrentEncoder(c.encoderConfig, implementation: implementation, rng: rng)
        bridge = Linear(inputSize: c.encoderOutputSize, outputSize: c.decoderLayerCount * c.decoderHiddenSize, rng: rng)
        targetEmbedding = Embedding(count: c.targetVocabularySize, dimension: c.embeddingSize,
                                    paddingIndex: c.paddingIndex, rng: rng)
        decoder = AttentionDecoder(cell: c.decoderCell, inputSize: c.embeddingSize, hiddenSize: c.decoderHiddenSize,
                                   layerCount: c.decoderLayerCount, memorySize: c.encoderOutputSize,
                                   score: c.attention, attentionSize: c.attentionSize, inputFeeding: c.inputFeeding,
                                   dropout: c.dropout, implementation: implementation, rng: rng)
        output = Linear(inputSize: c.decoderHiddenSize, outputSize: c.targetVocabularySize, rng: rng)
        dropout = Dropout(probability: c.dropout, rng: rng)
        self.rng = rng
    }

    /// What the decoder needs of an encoded source batch.
    public struct Encoding {
        /// The encoder outputs as keys and values, [B, S, K], padded positions masked.
        public var memory: Attention<Scalar>.Memory
        /// The decoder's start state (h from the bridge, h~[0] = 0).
        public var initialState: AttentionDecoder<Scalar>.State
    }

    /// Encodes source tokens [S, B] (time-major, `lengths[b]` in 1...S real tokens each).
    public func encode(_ source: [Int], lengths: [Int]) -> Encoding {
        let b = lengths.count
        if b == 0 || source.count % b != 0 {
            failure("Seq2Seq.encode: \(source.count) source tokens do not fill [S, B] with B = \(b) lengths")
        }
        let s = source.count / b
        dropout.isTraining = isTraining
        let x = dropout(sourceEmbedding(source, shape: [s, b]))                          // [S, B, E]
        let encoded = encoder(x, lengths: lengths)                                         // outputs [S, B, K]
        let keys = encoded.outputs.transposed(0, 1)                                        // [B, S, K]
        let directions = config.bidirectional ? 2 : 1
        let top = encoded.finalStates.suffix(directions).map(\.output)                     // each [B, K / dirs]
        let hidden = tanh(bridge(Tensor.concat(top, axis: 1)))                             // [B, L * H]
        let layers = config.decoderLayerCount == 1 ? [hidden] : hidden.chunked(config.decoderLayerCount, axis: 1)
        return Encoding(memory: decoder.attention.memory(keys: keys, keyLengths: lengths),
                        initialState: decoder.initialState(batchSize: b, hidden: layers))
    }

    /// Teacher-forced logits [T, B, Vt] for `batch`: step t reads `targetInputs[t]`, except that with
    /// `samplingRate` p > 0 (scheduled sampling, Bengio et al. 2015) each sentence reads, at each step t >= 1
    /// and with probability p, the model's own most likely token of step t - 1 instead (drawn from `rng`).
    /// Without sampling, the output layer is one product over all T * B attentional vectors; with it, one per
    /// step (the choices need each step's logits).
    public func logits(_ batch: Seq2SeqBatch, samplingRate: Double = 0) -> Tensor<Scalar> {
        if !(samplingRate >= 0 && samplingRate <= 1) {
            failure("Seq2Seq.logits: samplingRate \(samplingRate) is outside [0, 1]")
        }
        let (b, t, e) = (batch.batchSize, batch.targetSteps, config.embeddingSize)
        let encoding = encode(batch.source, lengths: batch.sourceLengths)
        var state = encoding.initialState
        dropout.isTraining = isTraining
        if samplingRate == 0 {
            let y = dropout(targetEmbedding(batch.targetInputs, shape: [t, b]))           // [T, B, E]
            var attentional: [Tensor<Scalar>] = []
            for step in 0..<t {
                let yt = y.slice(axis: 0, step..<(step + 1)).reshaped([b, e])             // [B, E]
                let out = decoder.step(yt, state: state, memory: encoding.memory)
                state = out.state
                attentional.append(out.attentional)
            }
            return output(dropout(Tensor.stack(attentional)))                             // [T, B, Vt]
        }
        var tokens = Array(batch.targetInputs[0..<b])
        var logits: [Tensor<Scalar>] = []
        for step in 0..<t {
            if step > 0 {
                let predicted = logits[step - 1].argmax(axis: 1)                           // [B]
                let draws = rng.uniforms(count: b)
                tokens = (0..<b).map { draws[$0] < samplingRate ? predicted[$0] : batch.targetInputs[step * b + $0] }
            }
            let yt = dropout(targetEmbedding(tokens, shape: [b]))                          // [B, E]
            let out = decoder.step(yt, state: state, memory: encoding.memory)
            state = out.state
            logits.append(output(dropout(out.attentional)))                                // [B, Vt]
        }
        return Tensor.stack(logits)                                                        // [T, B, Vt]
    }

    /// The mean cross-entropy per real target token of `batch` under teacher forcing (`logits(_:samplingRate:)`),
    /// with optional label smoothing eps (`crossEntropy(labelSmoothing:)`).
    public func loss(_ batch: Seq2SeqBatch, samplingRate: Double = 0, labelSmoothing: Double = 0) -> Tensor<Scalar> {
        crossEntropy(logits: logits(batch, samplingRate: samplingRate), targets: batch.targetOutputs,
                     mask: batch.targetMask, labelSmoothing: Scalar(labelSmoothing))
    }
}
