import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Max and average pooling: the fast path against the reference from differentiable ops (forward and
/// gradient, tied data included), finite differences, and hand-computed values. PyTorch: ConvolutionFixtureTests.
@Suite struct PoolingTests {
    struct Config: CustomStringConvertible, Sendable {
        var shape = [2, 3, 6, 5], kernel: Size2D = 2, stride: Size2D? = nil, padding: Size2D = 0
        var description: String { "\(shape) k\(kernel) s\(stride.map { "\($0)" } ?? "k") p\(padding)" }
    }

    static let configs: [Config] = [
        Config(),
        Config(shape: [2, 2, 7, 6], kernel: 3, stride: 2, padding: 1),
        Config(shape: [1, 3, 5, 7], kernel: Size2D(3, 2), stride: Size2D(1, 2)),
        Config(shape: [2, 1, 5, 6], kernel: 3, stride: 1, padding: Size2D(1, 0)),
        Config(shape: [3, 2, 1, 9], kernel: Size2D(1, 3), stride: Size2D(1, 2), padding: Size2D(0, 1)),
    ]

    @Test(arguments: configs, [true, false])
    func fastMatchesReference(_ c: Config, _ max: Bool) {
        // Tie-free data, and small integers (ties in nearly every window).
        let ties = Tensor(shape: c.shape, scalars: randomTensor(c.shape, seed: 2, low: -2, high: 3).scalars.map { $0.rounded(.down) })
        for x in [randomTensor(c.shape, seed: 1), ties] {
            let fast: ([Tensor<Double>]) -> Tensor<Double> = { v in
                max ? maxPool2d(v[0], kernel: c.kernel, stride: c.stride, padding: c.padding)
                    : avgPool2d(v[0], kernel: c.kernel, stride: c.stride, padding: c.padding)
            }
            let reference: ([Tensor<Double>]) -> Tensor<Double> = { v in
                pool2dReference(v[0], kernel: c.kernel, stride: c.stride, padding: c.padding, max: max)
            }
            let upstream = randomTensor(fast([x]).shape, seed: 3)
            let (yf, gf) = gradients(of: { (fast($0) * upstream).sum() }, at: [x])
            let (yr, gr) = gradients(of: { (reference($0) * upstream).sum() }, at: [x])
            expectClose(yf, yr, atol: 1e-12, rtol: 1e-12, "\(c) max \(max) loss")
            expectClose(gf[0], gr[0], atol: 1e-12, rtol: 1e-12, "\(c) max \(max) gradient")
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 2, 5, 6], seed: 4)
        expectGradientsMatch([x]) { v in maxPool2d(v[0], kernel: 3, stride: 2, padding: 1) }
        expectGradientsMatch([x]) { v in avgPool2d(v[0], kernel: Size2D(2, 3), stride: 1, padding: Size2D(1, 1)) }
        let x1 = randomTensor([2, 3, 7], seed: 5)
        expectGradientsMatch([x1]) { v in maxPool1d(v[0], kernel: 2) }
        expectGradientsMatch([x1]) { v in avgPool1d(v[0], kernel: 3, stride: 2, padding: 1) }
    }

    @Test func handComputedAndTies() {
        let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 5, 2,
                                                             5, 0, 3, 4])
        let y = maxPool2d(x.requiringGrad(), kernel: 2)
        #expect(y.scalars == [5, 5])
        // Ties: the first maximum in row-major window order (x[0, 1], then x[0, 2]) gets the whole gradient.
        let (_, g) = gradients(of: { maxPool2d($0[0], kernel: 2).sum() }, at: [x])
        #expect(g[0].scalars == [0, 1, 1, 0, 0, 0, 0, 0])
        #expect(avgPool2d(x, kernel: 2).scalars == [2.75, 3.5])
        // Padding counts in the average's divisor (count_include_pad), never wins the max.
        let x1 = Tensor<Double>(shape: [1, 1, 3], scalars: [-1, -2, -3])
        #expect(avgPool1d(x1, kernel: 2, padding: 1).scalars == [-0.5, -2.5])
        #expect(maxPool1d(x1, kernel: 2, padding: 1).scalars == [-1, -2])
    }

    @Test func badSizesAreNamed() async {
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = maxPool1d(Tensor<Float>.zeros([1, 2, 8]), kernel: 2, padding: 2)
        }
        #expect(stderrText(r1).contains(
            "maxPool1d: padding 2 must be at most half the kernel size 2"))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = avgPool2d(Tensor<Float>.zeros([1, 2, 3, 8]), kernel: 4)
        }
        #expect(stderrText(r2).contains(
            "avgPool2d: the kernel spans 4 x 4 (kernel 4, dilation 1), larger than the padded input 3 x 8"))
    }
}
