import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The Conv1D/Conv2D and pooling modules: PyTorch parameter names and shapes, PyTorch's init bound, the
/// functional op they call.
@Suite struct ConvLayersTests {
    @Test func parameterNamesShapesAndInit() {
        let conv = Conv2D<Double>(inChannels: 4, outChannels: 6, kernelSize: Size2D(3, 2), groups: 2,
                                  rng: RandomSource(seed: 1))
        #expect(conv.namedParameters().map(\.path) == ["weight", "bias"])
        #expect(conv.namedParameters().map(\.parameter.shape) == [[6, 2, 3, 2], [6]])
        let bound = 1 / Double(2 * 3 * 2).squareRoot()   // fanIn = Cin / groups * kH * kW
        let w = conv.weight.data.scalars
        #expect(w.allSatisfy { abs($0) <= bound } && w.max()! > 0.8 * bound && w.min()! < -0.8 * bound)
        let conv1 = Conv1D<Float>(inChannels: 3, outChannels: 5, kernelSize: 4, bias: false, rng: RandomSource(seed: 2))
        #expect(conv1.namedParameters().map(\.path) == ["weight"])
        #expect(conv1.weight.shape == [5, 3, 4])
        #expect(MaxPool2D<Float>(kernelSize: 2).namedParameters().isEmpty)
    }

    @Test func modulesCallTheFunctionalOps() {
        let x = randomTensor([2, 3, 8], seed: 3)
        let c1 = Conv1D<Double>(inChannels: 3, outChannels: 4, kernelSize: 3, padding: .same, rng: RandomSource(seed: 4))
        expectClose(c1(x), conv1d(x, weight: c1.weight.data, bias: c1.bias!.data, padding: .same), atol: 0, rtol: 0)
        #expect(c1(x).shape == [2, 4, 8])
        #expect(MaxPool1D<Double>(kernelSize: 2)(x).shape == [2, 3, 4])
        #expect(AvgPool1D<Double>(kernelSize: 3, stride: 1, padding: 1)(x).shape == [2, 3, 8])
        let x2 = randomTensor([1, 2, 5, 6], seed: 5)
        let c2 = Conv2D<Double>(inChannels: 2, outChannels: 3, kernelSize: 3, stride: 2, padding: 1, rng: RandomSource(seed: 6))
        expectClose(c2(x2), conv2d(x2, weight: c2.weight.data, bias: c2.bias!.data, stride: 2, padding: 1), atol: 0, rtol: 0)
        #expect(MaxPool2D<Double>(kernelSize: 2)(x2).shape == [1, 2, 2, 3])
        #expect(AvgPool2D<Double>(kernelSize: Size2D(1, 3))(x2).shape == [1, 2, 5, 2])
    }

    /// The API example of docs/convolution.md, its shapes as the comments say.
    @Test func docsExample() {
        let rng = RandomSource(seed: 0)
        let conv = Conv2D<Float>(inChannels: 3, outChannels: 8, kernelSize: 3, padding: .same, rng: rng)
        let pool = MaxPool2D<Float>(kernelSize: 2)
        let x = Tensor<Float>.randomUniform([2, 3, 16, 16], low: -1, high: 1, using: rng)
        let y = pool(relu(conv(x)))
        #expect(y.shape == [2, 8, 8, 8])
        let w = Tensor<Float>.randomUniform([16, 3, 3, 3], low: -0.1, high: 0.1, using: rng)
        let z = conv2d(x, weight: w, bias: nil, padding: .same)
        #expect(z.shape == [2, 16, 16, 16])
        let s = conv1d(Tensor<Float>.ones([4, 6, 128]), weight: Tensor<Float>.ones([64, 6, 5]), padding: .same)
        #expect(s.shape == [4, 64, 128] && s[0, 0, 0] == 18 && s[0, 0, 5] == 30)
    }
}
