import Foundation
import Testing
import LSTMKit
@testable import LSTMKitApps

/// `ESNSeriesForecast`: the forecast points are every (origin, step) of the test tail, the naive score is the
/// one worked out by hand, and an ESN continues a noiseless cycle far better than naive.
@Suite struct ESNSeriesForecastTests {
    @Test func originsPointsAndNaiveByHand() {
        // 0, 1, 4, 9, ..., 19^2: test tail of 5, horizon 2 -> origins 14, 15, 16, 17 (4 origins, 8 points).
        let x = (0..<20).map { Double($0 * $0) }
        let r = ESNSeriesForecast.evaluate(x, testSize: 5, horizon: 2, washout: 2,
                                           network: .init(reservoirSize: 10, sparsity: 0.5, ridge: 1e-6, seed: 1))
        #expect(r.origins == 4 && r.points == 8)
        var squares = 0.0
        for o in 14...17 { for k in 1...2 { squares += pow(x[o] - x[o + k], 2) } }
        #expect(abs(r.naiveRMSE - (squares / 8).squareRoot()) < 1e-12)
    }

    @Test func continuesACycleBetterThanNaive() {
        let x = (0..<600).map { 50 + 40 * sin(2 * Double.pi * Double($0) / 37) }
        let r = ESNSeriesForecast.evaluate(x, testSize: 120, horizon: 6, washout: 50,
                                           network: .init(reservoirSize: 60, ridge: 1e-8, seed: 2))
        #expect(r.origins == 115 && r.points == 690)
        #expect(r.rmse < r.naiveRMSE / 50, "RMSE \(r.rmse), naive \(r.naiveRMSE)")
        #expect(r.mae <= r.rmse)
    }
}
