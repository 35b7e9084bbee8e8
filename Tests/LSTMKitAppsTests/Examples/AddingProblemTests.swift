import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct AddingProblemTests {
    @Test func batchHasTwoMarkersAndTheirSum() {
        let (x, y): (Tensor<Double>, Tensor<Double>) = AddingProblem.batch(steps: 10, batchSize: 3, rng: RandomSource(seed: 1))
        #expect(x.shape == [10, 3, 2])
        for b in 0..<3 {
            let markers = (0..<10).filter { x[$0, b, 1] == 1 }
            #expect(markers.count == 2)
            #expect(markers[0] < 5 && markers[1] >= 5)
            #expect(Swift.abs(y[b, 0] - markers.reduce(0) { $0 + x[$1, b, 0] }) < 1e-12)
        }
    }

    /// The long-memory witness of the recurrent core: with seed 0, an LSTM (H = 32, Adam 0.01, batches of
    /// 32) learns the adding problem at T = 50 within 1,000 iterations, far below the 0.167 baseline of
    /// predicting the mean (measured: test MSE ~ 0.0005; the loss leaves the baseline around iteration 800).
    @Test func lstmLearnsTheAddingProblem() {
        let result = AddingProblem.train(model: .lstm, steps: 50, iterations: 1000, seed: 0)
        #expect(result.testMSE < 0.01, "test MSE \(result.testMSE)")
    }
}
