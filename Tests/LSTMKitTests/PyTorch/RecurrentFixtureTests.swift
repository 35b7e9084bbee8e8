import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Recurrent layers against PyTorch with the same weights (Fixtures/recurrent.json, from
/// Tools/fixtures/recurrent.py): outputs, h_n, c_n and the gradients of
/// `sum(outputs * U) + sum(h_n * V) (+ sum(c_n * W))` with respect to the input, the initial state and every
/// weight, in Double (1e-10) and Float (1e-5).
///
/// `nn.RNN` / `nn.LSTM` / `nn.GRU` cases store PyTorch's parameter names, mapped with
/// `RecurrentStack.pytorchParameterNames()` (so the mapping is tested too); LSTM and GRU cases run through
/// both `.reference` and `.fused`. The peephole, CIFG and layer-norm LSTM cases come from PyTorch modules
/// written from the cells' doc-comment equations and store LSTMKit's own parameter paths.
@Suite struct RecurrentFixtureTests {
    /// What both precisions read: stored once as float64 (3 decimals); the float32 run rounds them to Float.
    struct Inputs: Decodable, Sendable {
        struct Upstream: Decodable, Sendable {
            let outputs: FixtureTensor
            let hN: FixtureTensor
            let cN: FixtureTensor?
        }
        let input: FixtureTensor                  // [T, B, D] ([B, T, D] with batchFirst)
        let h0: FixtureTensor?                    // [layers * directions, B, O]
        let c0: FixtureTensor?                    // [layers * directions, B, H]
        let parameters: [String: FixtureTensor]
        let upstream: Upstream
    }

    /// PyTorch's results in one precision.
    struct Record: Decodable, Sendable {
        let outputs: FixtureTensor
        let hN: FixtureTensor
        let cN: FixtureTensor?
        let inputGrad: FixtureTensor
        let h0Grad: FixtureTensor?
        let c0Grad: FixtureTensor?
        let parameterGrads: [String: FixtureTensor]
    }

    struct RecurrentCase: Decodable, Sendable {
        let name: String
        /// "rnn", "lstm", "gru", "peephole_lstm", "cifg_lstm" or "layer_norm_lstm".
        let layer: String
        private let config: FixtureParams
        let inputs: Inputs
        let float64: Record
        let float32: Record

        var parameters: FixtureParams { FixtureParams(config.values, caseName: name) }
        func record(_ precision: Precision) -> Record { precision == .float64 ? float64 : float32 }
    }

    struct File: Decodable, Sendable {
        let torch_version: String
        let cases: [RecurrentCase]
    }

    static let file: File? = try? Fixtures.load("recurrent")

    @Test func fileLoadsAndCoversEveryConfiguration() throws {
        let file = try Fixtures.load("recurrent", as: File.self)
        #expect(file.torch_version.hasPrefix("2."))
        let cases = file.cases
        #expect(Set(cases.map(\.layer)) == ["rnn", "lstm", "gru", "peephole_lstm", "cifg_lstm", "layer_norm_lstm"])
        func count(_ layer: String, _ predicate: (FixtureParams) -> Bool) -> Int {
            cases.filter { $0.layer == layer && predicate($0.parameters) }.count
        }
        for layer in ["rnn", "lstm", "gru"] {
            #expect(count(layer) { $0.int("layerCount") == 2 && $0.bool("bidirectional") } >= 1, "\(layer)")
            #expect(count(layer) { $0.bool("initialState") } >= 1, "\(layer)")
            #expect(count(layer) { !$0.bool("bias") } >= 1, "\(layer)")
            #expect(count(layer) { $0.bool("batchFirst") } >= 1, "\(layer)")
        }
        #expect(count("rnn") { $0.string("nonlinearity") == "relu" } >= 7)
        #expect(count("lstm") { $0.int("projectionSize") > 0 && $0.bool("bidirectional") } >= 1)
        #expect(count("lstm") { !$0.isNull("lengths") && $0.int("layerCount") == 2 && $0.bool("bidirectional") } >= 1)
        #expect(count("gru") { !$0.isNull("lengths") } >= 1)
        #expect(count("peephole_lstm") { !$0.isNull("lengths") } >= 1)
    }

    @Test(arguments: RecurrentFixtureTests.file?.cases.map(\.name) ?? [])
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.cases.first { $0.name == name })
        check(fixture, .float64, Double.self)
        check(fixture, .float32, Float.self)
    }

    /// Builds the stack the case describes and runs it through every implementation it has.
    func check<S: TensorScalar>(_ fixture: RecurrentCase, _ precision: Precision, _: S.Type) {
        let c = fixture.parameters
        let (d, h, layers) = (c.int("inputSize"), c.int("hiddenSize"), c.int("layerCount"))
        let (bias, batchFirst, bidirectional) = (c.bool("bias"), c.bool("batchFirst"), c.bool("bidirectional"))
        let rng = RandomSource(seed: 0)
        switch fixture.layer {
        case "lstm":
            let stack = LSTM<S>(inputSize: d, hiddenSize: h, layerCount: layers, bias: bias, batchFirst: batchFirst,
                                bidirectional: bidirectional, projectionSize: c.int("projectionSize"), rng: rng)
            let names = stack.pytorchParameterNames()
            run(stack, fixture, precision, .reference, names: names)
            // The fused kernel covers projection too (one extra GEMM per step).
            run(stack, fixture, precision, .fused, names: names, expected: .fused)
            // The native kernels where this machine has them (Float, no projection), else "fused" again.
            run(stack, fixture, precision, .native, names: names,
                expected: RecurrentImplementation.native.resolved(for: stack.layers[0].cell))
        case "gru":
            let stack = GRU<S>(inputSize: d, hiddenSize: h, layerCount: layers, bias: bias, batchFirst: batchFirst,
                               bidirectional: bidirectional, rng: rng)
            let names = stack.pytorchParameterNames()
            run(stack, fixture, precision, .reference, names: names)
            run(stack, fixture, precision, .fused, names: names, expected: .fused)
            run(stack, fixture, precision, .native, names: names,
                expected: RecurrentImplementation.native.resolved(for: stack.layers[0].cell))
        case "rnn":
            guard let nonlinearity = RNNCell<S>.Nonlinearity(rawValue: c.string("nonlinearity")) else {
                Issue.record("\(fixture.name): unknown nonlinearity")
                return
            }
            let stack = RNN<S>(inputSize: d, hiddenSize: h, layerCount: layers, nonlinearity: nonlinearity, bias: bias,
                               batchFirst: batchFirst, bidirectional: bidirectional, rng: rng)
            run(stack, fixture, precision, .reference, names: stack.pytorchParameterNames())
        case "peephole_lstm":
            let stack = PeepholeLSTM<S>(inputSize: d, hiddenSize: h, layerCount: layers, bias: bias,
                                        batchFirst: batchFirst, bidirectional: bidirectional, rng: rng)
            run(stack, fixture, precision, .reference, names: ownNames(stack))
        case "cifg_lstm":
            let stack = CIFGLSTM<S>(inputSize: d, hiddenSize: h, layerCount: layers, bias: bias,
                                    batchFirst: batchFirst, bidirectional: bidirectional, rng: rng)
            run(stack, fixture, precision, .reference, names: ownNames(stack))
        case "layer_norm_lstm":
            let stack = LayerNormLSTM<S>(inputSize: d, hiddenSize: h, layerCount: layers,
                                         epsilon: S(c.double("epsilon")), batchFirst: batchFirst,
                                         bidirectional: bidirectional, rng: rng)
            run(stack, fixture, precision, .reference, names: ownNames(stack))
        default:
            Issue.record("recurrent.json: unknown layer '\(fixture.layer)'")
        }
    }

    /// The variants' fixtures are keyed by LSTMKit's own parameter paths.
    func ownNames<Cell: RecurrentCell>(_ stack: RecurrentStack<Cell>) -> [String: String] {
        Dictionary(uniqueKeysWithValues: stack.namedParameters().map { ($0.path, $0.path) })
    }

    /// Loads the fixture's weights into `stack` (through `names`: LSTMKit path -> fixture name), runs it with
    /// `implementation`, back-propagates `sum(outputs * U) + sum(h_n * V) (+ sum(c_n * W))` and compares every
    /// result. `expected` is the implementation every layer must report having used.
    func run<Cell: RecurrentCell>(
        _ stack: RecurrentStack<Cell>, _ fixture: RecurrentCase, _ precision: Precision,
        _ implementation: RecurrentImplementation, names: [String: String],
        expected: RecurrentKernel = .reference
    ) {
        typealias S = Cell.Scalar
        let inputs = fixture.inputs, record = fixture.record(precision)
        let label = "\(fixture.name) [\(precision.rawValue), \(implementation)]"
        let tol = precision.tolerance
        func compare(_ actual: Tensor<S>?, _ expected: FixtureTensor?, _ what: String) {
            switch (actual, expected) {
            case let (actual?, expected?):
                expectClose(actual.detached(), expected.tensor(), atol: tol, rtol: tol, "\(label) \(what)")
            case (nil, nil):
                break
            default:
                Issue.record("\(label) \(what): \(actual == nil ? "missing in LSTMKit" : "not in the fixture")")
            }
        }

        // Weights. Every LSTMKit parameter is mapped, and the names are exactly PyTorch's.
        let params = stack.namedParameters()
        #expect(Set(names.keys) == Set(params.map(\.path)), "\(label): unmapped parameters")
        #expect(Set(names.values) == Set(inputs.parameters.keys),
                "\(label): parameters \(names.values.sorted()), PyTorch has \(inputs.parameters.keys.sorted())")
        #expect(Set(record.parameterGrads.keys) == Set(inputs.parameters.keys), "\(label): gradients stored")
        for (path, parameter) in params {
            guard let name = names[path], let value = inputs.parameters[name] else { continue }
            guard value.shape == parameter.shape else {
                Issue.record("\(label): \(path) (\(name)) has shape \(parameter.shape), PyTorch \(value.shape)")
                return
            }
            parameter.data = value.tensor()
        }
        stack.zeroGrad()
        stack.eval()
        stack.implementation = implementation

        // Inputs as leaves; the initial state in h_n order (index = layer * directions + direction).
        let c = fixture.parameters
        let x = inputs.input.tensor(S.self).requiringGrad()
        let h0 = inputs.h0.map { $0.tensor(S.self).requiringGrad() }
        let c0 = inputs.c0.map { $0.tensor(S.self).requiringGrad() }
        var states: [Cell.State]? = nil
        if let h0 {
            states = (0..<h0.shape[0]).map { k in
                let parts = [h0] + (c0.map { [$0] } ?? [])
                return Cell.State(components: parts.map { $0.slice(axis: 0, k..<(k + 1)).squeezed(0) })
            }
        }
        let out = stack(x, initialStates: states, lengths: c.optionalInts("lengths"))
        let ran = (stack.layers + stack.reverseLayers).map(\.lastImplementation)
        #expect(ran.allSatisfy { $0 == expected }, "\(label): layers ran \(ran.map(\.rawValue)), expected \(expected)")

        compare(out.outputs, record.outputs, "outputs")
        compare(out.hN, record.hN, "h_n")
        compare(out.cN, record.cN, "c_n")

        var loss = (out.outputs * inputs.upstream.outputs.tensor()).sum() + (out.hN * inputs.upstream.hN.tensor()).sum()
        if let cN = out.cN, let w = inputs.upstream.cN { loss = loss + (cN * w.tensor()).sum() }
        loss.backward()

        compare(x.grad, record.inputGrad, "input gradient")
        compare(h0?.grad, record.h0Grad, "h0 gradient")
        compare(c0?.grad, record.c0Grad, "c0 gradient")
        for (path, parameter) in params {
            guard let name = names[path], let grad = record.parameterGrads[name] else { continue }
            compare(parameter.grad, grad, "gradient of \(name)")
        }
    }
}
