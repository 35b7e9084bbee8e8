import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Witness 2 for every differentiable op: PyTorch's forward and input gradients (Fixtures/ops.json, from
/// Tools/fixtures/ops.py), in Double (1e-10) and Float (1e-5).
@Suite struct OpsFixtureTests {
    static let file: FunctionFixtureFile? = try? Fixtures.load("ops")

    @Test func fileLoadsAndCoversEveryOp() throws {
        let file = try Fixtures.load("ops", as: FunctionFixtureFile.self)
        #expect(file.torch_version.hasPrefix("2."))
        #expect(file.command == "Tools/fixtures/generate.sh")
        let ops = Set(file.cases.map(\.op))
        let required: Set<String> = [
            "add", "sub", "mul", "div", "add_scalar", "sub_scalar", "mul_scalar", "div_scalar", "neg", "exp", "log",
            "tanh", "sigmoid", "relu", "leaky_relu", "softplus", "sqrt", "abs", "pow_scalar", "pow", "clamp",
            "where", "sum", "mean", "max", "min", "matmul", "reshape", "permute", "transpose", "slice", "concat",
            "stack", "split", "chunk", "index_select", "gather", "squeeze", "unsqueeze", "broadcast_to", "expand",
            "softmax", "log_softmax",
        ]
        #expect(required.subtracting(ops).isEmpty, "ops without a fixture: \(required.subtracting(ops).sorted())")
        #expect(ops.subtracting(required).isEmpty, "fixture ops this test does not know: \(ops.subtracting(required).sorted())")
    }

    @Test(arguments: OpsFixtureTests.file?.cases.map(\.name) ?? [])
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.named(name))
        checkFunctionCase(fixture, .float64, Double.self) { applyOp(fixture.op, fixture.parameters, $0) }
        checkFunctionCase(fixture, .float32, Float.self) { applyOp(fixture.op, fixture.parameters, $0) }
    }
}

/// The LSTMKit call for each fixture op (the PyTorch side is `FUNCTIONS` in Tools/fixtures/ops.py).
func applyOp<S: TensorScalar>(_ op: String, _ p: FixtureParams, _ x: [Tensor<S>]) -> [Tensor<S>] {
    switch op {
    case "add": return [x[0] + x[1]]
    case "sub": return [x[0] - x[1]]
    case "mul": return [x[0] * x[1]]
    case "div": return [x[0] / x[1]]
    // The scalar overloads (`x + 1.75`, `1.75 - x`), not a rank-0 tensor.
    case "add_scalar":
        let s = S(p.double("scalar"))
        return [p.bool("scalar_first") ? s + x[0] : x[0] + s]
    case "sub_scalar":
        let s = S(p.double("scalar"))
        return [p.bool("scalar_first") ? s - x[0] : x[0] - s]
    case "mul_scalar":
        let s = S(p.double("scalar"))
        return [p.bool("scalar_first") ? s * x[0] : x[0] * s]
    case "div_scalar":
        let s = S(p.double("scalar"))
        return [p.bool("scalar_first") ? s / x[0] : x[0] / s]
    case "neg": return [-x[0]]
    case "exp": return [exp(x[0])]
    case "log": return [log(x[0])]
    case "tanh": return [tanh(x[0])]
    case "sigmoid": return [sigmoid(x[0])]
    case "relu": return [relu(x[0])]
    case "leaky_relu": return [leakyRelu(x[0], slope: S(p.double("slope")))]
    case "softplus": return [softplus(x[0])]
    case "sqrt": return [sqrt(x[0])]
    case "abs": return [abs(x[0])]
    case "pow_scalar": return [pow(x[0], S(p.double("exponent")))]
    case "pow": return [pow(x[0], x[1])]
    case "clamp": return [clamp(x[0], min: S(p.double("min")), max: S(p.double("max")))]
    case "where": return [`where`(x[0], x[1], x[2])]
    case "sum", "mean":
        let mean = op == "mean"
        guard let axes = p.optionalInts("axes") else { return [mean ? x[0].mean() : x[0].sum()] }
        let keep = p.bool("keepdims")
        return [mean ? x[0].mean(axes: axes, keepDims: keep) : x[0].sum(axes: axes, keepDims: keep)]
    case "max", "min":
        let isMax = op == "max"
        guard let axis = p.optionalInt("axis") else { return [isMax ? x[0].max() : x[0].min()] }
        let keep = p.bool("keepdims")
        return [isMax ? x[0].max(axis: axis, keepDims: keep) : x[0].min(axis: axis, keepDims: keep)]
    case "matmul":
        return [matmul(x[0], x[1], transposeA: p.bool("transpose_a"), transposeB: p.bool("transpose_b"))]
    case "reshape": return [x[0].reshaped(p.ints("shape"))]
    case "permute": return [x[0].permuted(p.ints("axes"))]
    case "transpose":
        guard let axes = p.optionalInts("axes") else { return [x[0].transposed()] }
        return [x[0].transposed(axes[0], axes[1])]
    case "slice": return [x[0].slice(axis: p.int("axis"), p.int("start")..<p.int("end"))]
    case "concat": return [Tensor.concat(x, axis: p.int("axis"))]
    case "stack": return [Tensor.stack(x, axis: p.int("axis"))]
    case "split": return x[0].split(sizes: p.ints("sizes"), axis: p.int("axis"))
    case "chunk": return x[0].chunked(p.int("count"), axis: p.int("axis"))
    case "index_select": return [x[0].indexSelect(axis: p.int("axis"), p.ints("indices"))]
    case "gather":
        return [x[0].gather(axis: p.int("axis"), indices: p.ints("indices"), indexShape: p.ints("index_shape"))]
    case "squeeze": return [x[0].squeezed(p.int("axis"))]
    case "unsqueeze": return [x[0].unsqueezed(p.int("axis"))]
    case "broadcast_to", "expand": return [x[0].broadcast(to: p.ints("shape"))]
    case "softmax": return [softmax(x[0], axis: p.int("axis"))]
    case "log_softmax": return [logSoftmax(x[0], axis: p.int("axis"))]
    default:
        Issue.record("ops.json: unknown op '\(op)' (case \(p.caseName))")
        return []
    }
}
