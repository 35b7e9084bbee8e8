import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct TranslationTests {
    /// The documented defaults (`lstm train translate --help`, docs/apps/translate.md).
    @Test func defaults() throws {
        let c = TranslateConfig()
        #expect(c.source == "de" && c.target == "en" && c.lowercase && c.minFrequency == 2)
        #expect(c.embeddingSize == 256 && c.encoderHiddenSize == 256 && c.bidirectional && c.decoderHiddenSize == 256)
        #expect(c.attention == .general && c.inputFeeding && c.dropout == 0.3 && c.labelSmoothing == 0.1)
        #expect(c.beamWidth == 5 && c.lengthPenalty == 1 && c.maxLength == 80)
        let t = c.training
        #expect(t.optimizer == .adam && t.learningRate == 2e-3 && t.schedule == .cosine && t.decayTo == 0.1)
        #expect(t.batchSize == 64 && t.clipNorm == 1 && t.epochs == 20 && t.minutes == nil)
        try c.validate()
        let m = c.modelConfig(sourceVocabularySize: 100, targetVocabularySize: 90)
        #expect(m.encoderOutputSize == 512 && m.paddingIndex == 0 && m.startIndex == 2 && m.endIndex == 3)
    }

    /// Each invalid field is a `ConfigError` naming it (the CLI turns the field into its option).
    @Test func validationNamesTheField() {
        let cases: [(String, (inout TranslateConfig) -> Void)] = [
            ("source", { $0.source = "xx" }),
            ("target", { $0.target = "klingon" }),
            ("target", { $0.target = "de" }),
            ("minFrequency", { $0.minFrequency = 0 }),
            ("embeddingSize", { $0.embeddingSize = 0 }),
            ("encoderHiddenSize", { $0.encoderHiddenSize = 5000 }),
            ("decoderLayers", { $0.decoderLayers = 0 }),
            ("dropout", { $0.dropout = 1 }),
            ("labelSmoothing", { $0.labelSmoothing = -0.1 }),
            ("maxLength", { $0.maxLength = 0 }),
            ("beamWidth", { $0.beamWidth = 0 }),
            ("lengthPenalty", { $0.lengthPenalty = .nan }),
            ("decoderHiddenSize", { $0.attention = .dot }),          // dot needs H == 2 * 256
            ("batchSize", { $0.training.batchSize = 0 }),
        ]
        for (field, change) in cases {
            var c = TranslateConfig()
            change(&c)
            #expect(throws: ConfigError.self, "\(field)") { try c.validate() }
            do { try c.validate() } catch let error as ConfigError { #expect(error.field == field) } catch {}
        }
        var dot = TranslateConfig()
        dot.attention = .dot
        dot.decoderHiddenSize = 512
        #expect(throws: Never.self) { try dot.validate() }
    }

    /// Every pair lands in exactly one batch, in batches of similar source length.
    @Test func batchesAreBucketedByLength() {
        let rng = RandomSource(seed: 3)
        let pairs = (0..<500).map { i in
            EncodedPair(source: [Int](repeating: 4 + i % 7, count: 1 + rng.int(in: 0..<30)), target: [5 + i % 9])
        }
        let config = Seq2SeqConfig(sourceVocabularySize: 20, targetVocabularySize: 20, embeddingSize: 4,
                                   encoderHiddenSize: 4, decoderHiddenSize: 4)
        let batches = Array(translationBatches(pairs, batchSize: 16, config: config, rng: RandomSource(seed: 1)))
        #expect(batches.count == 32 && batches.map(\.batchSize).reduce(0, +) == 500)
        let padded = batches.map { $0.sourceSteps * $0.batchSize }.reduce(0, +)
        let real = pairs.map(\.source.count).reduce(0, +)
        #expect(Double(padded) < 1.1 * Double(real), "padding \(padded) for \(real) tokens")
        // Unbucketed batches of 16 lengths in 1...30 would pad to about 1.8x.
        #expect(batches.contains { $0.sourceSteps < 10 } && batches.contains { $0.sourceSteps > 25 })
    }

    func translation() -> Translation {
        Translation(source: "ein hund .", sourceTokens: ["ein", "hund", ".", "<eos>"], unknownSourceTokens: [],
                    tokens: ["a", "dog", "."], text: "A dog.", finished: true, score: -1.5,
                    attention: [[0.9, 0.05, 0.05, 0], [0.2, 0.6, 0.1, 0.1], [0, 0.05, 0.35, 0.6],
                                [0.09, 0.11, 0.3, 0.5]])
    }

    @Test func textHeatMap() {
        #expect(AttentionHeatMap.shade(0) == " " && AttentionHeatMap.shade(0.0999) == " ")
        #expect(AttentionHeatMap.shade(0.1) == "░" && AttentionHeatMap.shade(0.3) == "▒")
        #expect(AttentionHeatMap.shade(0.5) == "▓" && AttentionHeatMap.shade(0.7) == "█" && AttentionHeatMap.shade(1) == "█")
        #expect(AttentionHeatMap.text(translation()) == [
            "      ein hund . <eos>",
            "a     ███",
            "dog   ░░░ ▓▓▓▓ ░ ░░░░░",
            ".              ▒ ▓▓▓▓▓",
            "<eos>     ░░░░ ▒ ▓▓▓▓▓",
            "(shades: ░ >= 0.1, ▒ >= 0.3, ▓ >= 0.5, █ >= 0.7)",
        ])
    }

    @Test func svgHeatMap() {
        var t = translation()
        t.source = "ein \"hund\" & <katze>"
        let svg = AttentionHeatMap.svg(t)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 16)
        // Weight 0.9 is dark (255 * (1 - 0.9) = 25.49... rounds to 25), weight 0 white; the tooltips give the weights.
        #expect(svg.contains("fill=\"rgb(25,25,25)\"") && svg.contains("fill=\"rgb(255,255,255)\""))
        #expect(svg.contains("<title>a / ein: 0.900</title>"))
        #expect(svg.contains("ein &quot;hund&quot; &amp; &lt;katze&gt;") && !svg.contains("<katze>"))
    }
}
