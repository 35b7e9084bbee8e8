import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct ForecastTransformTests {
    /// 40 steps of growth times a season of 4.
    let y: [Double] = (0..<40).map { (t: Int) -> Double in
        let trend: Double = 1 + 0.02 * Double(t), season: Double = 1 + 0.1 * Double(t % 4)
        return 100 * trend * season
    }

    @Test func invertUndoesLogAndBothDifferences() {
        let transform = ForecastTransform(log: true, lags: [1, 4])
        let u = transform.apply(y)
        #expect(transform.warmUp == 5)
        let leading = u[0..<5].filter { !$0.isNaN }
        #expect(leading.isEmpty && !u[5].isNaN)
        for origin in [5, 12, 30] {
            let back = transform.invert(Array(u[(origin + 1)...(origin + 6)]), origin: origin, history: y)
            expectClose(Tensor(back), Tensor(Array(y[(origin + 1)...(origin + 6)])), atol: 1e-9, rtol: 1e-9)
        }
    }

    @Test func invertReadsOnlyTheHistoryUpToTheOrigin() {
        let transform = ForecastTransform(lags: [4])
        var changed = y
        for t in 21..<changed.count { changed[t] = -999 }      // the future must not matter
        let d: [Double] = [1, 2, 3, 4, 5, 6]
        #expect(transform.invert(d, origin: 20, history: y) == transform.invert(d, origin: 20, history: changed))
        // x[21] = d + x[17], ..., x[25] = d[4] + x[21] (reconstructed), as the inverse seasonal difference.
        let back = transform.invert(d, origin: 20, history: y)
        #expect(back[0] == 1 + y[17] && back[4] == 5 + back[0])
    }

    @Test func baselines() {
        let y: [Double] = [1, 2, 3, 4, 5, 6]
        #expect(ForecastBaselines.naive(y, origin: 3, horizon: 2) == [4, 4])
        #expect(ForecastBaselines.seasonalNaive(y, origin: 3, horizon: 3, season: 2) == [3, 4, 3])
        #expect(ForecastBaselines.seasonalNaive(y, origin: 5, horizon: 5, season: 3) == [4, 5, 6, 4, 5])
    }

    @Test func seasonalNaiveNeedsOneSeasonOfHistory() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ForecastBaselines.seasonalNaive([1, 2, 3], origin: 1, horizon: 1, season: 4)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("fewer than one season"))
    }
}
