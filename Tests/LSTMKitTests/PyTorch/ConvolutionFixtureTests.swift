import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Convolution and pooling against PyTorch (Fixtures/conv.json, from Tools/fixtures/conv.py): output and the
/// gradients for input, weight and bias, in Double (1e-10) and Float (1e-5). The max-pooling "ties" cases
/// check the tie rule (the first maximum of a window gets the gradient) against PyTorch's CPU kernel.
@Suite struct ConvolutionFixtureTests {
    static let file: FunctionFixtureFile? = try? Fixtures.load("conv")

    @Test func fileLoadsAndCoversEveryOp() throws {
        let file = try Fixtures.load("conv", as: FunctionFixtureFile.self)
        #expect(file.torch_version.hasPrefix("2."))
        #expect(Set(file.cases.map(\.op)) ==
                ["conv1d", "conv2d", "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d"])
        #expect(file.cases.contains { $0.name.contains("ties") })
    }

    @Test(arguments: ConvolutionFixtureTests.file?.cases.map(\.name) ?? [])
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.named(name))
        checkFunctionCase(fixture, .float64, Double.self) { applyConvolutionOp(fixture.op, fixture.parameters, $0) }
        checkFunctionCase(fixture, .float32, Float.self) { applyConvolutionOp(fixture.op, fixture.parameters, $0) }
    }
}

/// The LSTMKit call for each op of conv.json (the PyTorch side is `FUNCTIONS` in Tools/fixtures/conv.py).
func applyConvolutionOp<S: TensorScalar>(_ op: String, _ p: FixtureParams, _ x: [Tensor<S>]) -> [Tensor<S>] {
    /// A PyTorch int or [h, w] as a Size2D.
    func size(_ key: String) -> Size2D {
        if case .number? = p.values[key] { let v = p.int(key); return Size2D(v, v) }
        let v = p.ints(key)
        return v.count == 2 ? Size2D(v[0], v[1]) : Size2D(0, 0)
    }
    func padding() -> ConvPadding {
        if case .string(let s)? = p.values["padding"], s == "same" { return .same }
        return .explicit(size("padding"))
    }
    let bias = x.count > 2 ? x[2] : nil
    switch op {
    case "conv2d":
        return [conv2d(x[0], weight: x[1], bias: bias, stride: size("stride"), padding: padding(),
                       dilation: size("dilation"), groups: p.int("groups"))]
    case "conv1d":
        return [conv1d(x[0], weight: x[1], bias: bias, stride: p.int("stride"), padding: padding(),
                       dilation: p.int("dilation"), groups: p.int("groups"))]
    case "max_pool2d":
        return [maxPool2d(x[0], kernel: size("kernel"), stride: size("stride"), padding: size("padding"))]
    case "avg_pool2d":
        return [avgPool2d(x[0], kernel: size("kernel"), stride: size("stride"), padding: size("padding"))]
    case "max_pool1d":
        return [maxPool1d(x[0], kernel: p.int("kernel"), stride: p.int("stride"), padding: p.int("padding"))]
    case "avg_pool1d":
        return [avgPool1d(x[0], kernel: p.int("kernel"), stride: p.int("stride"), padding: p.int("padding"))]
    default:
        Issue.record("conv.json: unknown op '\(op)'")
        return []
    }
}
