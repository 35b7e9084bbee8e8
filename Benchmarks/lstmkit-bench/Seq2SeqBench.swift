import Foundation
import LSTMKit

/// The attentional encoder-decoder on a Multi30k-sized problem (`lstmkit-bench seq2seq [names...]`), in Float:
/// B = 64 sentence pairs with source and target lengths drawn from 8...22 (mean 15), vocabularies 6000 / 5000,
/// E = 256, a bidirectional LSTM encoder and an LSTM decoder with input feeding.
///
/// For each configuration: a training step (zeroGrad, teacher-forced loss, backward, gradient clipping at 5,
/// Adam) split into its parts (forward: encoder, decoder steps, output layer + loss; backward; clip + Adam),
/// each the median of the timed runs after warm-up; then greedy decoding of the batch (maxLength 30) and beam
/// search of one sentence (width 5, maxLength 30). Timings depend on the machine's load: run it on a quiet
/// machine and report the load with the numbers.
func benchSeq2Seq() {
    struct Config { let name: String; let encoderHidden, decoderHidden: Int; let score: AttentionScore }
    let configs = [
        Config(name: "H256", encoderHidden: 128, decoderHidden: 256, score: .general),
        Config(name: "H512", encoderHidden: 256, decoderHidden: 512, score: .general),
        Config(name: "H512-dot", encoderHidden: 256, decoderHidden: 512, score: .dot),
        Config(name: "H512-additive", encoderHidden: 256, decoderHidden: 512, score: .additive),
        Config(name: "H256-enc256", encoderHidden: 256, decoderHidden: 256, score: .general),
    ]
    let names = Array(CommandLine.arguments.dropFirst(2))
    let (batchSize, sourceVocabulary, targetVocabulary) = (64, 6000, 5000)
    let data = RandomSource(seed: 1)
    func sentences(_ vocabulary: Int) -> [[Int]] {
        (0..<batchSize).map { _ in (0..<data.int(in: 8..<23)).map { _ in 4 + data.int(in: 0..<(vocabulary - 4)) } }
    }
    let batch = Seq2SeqBatch(sources: sentences(sourceVocabulary), targets: sentences(targetVocabulary),
                             startIndex: 2, endIndex: 3, paddingIndex: 0)
    report("seq2seq, Float, B=\(batchSize), S=\(batch.sourceSteps) T=\(batch.targetSteps) (padded; lengths 8...22), " +
           "Vs=\(sourceVocabulary) Vt=\(targetVocabulary) E=256, bidirectional LSTM encoder, LSTM decoder, input feeding")
    for c in configs where names.isEmpty || names.contains(c.name) {
        let config = Seq2SeqConfig(sourceVocabularySize: sourceVocabulary, targetVocabularySize: targetVocabulary,
                                   embeddingSize: 256, encoderHiddenSize: c.encoderHidden,
                                   decoderHiddenSize: c.decoderHidden, attention: c.score, dropout: 0.2)
        let model = Seq2Seq<Float>(config, rng: RandomSource(seed: 2))
        let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
        report("\(c.name): encoder \(c.encoderHidden) x 2, decoder \(c.decoderHidden), \(c.score.rawValue) score, " +
               "\(model.parameterCount / 1000)k parameters")
        var parts = [String: [Double]]()
        func timed<R>(_ part: String, _ body: () -> R) -> R {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = body()
            parts[part, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            return result
        }
        let step = medianSeconds(warmup: 2, iterations: 9) {
            model.zeroGrad()
            let loss = timed("forward (whole loss)") { model.loss(batch) }
            timed("backward") { loss.backward() }
            timed("clip + Adam") {
                _ = clipGradientNorm(model.parameters(), maxNorm: 5)
                optimizer.step()
            }
        }
        let encoder = medianSeconds(warmup: 1, iterations: 9) {
            _ = model.encode(batch.source, lengths: batch.sourceLengths)
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        report("  training step \(fmt(step * 1e3, 1)) ms (median of 9); its forward's encoder alone " +
               "\(fmt(encoder * 1e3, 1)) ms (\(model.encoder.lastImplementation.rawValue))")
        for part in ["forward (whole loss)", "backward", "clip + Adam"] {
            report("    \(part): \(fmt(median(parts[part]!) * 1e3, 1)) ms")
        }
        let sources = (0..<batchSize).map { b in
            (0..<batch.sourceLengths[b]).map { batch.source[$0 * batchSize + b] }
        }
        let greedy = medianSeconds(warmup: 1, iterations: 5) { _ = model.greedyDecode(sources, maxLength: 30) }
        let beam = medianSeconds(warmup: 1, iterations: 5) {
            _ = model.beamSearch(sources[0], width: 5, lengthPenalty: 1, maxLength: 30)
        }
        report("  greedy decoding of the batch \(fmt(greedy * 1e3, 1)) ms; beam search (width 5) of one " +
               "sentence \(fmt(beam * 1e3, 1)) ms")
    }
}
