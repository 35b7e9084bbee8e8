import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct Seq2SeqConfigTests {
    static let valid = Seq2SeqConfig(sourceVocabularySize: 20, targetVocabularySize: 15, embeddingSize: 8,
                                     encoderHiddenSize: 6, decoderHiddenSize: 12)

    @Test func defaultsAreTheDocumentedOnes() {
        let c = Seq2SeqConfig(sourceVocabularySize: 6000, targetVocabularySize: 5000)
        #expect(c.embeddingSize == 256 && c.encoderHiddenSize == 256 && c.bidirectional && c.encoderLayerCount == 1)
        #expect(c.decoderHiddenSize == 512 && c.decoderCell == .lstm && c.attention == .general && c.inputFeeding)
        #expect((c.paddingIndex, c.startIndex, c.endIndex) == (0, 2, 3))
        #expect(c.encoderOutputSize == 512 && c.problem == nil)
        #expect(c.encoderConfig == RecurrentEncoderConfig(cell: .lstm, inputSize: 256, hiddenSize: 256, bidirectional: true))
    }

    @Test func roundTripsThroughJSON() throws {
        var c = Self.valid
        c.attention = .scaledDot
        c.decoderCell = .gru
        let data = try JSONEncoder().encode(c)
        #expect(String(decoding: data, as: UTF8.self).contains("\"attention\":\"scaled-dot\""))
        #expect(try JSONDecoder().decode(Seq2SeqConfig.self, from: data) == c)
    }

    @Test func theFirstProblemNamesItsField() {
        func problem(_ change: (inout Seq2SeqConfig) -> Void) -> String? {
            var c = Self.valid
            change(&c)
            return c.problem?.field
        }
        #expect(Self.valid.problem == nil)
        #expect(problem { $0.targetVocabularySize = 0 } == "targetVocabularySize")
        #expect(problem { $0.decoderLayerCount = 0 } == "decoderLayerCount")
        #expect(problem { $0.dropout = 1 } == "dropout")
        #expect(problem { $0.paddingIndex = 15 } == "paddingIndex")
        #expect(problem { $0.endIndex = 15 } == "endIndex")
        #expect(problem { $0.startIndex = 3 } == "endIndex")
        #expect(problem { $0.attentionSize = 4 } == "attentionSize")
        #expect(problem { $0.attention = .additive; $0.attentionSize = 4 } == nil)
        #expect(problem { $0.attention = .dot } == nil)                   // 2 * 6 == 12
        #expect(problem { $0.attention = .dot; $0.bidirectional = false } == "decoderHiddenSize")
        var c = Self.valid
        c.attention = .scaledDot
        c.decoderHiddenSize = 10
        #expect(c.problem?.message == "the scaled-dot score needs decoderHiddenSize == the encoder's output size " +
                "(encoderHiddenSize * directions = 12), got 10; use general or additive")
    }

    @Test func anInvalidConfigStopsTheModel() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Seq2Seq<Float>(Seq2SeqConfig(sourceVocabularySize: 10, targetVocabularySize: 10, dropout: -0.5),
                               rng: RandomSource(seed: 0))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Seq2Seq: dropout must be in [0, 1), got -0.5"))
    }
}
