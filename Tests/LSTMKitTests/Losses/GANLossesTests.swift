import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The GAN losses: their values from the definition, and finite-difference gradchecks of both.
@Suite struct GANLossesTests {
    func logSigmoid(_ x: Double) -> Double { -Foundation.log(1 + Foundation.exp(-x)) }

    @Test func valuesFollowTheDefinition() {
        let real = Tensor<Double>(shape: [3, 2, 1], scalars: [0.3, -1.2, 2.0, 0.1, -0.4, 1.5])
        let fake = Tensor<Double>(shape: [3, 2, 1], scalars: [-0.7, 0.9, -2.2, 0.0, 1.1, -0.3])
        let expectedD = -real.scalars.map(logSigmoid).reduce(0, +) / 6 - fake.scalars.map { logSigmoid(-$0) }.reduce(0, +) / 6
        let expectedG = -fake.scalars.map(logSigmoid).reduce(0, +) / 6
        #expect(Swift.abs(discriminatorLoss(realLogits: real, fakeLogits: fake).item - expectedD) < 1e-12)
        #expect(Swift.abs(generatorLoss(fakeLogits: fake).item - expectedG) < 1e-12)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let real = randomTensor([3, 2, 1], seed: 1, low: -2, high: 2)
        let fake = randomTensor([3, 2, 1], seed: 2, low: -2, high: 2)
        expectGradientsMatch([real, fake]) { discriminatorLoss(realLogits: $0[0], fakeLogits: $0[1]) }
        expectGradientsMatch([fake]) { generatorLoss(fakeLogits: $0[0]) }
    }
}
