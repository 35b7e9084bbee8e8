import Foundation
import LSTMKit

/// The attentional encoder-decoder of `lstm train translate` (`lstmkit-bench compare --cell seq2seq`), at the
/// translate app's default sizes (TranslateConfig) on a Multi30k-sized batch of random tokens:
///
///     Vs = 7900, Vt = 5950, E = 256, bidirectional LSTM encoder 256 per direction (K = 512), bridge
///     Linear(K, H) + tanh, LSTMCell decoder H = 256 with input feeding, Luong "general" attention,
///     combine tanh(W_c [c; h]), output Linear(H, Vt); dropout 0.3; B = 64, lengths 8...25 (source and target)
///     train: loss = crossEntropy(labelSmoothing 0.1) over real target tokens; backward; clipGradientNorm 1;
///            Adam(2e-3).step(); zeroGrad()                       (the translate app's training step)
///     infer: greedyDecode(sources, maxLength: 30) of the 64 sources (stops early when all have ended)
///
/// Data and weights come from `seq2seqHash` (a splitmix64 finalizer over an integer counter), which
/// Benchmarks/compare/peers.py reproduces bit for bit, so both sides start from the same tokens and the same
/// weights: `check_loss` (evaluation mode, no dropout, label smoothing 0.1, before any step) and, for infer,
/// the greedy tokens' checksum must agree with PyTorch's. Weights: embeddings and the output layer's weight
/// uniform(-1, 1) (so the logits spread a little: check_loss 8.737 against log Vt = 8.691), other
/// matrices uniform(+-1/sqrt(columns)), vectors uniform(+-1/16).
///
/// FLOPs (GEMM-like work, padded S and T): encoder 2 * 2S * B * 4K' * (E + K') (K' = 256 per direction),
/// key projection 2 * B * S * K * H, bridge 2 * B * K * H, and per decoder step 2 * B * (4H * (E + 2H) +
/// S * H + S * K + H * (K + H) + H * Vt); a training step counts 3x its forward.
func runSeq2SeqCase(_ options: CompareOptions) throws -> [String: Any] {
    if options.mode != "train" && options.mode != "infer" {
        throw CompareError("--cell seq2seq runs --mode train or infer, not \(options.mode)")
    }
    let baseline = residentMegabytes()
    let p = Seq2SeqCompareProblem(seed: options.seed)
    let config = Seq2SeqConfig(sourceVocabularySize: p.sourceVocabulary, targetVocabularySize: p.targetVocabulary,
                               embeddingSize: 256, encoderHiddenSize: 256, bidirectional: true,
                               decoderHiddenSize: 256, attention: .general, inputFeeding: true, dropout: 0.3)
    let model = Seq2Seq<Float>(config, implementation: options.implementation,
                               rng: RandomSource(seed: options.seed &+ 2))
    let names = model.namedParameters()
    for (path, parameter) in names {
        let values = seq2seqWeights(path, shape: parameter.shape, allPaths: names.map(\.path))
        parameter.data = Tensor(shape: parameter.shape, scalars: values)
    }
    let batch = Seq2SeqBatch(sources: p.sources, targets: p.targets, config: config)
    model.eval()
    let checkLoss = withoutGrad { model.loss(batch, labelSmoothing: 0.1) }.item
    model.train()

    let (b, s, t) = (batch.batchSize, batch.sourceSteps, batch.targetSteps)
    var result: [String: Any]
    if options.mode == "train" {
        let adam = Adam<Float>(parameters: model.parameters(), learningRate: 2e-3)
        var losses: [Float] = []
        var parts = Seq2SeqParts()
        let times = sampleSeconds(warmup: options.warmup, iterations: options.iterations) { i in
            parts.timed = i >= options.warmup
            let loss = parts.time("forward") { model.loss(batch, labelSmoothing: 0.1) }
            parts.time("backward") { loss.backward() }
            parts.time("clip+adam") {
                clipGradientNorm(model.parameters(), maxNorm: 1)
                adam.step()
                adam.zeroGrad()
            }
            losses.append(loss.item)
        }
        result = timingFields(times, sequenceSteps: b * t, flops: 3 * seq2seqFlops(b: b, s: s, decoderSteps: t, p))
        result["parts_ms"] = parts.medians
        result["loss_first"] = rounded(Double(losses.first ?? 0), 4)
        result["loss_last"] = rounded(Double(losses.last ?? 0), 4)
    } else {
        var hypotheses: [Seq2SeqHypothesis<Float>] = []
        let times = sampleSeconds(warmup: options.warmup, iterations: options.iterations) { _ in
            hypotheses = model.greedyDecode(p.sources, maxLength: 30)
        }
        // The steps the decoder ran: the longest hypothesis (the end token counted), at most 30.
        let steps = hypotheses.map(\.length).max() ?? 0
        result = timingFields(times, sequenceSteps: b * steps, flops: seq2seqFlops(b: b, s: s, decoderSteps: steps, p))
        result["parts_ms"] = greedyParts(model, batch, steps: 30, iterations: options.iterations)
        result["decode_steps"] = steps
        result["greedy_checksum"] = seq2seqChecksum(hypotheses.map(\.tokens))
        result["greedy_finished"] = hypotheses.filter(\.finished).count
    }
    result.merge(memoryFields(baseline: baseline)) { _, new in new }
    result["config"] = "seq2seq"
    result["mode"] = options.mode
    result["check_loss"] = rounded(Double(checkLoss), 5)
    result["source_steps"] = s
    result["target_steps"] = t
    result["parameters"] = model.parameterCount
    result["implementation"] = "\(options.implementation)"
    // No comma: the report splits `ran` at commas.
    result["ran"] = "encoder:\(model.encoder.lastImplementation.rawValue)+decoder:\(model.decoder.lastImplementation.rawValue)"
    return result
}

