import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// conv2d / conv1d: the fast path (im2col + GEMM, hand-written backward) against the reference from
/// differentiable ops (forward and every gradient), against a naive loop written from the doc equation,
/// and against finite differences in Double. PyTorch: ConvolutionFixtureTests.
@Suite struct ConvolutionTests {
    /// One convolution configuration; sizes pairwise distinct so a swapped axis cannot pass.
    struct Config: CustomStringConvertible, Sendable {
        var b = 2, cin = 3, h = 5, w = 6, cout = 4, kh = 3, kw = 2
        var stride: Size2D = 1, padding: ConvPadding = .valid, dilation: Size2D = 1, groups = 1, bias = true
        var description: String {
            "B\(b) Cin\(cin) \(h)x\(w) Cout\(cout) k\(kh)x\(kw) s\(stride) p\(padding) d\(dilation) g\(groups)" +
                (bias ? "" : " nobias")
        }
    }

    static let configs: [Config] = [
        Config(),
        Config(stride: 2),
        Config(stride: Size2D(2, 1), padding: .explicit(Size2D(1, 2))),
        Config(h: 7, w: 7, dilation: 2),
        Config(cin: 4, cout: 6, groups: 2),
        Config(b: 1, cin: 4, h: 6, w: 5, cout: 4, kh: 3, kw: 3, padding: 1, groups: 4),
        Config(kh: 3, kw: 4, padding: .same),
        Config(h: 6, w: 7, kh: 2, kw: 3, padding: .same, dilation: 2),
        Config(b: 3, cin: 1, h: 1, w: 7, cout: 2, kh: 1, kw: 3, stride: 3, padding: 1, bias: false),
        Config(b: 2, cin: 2, h: 4, w: 3, cout: 3, kh: 4, kw: 3),   // kernel = the whole input: 1 x 1 output
    ]

    func inputs(_ c: Config, seed: UInt64) -> [Tensor<Double>] {
        var t = [randomTensor([c.b, c.cin, c.h, c.w], seed: seed),
                 randomTensor([c.cout, c.cin / c.groups, c.kh, c.kw], seed: seed + 1)]
        if c.bias { t.append(randomTensor([c.cout], seed: seed + 2)) }
        return t
    }

    func fast<S: TensorScalar>(_ c: Config) -> ([Tensor<S>]) -> Tensor<S> {
        { v in conv2d(v[0], weight: v[1], bias: c.bias ? v[2] : nil, stride: c.stride, padding: c.padding,
                      dilation: c.dilation, groups: c.groups) }
    }

    func reference<S: TensorScalar>(_ c: Config) -> ([Tensor<S>]) -> Tensor<S> {
        { v in conv2dReference(v[0], weight: v[1], bias: c.bias ? v[2] : nil, stride: c.stride,
                               padding: c.padding, dilation: c.dilation, groups: c.groups) }
    }

    /// The doc comment's sum, one output element at a time.
    func naive(_ c: Config, _ x: Tensor<Double>, _ wt: Tensor<Double>, _ bias: Tensor<Double>?) -> Tensor<Double> {
        let g = ConvGeometry("naive", input: x.shape, kernel: Size2D(c.kh, c.kw), stride: c.stride,
                             padding: c.padding, dilation: c.dilation)
        var y = Tensor<Double>.zeros([c.b, c.cout, g.outHeight, g.outWidth])
        let (cinG, coutG) = (c.cin / c.groups, c.cout / c.groups)
        for b in 0..<c.b { for o in 0..<c.cout { for p in 0..<g.outHeight { for q in 0..<g.outWidth {
            var s = bias?[o] ?? 0
            for ci in 0..<cinG { for i in 0..<c.kh { for j in 0..<c.kw {
                let h = p * c.stride.height + i * c.dilation.height - g.padTop
                let w = q * c.stride.width + j * c.dilation.width - g.padLeft
                if h >= 0 && h < c.h && w >= 0 && w < c.w { s += wt[o, ci, i, j] * x[b, (o / coutG) * cinG + ci, h, w] }
            } } }
            y[b, o, p, q] = s
        } } } }
        return y
    }

    @Test(arguments: configs)
    func forwardMatchesTheNaiveSum(_ c: Config) {
        let v = inputs(c, seed: 10)
        let expected = naive(c, v[0], v[1], c.bias ? v[2] : nil)
        expectClose(fast(c)(v), expected, atol: 1e-12, rtol: 1e-12, "\(c) fast")
        expectClose(reference(c)(v), expected, atol: 1e-12, rtol: 1e-12, "\(c) reference")
    }

