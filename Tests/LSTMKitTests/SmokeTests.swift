import Testing
@testable import LSTMKit

@Test func addBroadcastGradient() {
    expectGradientsMatch([randomTensor([2, 3], seed: 1), randomTensor([3], seed: 2)]) { x in
        tanh(x[0] * x[1] + x[1]) / (x[0] * x[0] + 1)
    }
}

@Test func backwardTwiceFails() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let x = Tensor<Double>([1, 2]).requiringGrad()
        let y = (x * x).sum()
        y.backward()
        y.backward()
    }
}
