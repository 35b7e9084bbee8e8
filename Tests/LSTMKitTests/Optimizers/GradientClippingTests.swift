import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct GradientClippingTests {
    /// Parameters with gradients `grads` (nil: no gradient).
    func withGradients(_ grads: [[Double]?]) -> [Parameter<Double>] {
        grads.map { g in
            let p = Parameter(Tensor<Double>.zeros([g?.count ?? 1]))
            p.grad = g.map { Tensor($0) }
            return p
        }
    }

    @Test func l2NormScalesEveryGradient() {
        // total = sqrt(3^2 + 4^2 + 0^2) = 5; coef = 1 / (5 + 1e-6)
        let ps = withGradients([[3, 4], [0], nil])
        let total = clipGradientNorm(ps, maxNorm: 1)
        #expect(total == 5)
        let c = 1 / (5 + 1e-6)
        expectClose(ps[0].grad!, Tensor([3 * c, 4 * c]), atol: 1e-15)
        expectClose(ps[1].grad!, Tensor([0]), atol: 0)
        #expect(ps[2].grad == nil)
        // After clipping the norm is maxNorm (to within the 1e-6 guard).
        #expect(Swift.abs(clipGradientNorm(ps, maxNorm: 100) - 1) < 1e-6)
    }

    @Test func smallNormIsLeftAlone() {
        let ps = withGradients([[3, 4]])
        #expect(clipGradientNorm(ps, maxNorm: 10) == 5)
        #expect(ps[0].grad!.scalars == [3, 4])
    }

    @Test func otherNorms() {
        // inf: max |g| = 7, coef = 3.5 / (7 + 1e-6)
        var ps = withGradients([[1, -7], [3]])
        #expect(clipGradientNorm(ps, maxNorm: 3.5, normType: .infinity) == 7)
        let c = 3.5 / (7 + 1e-6)
        expectClose(ps[0].grad!, Tensor([c, -7 * c]), atol: 1e-15)
        expectClose(ps[1].grad!, Tensor([3 * c]), atol: 1e-15)
        // 1: 1 + 7 + 3 = 11
        ps = withGradients([[1, -7], [3]])
        #expect(clipGradientNorm(ps, maxNorm: 100, normType: 1) == 11)
        // 3: (1 + 8)^(1/3)
        ps = withGradients([[1], [-2]])
        #expect(Swift.abs(clipGradientNorm(ps, maxNorm: 100, normType: 3) - Foundation.pow(9, 1.0 / 3)) < 1e-14)
    }

    @Test func nanGradientsGiveANanNorm() {
        for normType in [1, 2, 3, Double.infinity] {
            #expect(gradientNorm([[1.0, 5], [Double.nan, 2], [7]], normType: normType).isNaN, "\(normType)")
        }
        #expect(gradientNorm([[1.0, -5], [2]], normType: .infinity) == 5)
    }

    @Test func noGradientsGiveZero() {
        #expect(clipGradientNorm(withGradients([nil, nil]), maxNorm: 1) == 0)
    }

    @Test func floatGradientsAreClippedToo() {
        let p = Parameter(Tensor<Float>.zeros([2]))
        p.grad = Tensor([30, 40])
        #expect(clipGradientNorm([p], maxNorm: 5) == 50)
        expectClose(p.grad!, Tensor<Float>([3, 4]), atol: 1e-5)
    }

    @Test func valueClipping() {
        let ps = withGradients([[-3, 0.5, 2], nil])
        clipGradientValue(ps, maxValue: 1)
        #expect(ps[0].grad!.scalars == [-1, 0.5, 1])
        #expect(ps[1].grad == nil)
    }

    @Test func nonFiniteNormIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let p = Parameter(Tensor<Float>.zeros([2]))
            p.grad = Tensor([1, .infinity])
            clipGradientNorm([p], maxNorm: 1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("clipGradientNorm: the total gradient norm is inf"))
        #expect(text.contains("lower learning rate"))
    }
}
