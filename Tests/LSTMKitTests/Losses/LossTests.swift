import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The shared pieces in Losses/Loss.swift: reductions and the finite-value check.
@Suite struct LossTests {
    @Test func reductions() {
        let losses = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(reduce(losses, .mean, "test").item == 3.5)
        #expect(reduce(losses, .sum, "test").item == 21)
        #expect(reduce(losses, .none, "test").scalars == losses.scalars)
        #expect(reduce(losses, .none, "test").shape == [2, 3])
    }

    @Test func finiteValuesPass() {
        checkFinite(Tensor<Float>([1, -2, 0]), "x", "test")
        checkFinite(Tensor<Float>([0, -.infinity]), "x", "test", allowNegativeInfinity: true)
    }

    @Test func nonFiniteValueStopsNamingItsIndex() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var x = Tensor<Float>.zeros([2, 3, 4])
            x[1, 2, 0] = .infinity
            x[1, 2, 3] = .nan
            checkFinite(x, "prediction", "someLoss")
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("someLoss: prediction has the non-finite value inf at index [1, 2, 0] (shape [2, 3, 4])"))
    }

    @Test func meanOfNothingStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = mseLoss(Tensor<Float>.zeros([0, 3]), Tensor<Float>.zeros([0, 3]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("mseLoss: mean reduction over an empty tensor of shape [0, 3]"))
    }
}