/// The benchmark's sentence pairs (the same in peers.py): B = 64, each source and target length
/// 8 + hash % 18 (8...25), tokens 4 + hash % (V - 4) (above the specials), drawn in the order
/// for b: source length, source tokens, target length, target tokens.
struct Seq2SeqCompareProblem {
    let batchSize = 64, sourceVocabulary = 7900, targetVocabulary = 5950
    var sources: [[Int]] = [], targets: [[Int]] = []

    init(seed: UInt64) {
        var counter: UInt64 = 0
        func draw(_ n: Int) -> Int {
            counter += 1
            return Int(seq2seqHash(stream: 1000 &+ seed, index: counter) % UInt64(n))
        }
        for _ in 0..<batchSize {
            sources.append((0..<(8 + draw(18))).map { _ in 4 + draw(sourceVocabulary - 4) })
            targets.append((0..<(8 + draw(18))).map { _ in 4 + draw(targetVocabulary - 4) })
        }
    }
}

/// splitmix64's finalizer of (stream << 40 | index) * 0x9E3779B97F4A7C15 (wrapping): one 64-bit pseudo-random
/// number per (stream, index), computed the same way with numpy uint64 in peers.py.
func seq2seqHash(stream: UInt64, index: UInt64) -> UInt64 {
    var z = ((stream << 40) | index) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// The values of parameter `path`: stream = 1 + its index among the sorted paths; value i =
/// Float(amplitude * (2 * u - 1)) with u = (hash >> 40) / 2^24 (computed in Double, exact).
func seq2seqWeights(_ path: String, shape: [Int], allPaths: [String]) -> [Float] {
    let stream = UInt64(allPaths.sorted().firstIndex(of: path)! + 1)
    let wide = path.contains("Embedding") || path == "output.weight"
    let amplitude = wide ? 1.0 : shape.count == 2 ? 1 / Double(shape[1]).squareRoot() : 1.0 / 16
    return (0..<shape.reduce(1, *)).map { i in
        let u = Double(seq2seqHash(stream: stream, index: UInt64(i)) >> 40) / 16_777_216
        return Float(amplitude * (2 * u - 1))
    }
}

/// A checksum of decoded token lists: sum over sentences b and positions j of token * (j + 1) * (b + 1),
/// modulo 1_000_000_007.
func seq2seqChecksum(_ outputs: [[Int]]) -> Int {
    var sum = 0
    for (b, tokens) in outputs.enumerated() {
        for (j, token) in tokens.enumerated() { sum = (sum + token * (j + 1) * (b + 1)) % 1_000_000_007 }
    }
    return sum
}

/// The forward's GEMM-like work (see `runSeq2SeqCase`).
func seq2seqFlops(b: Int, s: Int, decoderSteps t: Int, _ p: Seq2SeqCompareProblem) -> Double {
    let (e, kd, h, v) = (256.0, 256.0, 256.0, Double(p.targetVocabulary))
    let k = 2 * kd
    let (bb, ss) = (Double(b), Double(s))
    let encoder = 2 * 2 * ss * bb * 4 * kd * (e + kd)
    let keys = 2 * bb * ss * k * h, bridge = 2 * bb * k * h
    let step = 2 * bb * (4 * h * (e + 2 * h) + ss * h + ss * k + h * (k + h) + h * v)
    return encoder + keys + bridge + Double(t) * step
}

/// Per-part medians (ms) of the timed iterations, for the `parts_ms` field.
struct Seq2SeqParts {
    var samples: [String: [Double]] = [:]
    /// False during warm-up.
    var timed = true

    mutating func time<R>(_ part: String, _ body: () -> R) -> R {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        if timed { samples[part, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        return result
    }

    var medians: [String: Double] { samples.mapValues { rounded(median($0), 3) } }
}

/// Where greedy decoding's time goes, timed apart from `greedyDecode` (in evaluation mode, without a graph):
/// the encoder (+ bridge and key projection), `steps` decoder steps (`decodeStep`: embedding, cell, attention,
/// combine, output layer, log-softmax), and the `argmax` over [B, Vt] of each step.
func greedyParts(_ model: Seq2Seq<Float>, _ batch: Seq2SeqBatch, steps: Int, iterations: Int) -> [String: Double] {
    model.eval()
    defer { model.train() }
    var parts = Seq2SeqParts()
    withoutGrad {
        for i in 0...iterations {
            parts.timed = i > 0
            let encoding = parts.time("encode") { model.encode(batch.source, lengths: batch.sourceLengths) }
            var state = encoding.initialState
            var tokens = [Int](repeating: model.config.startIndex, count: batch.batchSize)
            var stepSeconds = Seq2SeqParts()
            for _ in 0..<steps {
                let step = stepSeconds.time("step") { model.decodeStep(tokens, state: state, memory: encoding.memory) }
                state = step.state
                tokens = stepSeconds.time("argmax") { step.logProbabilities.argmax(axis: 1) }
            }
            if i > 0 {
                for (part, values) in stepSeconds.samples {
                    parts.samples["\(steps) x \(part)", default: []].append(values.reduce(0, +))
                }
            }
        }
    }
    return parts.medians
}
