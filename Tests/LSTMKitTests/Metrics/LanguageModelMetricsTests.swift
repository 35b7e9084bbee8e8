import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct LanguageModelMetricsTests {
    @Test func fromNats() {
        // A uniform guess over 50 classes: cross-entropy ln 50, perplexity 50.
        #expect(Swift.abs(perplexity(meanCrossEntropy: Foundation.log(50.0)) - 50) < 1e-12)
        #expect(perplexity(meanCrossEntropy: 0) == 1)
        // ln 2 nats = 1 bit; 1 nat = 1 / ln 2 = 1.4426950408889634 bits.
        #expect(bitsPerCharacter(meanCrossEntropy: Foundation.log(2.0)) == 1)
        #expect(Swift.abs(bitsPerCharacter(meanCrossEntropy: 1) - 1.4426950408889634) < 1e-15)
    }

    @Test func fromACrossEntropyTensor() {
        // Zero logits over 4 classes: every class has probability 1/4, so the loss is ln 4,
        // the perplexity 4 and the bits per character log2(4) = 2.
        let loss = crossEntropy(logits: Tensor<Float>.zeros([2, 4]), targets: [0, 3])
        #expect(Swift.abs(perplexity(meanCrossEntropy: loss) - 4) < 1e-5)
        #expect(Swift.abs(bitsPerCharacter(meanCrossEntropy: loss) - 2) < 1e-6)
    }

    @Test func negativeCrossEntropyStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = perplexity(meanCrossEntropy: -0.5)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("perplexity: mean cross-entropy -0.5 is not a finite number >= 0"))
    }
}
