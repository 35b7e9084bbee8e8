import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ActivationsTests {
    let x = randomTensor([2, 3, 4], seed: 1) * 3

    @Test func layersMatchTheirFunctions() {
        #expect(Tanh<Double>()(x).scalars == tanh(x).scalars)
        #expect(Sigmoid<Double>()(x).scalars == sigmoid(x).scalars)
        #expect(ReLU<Double>()(x).scalars == relu(x).scalars)
        #expect(LeakyReLU<Double>()(x).scalars == leakyRelu(x, slope: 0.01).scalars)
        #expect(LeakyReLU<Double>(slope: 0.2)(x).scalars == leakyRelu(x, slope: 0.2).scalars)
        #expect(Softplus<Double>()(x).scalars == softplus(x).scalars)
        #expect(Softmax<Double>(axis: 1)(x).scalars == softmax(x, axis: 1).scalars)
        #expect(LogSoftmax<Double>(axis: -1)(x).scalars == logSoftmax(x, axis: -1).scalars)
    }

    @Test func handComputedValues() {
        let v = Tensor<Double>([-2, 0, 1])
        expectClose(ReLU<Double>()(v), Tensor([0, 0, 1]))
        expectClose(LeakyReLU<Double>(slope: 0.1)(v), Tensor([-0.2, 0, 1]))
        expectClose(Sigmoid<Double>()(v), Tensor([1 / (1 + exp(2.0)), 0.5, 1 / (1 + exp(-1.0))]))
        expectClose(Softplus<Double>()(v), Tensor([log(1 + exp(-2.0)), log(2.0), log(1 + exp(1.0))]))
        let total = exp(-2.0) + 1 + exp(1.0)
        expectClose(Softmax<Double>()(v), Tensor([exp(-2.0) / total, 1 / total, exp(1.0) / total]))
        expectClose(LogSoftmax<Double>()(v), Tensor([-2 - log(total), -log(total), 1 - log(total)]))
        expectClose(Softmax<Double>(axis: 0)(x).sum(axis: 0), .ones([3, 4]), atol: 1e-12)
    }

    @Test func gradients() {
        let layers: [any Layer<Double>] = [Tanh(), Sigmoid(), ReLU(), LeakyReLU(slope: 0.3), Softplus(),
                                           Softmax(axis: 1), LogSoftmax(axis: 0)]
        for layer in layers {
            expectGradientsMatch([x]) { xs in layer(xs[0]) }
        }
    }

    @Test func noParametersAndModes() {
        let layers: [any Layer<Float>] = [Tanh(), Sigmoid(), ReLU(), LeakyReLU(), Softplus(), Softmax(),
                                          LogSoftmax()]
        for layer in layers {
            #expect(layer.namedParameters().isEmpty)
            #expect(layer.isTraining)
            layer.eval()
            #expect(!layer.isTraining)
        }
        #expect(LeakyReLU<Float>().slope == 0.01)
        #expect(Softmax<Float>().axis == -1 && LogSoftmax<Float>(axis: 2).axis == 2)
    }
}
