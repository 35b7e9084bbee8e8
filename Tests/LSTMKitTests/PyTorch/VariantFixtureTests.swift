import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// HyperLSTM, Grid LSTM and ConvLSTM against PyTorch modules written from the same equations (Fixtures/variants.json,
/// from Tools/fixtures/variants.py; PyTorch ships neither): outputs and the gradients of
/// sum(output * upstream) for every input and parameter, in Double (1e-10) and Float (1e-5).
@Suite struct VariantFixtureTests {
    struct VariantCase: Decodable, Sendable {
        struct Record: Decodable, Sendable {
            let inputs: [String: FixtureTensor]
            let parameters: [String: FixtureTensor]
            let outputs: [String: FixtureTensor]
            let upstream: [String: FixtureTensor]
            let parameterGrads: [String: FixtureTensor]
            let inputGrads: [String: FixtureTensor]
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
        let cases: [VariantCase]
    }

    static let file: File? = try? Fixtures.load("variants")

    @Test func fileLoadsAndCoversEveryLayer() throws {
        let file = try Fixtures.load("variants", as: File.self)
        #expect(file.torch_version.hasPrefix("2."))
        #expect(Set(file.cases.map(\.layer)) == ["hyper_lstm", "grid_block", "depth_grid", "grid_2d", "conv_lstm"])
    }

    @Test(arguments: VariantFixtureTests.file?.cases.map(\.name) ?? [])
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.cases.first { $0.name == name })
        check(fixture, .float64, Double.self)
        check(fixture, .float32, Float.self)
    }

    /// Builds the module, loads the weights, runs forward on the named inputs and compares outputs and gradients.
    func check<S: TensorScalar>(_ fixture: VariantCase, _ precision: Precision, _: S.Type) {
        let record = precision == .float64 ? fixture.float64 : fixture.float32
        let c = fixture.parameters
        let label = "\(fixture.name) [\(precision.rawValue)]"
        let tol = precision.tolerance
        let rng = RandomSource(seed: 0)
        let module: any Module<S>
        let forward: ([String: Tensor<S>]) -> [String: Tensor<S>]
        switch fixture.layer {
        case "hyper_lstm":
            let cell = HyperLSTMCell<S>(inputSize: c.int("inputSize"), hiddenSize: c.int("hiddenSize"),
                                        hyperSize: c.int("hyperSize"), embeddingSize: c.int("embeddingSize"), rng: rng)
            module = cell
            forward = { v in
                let out = Recurrent(cell)(v["x"]!, initialState: HyperLSTMState(
                    h: v["h0"]!, c: v["c0"]!, hyperH: v["hyperH0"]!, hyperC: v["hyperC0"]!))
                let s = out.finalState
                return ["outputs": out.outputs, "h": s.h, "c": s.c, "hyperH": s.hyperH, "hyperC": s.hyperC]
            }
        case "grid_block":
            let n = c.int("dimensionCount")
            let block = GridLSTMBlock<S>(dimensionCount: n, hiddenSize: c.int("hiddenSize"), rng: rng)
            module = block
            forward = { v in
                let r = block(hidden: (0..<n).map { v["h\($0)"]! }, memory: (0..<n).map { v["m\($0)"]! })
                var out: [String: Tensor<S>] = [:]
                for k in 0..<n { (out["h\(k)"], out["m\(k)"]) = (r.hidden[k], r.memory[k]) }
                return out
            }
        case "depth_grid":
            let net = DepthGridLSTM<S>(inputSize: c.int("inputSize"), hiddenSize: c.int("hiddenSize"),
                                       layerCount: c.int("layerCount"), outputSize: c.int("outputSize"),
                                       tied: c.bool("tied"), rng: rng)
            module = net
            forward = { v in ["logits": net(v["x"]!)] }
        case "grid_2d":
            let net = GridLSTM2D<S>(channels: c.int("channels"), imageHeight: c.int("imageHeight"),
                                    imageWidth: c.int("imageWidth"), patchHeight: c.int("patchHeight"),
                                    patchWidth: c.int("patchWidth"), hiddenSize: c.int("hiddenSize"),
                                    layerCount: c.int("layerCount"), outputSize: c.int("outputSize"), rng: rng)
            module = net
            forward = { v in ["logits": net(v["images"]!)] }
        case "conv_lstm":
            let hidden = c.ints("hiddenChannels")
            let net = ConvLSTM<S>(inputChannels: c.int("inputChannels"), hiddenChannels: hidden,
                                  kernelSize: c.int("kernelSize"),
                                  peepholeFrameSize: c.bool("peepholes") ? Size2D(c.int("height"), c.int("width")) : nil,
                                  rng: rng)
            module = net
            forward = { v in
                let r = net(v["x"]!)
                var out = ["outputs": r.outputs]
                for (l, s) in r.finalStates.enumerated() { out["c\(l)"] = s.c }
                return out
            }
        default:
            Issue.record("variants.json: unknown layer '\(fixture.layer)'")
            return
        }

        let named = Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.path, $0.parameter) })
        #expect(Set(named.keys) == Set(record.parameters.keys),
                "\(label): parameters \(named.keys.sorted()), the fixture has \(record.parameters.keys.sorted())")
        for (path, value) in record.parameters { named[path]?.data = value.tensor() }

        let inputs = record.inputs.mapValues { $0.tensor(S.self).requiringGrad() }
        let outputs = forward(inputs)
        #expect(Set(outputs.keys) == Set(record.outputs.keys), "\(label): outputs")
        var total = Tensor<S>(0)
        for (n, u) in record.upstream.sorted(by: { $0.key < $1.key }) {
            if let o = outputs[n] { total = total + (o * u.tensor()).sum() }
        }
        total.backward()
        for (n, expected) in record.outputs {
            guard let actual = outputs[n] else { continue }
            expectClose(actual.detached(), expected.tensor(), atol: tol, rtol: tol, "\(label) output \(n)")
        }
        for (n, expected) in record.inputGrads {
            guard let grad = inputs[n]?.grad else {
                Issue.record("\(label): no gradient for input \(n)")
                continue
            }
            expectClose(grad, expected.tensor(), atol: tol, rtol: tol, "\(label) gradient of \(n)")
        }
        for (path, expected) in record.parameterGrads {
            guard let grad = named[path]?.grad else {
                Issue.record("\(label): no gradient for \(path)")
                continue
            }
            expectClose(grad, expected.tensor(), atol: tol, rtol: tol, "\(label) gradient of \(path)")
        }
    }
}
