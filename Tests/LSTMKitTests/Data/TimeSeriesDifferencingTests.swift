import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TimeSeriesDifferencingTests {
    let squares = [1.0, 4, 9, 16, 25]

    @Test func differenceValues() {
        #expect(squares.difference() == [3, 5, 7, 9])
        #expect(squares.difference(lag: 2) == [8, 12, 16])
        #expect(squares.seasonalDifference(period: 3) == [15, 21])
        #expect(squares.difference(lag: 5).isEmpty)
        let multi = Tensor<Double>(rows: [[1, 10], [2, 30], [4, 60]])      // [N, F]
        #expect(multi.difference().shape == [2, 2])
        #expect(multi.difference().scalars == [1, 20, 2, 30])
        #expect(multi.difference(lag: 7).shape == [0, 2])
    }

    @Test func inverseRoundTrip() {
        for lag in 1...3 {
            let d = squares.difference(lag: lag)
            let back = d.inverseDifference(lag: lag, initial: Array(squares.prefix(lag)))
            #expect(Array(squares.prefix(lag)) + back == squares)
        }
        let x = randomTensor([20, 3], seed: 9)
        let d = x.seasonalDifference(period: 4)
        let back = d.inverseSeasonalDifference(period: 4, initial: x.slice(axis: 0, 0..<4))
        expectClose(back, x.slice(axis: 0, 4..<20), atol: 1e-12)
    }

    @Test func airlineStyleDoubleDifferenceRoundTrip() {
        // Trend + period-12 seasonality, differenced with lag 1 then lag 12 (the airline model's d = D = 1).
        let x = Tensor<Double>((0..<48).map { t in 100 + 2 * Double(t) + 10 * sin(2 * Double.pi * Double(t) / 12) })
        let d1 = x.difference()
        let d2 = d1.seasonalDifference(period: 12)
        #expect(d2.shape == [35])
        #expect(d2.scalars.allSatisfy { Swift.abs($0) < 1e-9 })          // trend and season fully removed
        let back1 = d2.inverseSeasonalDifference(period: 12, initial: d1.slice(axis: 0, 0..<12))
        let fullD1 = Tensor.concat([d1.slice(axis: 0, 0..<12), back1], axis: 0)
        let back0 = fullD1.inverseDifference(initial: x.slice(axis: 0, 0..<1))
        expectClose(back0, x.slice(axis: 0, 1..<48), atol: 1e-9)
    }

    @Test func forecastContinuationUsesTheLastKnownValues() {
        let x = [1.0, 2, 4, 7]
        // Predicted differences after the end: +4, +5 -> 11, 16.
        #expect([4.0, 5].inverseDifference(initial: [x.last!]) == [11, 16])
        // Seasonal (period 2) continuation from the last two values.
        #expect([1.0, 1, 1].inverseSeasonalDifference(period: 2, initial: [4, 7]) == [5, 8, 6])
    }

    @Test func differenceIsDifferentiable() {
        let weights = randomTensor([4, 2], seed: 2)
        expectGradientsMatch([randomTensor([6, 2], seed: 1)]) { xs in (xs[0].difference(lag: 2) * weights).sum() }
    }

    @Test func wrongInitialShapeStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([5, 2]).inverseDifference(lag: 2, initial: Tensor<Double>.zeros([2, 3]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("inverseDifference: initial values have shape [2, 3], expected [2, 2]"))
    }
}
