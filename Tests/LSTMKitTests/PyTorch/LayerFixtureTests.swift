import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Layers against PyTorch with the same weights (Fixtures/layers.json, from Tools/fixtures/layers.py):
/// output, input gradient and every parameter gradient, in Double (1e-10) and Float (1e-5). Parameter names
/// must match the PyTorch `state_dict` names.
@Suite struct LayerFixtureTests {
    struct LayerCase: Decodable, Sendable {
        struct Record: Decodable, Sendable {
            let input: FixtureTensor?
            let parameters: [String: FixtureTensor]
            let output: FixtureTensor
            let upstream: FixtureTensor
            let inputGrad: FixtureTensor?
            let parameterGrads: [String: FixtureTensor]
        }
        let name: String
        let layer: String
        private let config: FixtureParams
        let float64: Record
        let float32: Record

        var parameters: FixtureParams { FixtureParams(config.values, caseName: name) }
    }

    struct File: Decodable, Sendable {
        let torch_version: String
        let cases: [LayerCase]
    }

    static let file: File? = try? Fixtures.load("layers")

    @Test func fileLoadsAndCoversEveryLayer() throws {
        let file = try Fixtures.load("layers", as: File.self)
        #expect(file.torch_version.hasPrefix("2."))
        #expect(Set(file.cases.map(\.layer)) == ["linear", "layer_norm", "embedding"])
    }

    @Test(arguments: LayerFixtureTests.file?.cases.map(\.name) ?? [])
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.cases.first { $0.name == name })
        check(fixture, .float64, Double.self)
        check(fixture, .float32, Float.self)
    }

    /// Builds the layer, loads PyTorch's weights, runs forward and `backward(seed: upstream)`, compares.
    func check<S: TensorScalar>(_ fixture: LayerCase, _ precision: Precision, _: S.Type) {
        let record = precision == .float64 ? fixture.float64 : fixture.float32
        let c = fixture.parameters
        let label = "\(fixture.name) [\(precision.rawValue)]"
        let tol = precision.tolerance
        let module: any Module<S>
        let forward: (Tensor<S>?) -> Tensor<S>
        switch fixture.layer {
        case "linear":
            let layer = Linear<S>(inputSize: c.int("inputSize"), outputSize: c.int("outputSize"),
                                  bias: c.bool("bias"), rng: RandomSource(seed: 0))
            (module, forward) = (layer, { layer($0!) })
        case "layer_norm":
            let layer = LayerNorm<S>(shape: c.ints("shape"), epsilon: S(c.double("epsilon")),
                                     elementwiseAffine: c.bool("elementwiseAffine"))
            (module, forward) = (layer, { layer($0!) })
        case "embedding":
            let layer = Embedding<S>(count: c.int("count"), dimension: c.int("dimension"),
                                     paddingIndex: c.optionalInt("paddingIndex"), rng: RandomSource(seed: 0))
            let (indices, shape) = (c.ints("indices"), c.ints("indicesShape"))
            (module, forward) = (layer, { _ in layer(indices, shape: shape) })
        default:
            Issue.record("layers.json: unknown layer '\(fixture.layer)'")
            return
        }

        let named = Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.path, $0.parameter) })
        #expect(Set(named.keys) == Set(record.parameters.keys),
                "\(label): parameters \(named.keys.sorted()), PyTorch has \(record.parameters.keys.sorted())")
        for (path, value) in record.parameters { named[path]?.data = value.tensor() }

        let x: Tensor<S>? = record.input.map { $0.tensor(S.self).requiringGrad() }
        let y = forward(x)
        expectClose(y.detached(), record.output.tensor(), atol: tol, rtol: tol, "\(label) output")
        y.backward(seed: record.upstream.tensor())

        if let expected = record.inputGrad {
            if let dx = x?.grad {
                expectClose(dx, expected.tensor(), atol: tol, rtol: tol, "\(label) input gradient")
            } else {
                Issue.record("\(label): no input gradient")
            }
        }
        for (path, expected) in record.parameterGrads.sorted(by: { $0.key < $1.key }) {
            guard let grad = named[path]?.grad else {
                Issue.record("\(label): no gradient for parameter \(path)")
                continue
            }
            expectClose(grad, expected.tensor(), atol: tol, rtol: tol, "\(label) gradient of \(path)")
        }
    }
}
