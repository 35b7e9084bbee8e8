import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct LinearSoftmaxTests {
    @Test func fusedPathEqualsTheReferenceForwardAndEveryGradient() {
        let h = randomTensor([4, 5], seed: 1, low: -2, high: 2)
        let (w, b) = (randomTensor([7, 5], seed: 2), randomTensor([7], seed: 3))
        let targets = [6, 0, 3, 6], upstream = randomTensor([4], seed: 4)
        func run(_ fused: Bool) -> [Tensor<Double>] {
            let (value, grads) = gradients(of: { v in
                let ll = fused ? linearSoftmaxLogLikelihood(v[0], weight: v[1], bias: v[2], targets: targets)
                    : logSoftmax(matmul(v[0], v[1], transposeB: true) + v[2], axis: 1)
                        .gather(axis: 1, indices: targets, indexShape: [4, 1]).reshaped([4])
                return (ll * upstream).sum()
            }, at: [h, w, b])
            return [value] + grads
        }
        for (k, (a, e)) in zip(run(true), run(false)).enumerated() { expectClose(a, e, atol: 1e-12, rtol: 1e-10, "result \(k)") }
        expectGradientsMatch([h, w, b]) { v in -linearSoftmaxLogLikelihood(v[0], weight: v[1], bias: v[2], targets: targets).mean() }
    }
}
