import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct XORExampleTests {
    /// The README's example: with seed 0 the loss falls from ~0.71 below 0.01 within 300 steps and all four
    /// points are classified correctly. The same seed gives the same losses on every run.
    @Test func learnsXOR() {
        let result = XORExample.train(seed: 0, steps: 300)
        #expect(result.losses[0] > 0.6)
        #expect(result.finalLoss < 0.01)
        #expect(result.accuracy == 1)
        #expect(XORExample.train(seed: 0, steps: 20).losses == Array(result.losses.prefix(20)))
    }
}
