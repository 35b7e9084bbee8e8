import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// End to end: with a fixed seed, the encoder-decoder learns to reverse sequences, measured by greedy decoding
/// of sequences it never trained on.
@Suite struct Seq2SeqLearningTests {
    /// Symbols 4..<14 (10 of them) after the standard specials pad 0, unk 1, bos 2, eos 3.
    static let config = Seq2SeqConfig(sourceVocabularySize: 14, targetVocabularySize: 14, embeddingSize: 16,
                                      encoderHiddenSize: 16, bidirectional: true, decoderHiddenSize: 32,
                                      attention: .dot)

    /// `count` random sequences of `lengths` symbols from `rng`.
    static func sequences(_ count: Int, lengths: ClosedRange<Int>, rng: RandomSource) -> [[Int]] {
        (0..<count).map { _ in
            (0..<rng.int(in: lengths.lowerBound..<(lengths.upperBound + 1))).map { _ in 4 + rng.int(in: 0..<10) }
        }
    }

    @Test func learnsToReverseSequences() {
        let start = Date()
        let model = Seq2Seq<Float>(Self.config, rng: RandomSource(seed: 7))
        let optimizer = Adam(parameters: model.parameters(), learningRate: 0.01)
        let data = RandomSource(seed: 11)
        let lengths = 5...8
        var lastLoss = Float.infinity
        for _ in 0..<300 {
            let sources = Self.sequences(32, lengths: lengths, rng: data)
            let batch = Seq2SeqBatch(sources: sources, targets: sources.map { Array($0.reversed()) }, config: Self.config)
            optimizer.zeroGrad()
            let loss = model.loss(batch)
            loss.backward()
            _ = clipGradientNorm(model.parameters(), maxNorm: 1)
            optimizer.step()
            lastLoss = loss.item
        }
        let test = Self.sequences(200, lengths: lengths, rng: RandomSource(seed: 99))
        let decoded = model.greedyDecode(test, maxLength: 10)
        let correct = zip(test, decoded).filter { Array($0.reversed()) == $1.tokens && $1.finished }.count
        let accuracy = Double(correct) / Double(test.count)
        print("reverse: loss \(lastLoss), greedy sequence accuracy \(accuracy), \(Date().timeIntervalSince(start)) s")
        #expect(accuracy >= 0.99, "sequence accuracy \(accuracy) (\(correct) of \(test.count)), last loss \(lastLoss)")
    }
}