    @Test(arguments: configs)
    func fastMatchesReferenceForwardAndEveryGradient(_ c: Config) {
        func compare<S: TensorScalar>(_: S.Type, _ tol: Double) {
            let v = inputs(c, seed: 20).map { $0.converted(to: S.self) }
            let upstream = randomTensor(fast(c)(v).shape, seed: 30).converted(to: S.self)
            let (yf, gf) = gradients(of: { (fast(c)($0) * upstream).sum() }, at: v)
            let (yr, gr) = gradients(of: { (reference(c)($0) * upstream).sum() }, at: v)
            expectClose(yf, yr, atol: tol, rtol: tol, "\(c) loss")
            for (k, (a, e)) in zip(gf, gr).enumerated() {
                expectClose(a, e, atol: tol, rtol: tol, "\(c) gradient of input \(k) (x, weight, bias)")
            }
            #expect(gf.count == v.count)
        }
        compare(Double.self, 1e-12)
        compare(Float.self, 1e-5)
    }

    @Test func gradientsMatchFiniteDifferences() {
        for c in [Config(stride: 2, padding: 1), Config(cin: 4, cout: 2, dilation: 2, groups: 2),
                  Config(b: 1, kh: 2, kw: 3, padding: .same)] {
            expectGradientsMatch(inputs(c, seed: 40), fast(c))
        }
    }

    @Test func oneDimensionIsTwoDimensionsWithHeightOne() {
        let x = randomTensor([2, 3, 9], seed: 50), w = randomTensor([4, 3, 3], seed: 51), b = randomTensor([4], seed: 52)
        let y1 = conv1d(x, weight: w, bias: b, stride: 2, padding: 2, dilation: 2)
        let y2 = conv2d(x.reshaped([2, 3, 1, 9]), weight: w.reshaped([4, 3, 1, 3]), bias: b, stride: Size2D(1, 2),
                        padding: .explicit(Size2D(0, 2)), dilation: Size2D(1, 2))
        #expect(y1.shape == [2, 4, 5])   // floor((9 + 4 - 4 - 1) / 2) + 1
        expectClose(y1, y2.reshaped([2, 4, 5]), atol: 0, rtol: 0)
        #expect(conv1d(x, weight: w, padding: .same).shape == [2, 4, 9])
        #expect(conv1d(x, weight: randomTensor([4, 3, 4], seed: 53), padding: .same).shape == [2, 4, 9])
        let xg = randomTensor([1, 4, 6], seed: 54), wg = randomTensor([2, 2, 3], seed: 55)
        expectGradientsMatch([xg, wg, randomTensor([2], seed: 56)]) { v in
            conv1d(v[0], weight: v[1], bias: v[2], stride: 1, padding: 1, groups: 2)
        }
    }

    @Test func handComputedExample() {
        // x = [[1 2 3], [4 5 6], [7 8 9]], kernel [[1, 0], [0, -1]], bias 0.5: y[p, q] = x[p, q] - x[p+1, q+1] + 0.5.
        let x = Tensor<Float>(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
        let y = conv2d(x, weight: w, bias: Tensor([0.5]))
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.scalars == [-3.5, -3.5, -3.5, -3.5])
        // Stride 2 with padding 1: the output corners see the padded zeros.
        let y2 = conv2d(x, weight: Tensor<Float>.ones([1, 1, 2, 2]), stride: 2, padding: 1)
        #expect(y2.scalars == [1, 5, 11, 28])
    }

    @Test func shapesThatDoNotFitAreNamed() async {
        let r1 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor<Float>.zeros([1, 2, 3, 3]), weight: Tensor<Float>.zeros([4, 2, 5, 5]), padding: 0)
        }
        #expect(stderrText(r1).contains(
            "conv2d: the kernel spans 5 x 5 (kernel 5, dilation 1), larger than the padded input 3 x 3 " +
            "(input shape [1, 2, 3, 3], padding 0)"))
        let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv2d(Tensor<Float>.zeros([1, 3, 4, 4]), weight: Tensor<Float>.zeros([4, 3, 2, 2]), groups: 2)
        }
        #expect(stderrText(r2).contains(
            "conv2d: groups 2 must divide the input channels (3, input shape [1, 3, 4, 4])"))
        let r3 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv1d(Tensor<Float>.zeros([1, 3, 8]), weight: Tensor<Float>.zeros([4, 2, 3]))
        }
        #expect(stderrText(r3).contains(
            "conv1d: weight shape [4, 2, 3] expects 2 input channels (2 per group x 1 groups), input shape [1, 3, 8] has 3"))
        let r4 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = conv1d(Tensor<Float>.zeros([1, 3, 8]), weight: Tensor<Float>.zeros([4, 3, 3]), stride: 2, padding: .same)
        }
        #expect(stderrText(r4).contains(
            "conv1d: padding \"same\" needs stride 1, got stride 2"))
    }
}

/// The standard error of an exit test, as text.
func stderrText(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}
