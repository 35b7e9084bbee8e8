import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Optimizers, gradient clipping and learning-rate schedules against PyTorch (Fixtures/optimizers.json, from
/// Tools/fixtures/optimizers.py). The problem: W [3, 4], b [4], loss = sum((x @ W + b - y)^2) with fixed
/// x [5, 3], y [5, 4]; 5 steps, comparing the loss before and W, b after every step, in Double (1e-10) and
/// Float (1e-5).
@Suite struct OptimizerFixtureTests {
    /// The fixed problem in one precision.
    struct Problem: Decodable, Sendable {
        let W: FixtureTensor
        let b: FixtureTensor
        let x: FixtureTensor
        let y: FixtureTensor
    }

    struct OptimizerCase: Decodable, Sendable {
        struct Step: Decodable, Sendable {
            let loss: FixtureTensor
            let W: FixtureTensor
            let b: FixtureTensor
        }
        struct Record: Decodable, Sendable {
            let W: FixtureTensor
            let b: FixtureTensor
            let x: FixtureTensor
            let y: FixtureTensor
            let trajectory: [Step]
        }
        let name: String
        let optimizer: String
        private let hyperparameters: FixtureParams
        let float64: Record
        let float32: Record

        var parameters: FixtureParams { FixtureParams(hyperparameters.values, caseName: name) }
    }

    struct ClipCase: Decodable, Sendable {
        struct Record: Decodable, Sendable {
            let W: FixtureTensor
            let b: FixtureTensor
            let x: FixtureTensor
            let y: FixtureTensor
            let gradW: FixtureTensor
            let gradb: FixtureTensor
            let totalNorm: FixtureTensor
            let clippedGradW: FixtureTensor
            let clippedGradb: FixtureTensor
        }
        let name: String
        let maxNorm: Double
        let normType: JSONValue   // a number, or "inf"
        let float64: Record
        let float32: Record
    }

    struct ScheduleCase: Decodable, Sendable {
        let name: String
        let schedule: String
        private let params: FixtureParams
        let learningRates: [Double]
        let metrics: [Double]?

        var parameters: FixtureParams { FixtureParams(params.values, caseName: name) }
    }

    struct File: Decodable, Sendable {
        let torch_version: String
        let optimizers: [OptimizerCase]
        let clipping: [ClipCase]
        let schedules: [ScheduleCase]
    }

    static let file: File? = try? Fixtures.load("optimizers")

    @Test func fileLoadsAndCoversEveryOptimizer() throws {
        let file = try Fixtures.load("optimizers", as: File.self)
        #expect(file.torch_version.hasPrefix("2."))
        #expect(Set(file.optimizers.map(\.optimizer)) == ["sgd", "adam", "adamw", "rmsprop", "adagrad"])
        #expect(Set(file.schedules.map(\.schedule)) == ["step", "exponential", "cosine", "plateau"])
        #expect(file.clipping.count >= 4)
    }

    // MARK: - Optimizers

    @Test(arguments: OptimizerFixtureTests.file?.optimizers.map(\.name) ?? [])
    func optimizerMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.optimizers.first { $0.name == name })
        runOptimizer(fixture, .float64, Double.self)
        runOptimizer(fixture, .float32, Float.self)
    }

    func makeOptimizer<S: TensorScalar>(
        _ kind: String, _ h: FixtureParams, _ parameters: [Parameter<S>]
    ) -> (any Optimizer<S>)? {
        switch kind {
        case "sgd":
            return SGD<S>(parameters: parameters, learningRate: h.double("learningRate"), momentum: h.double("momentum"),
                          dampening: h.double("dampening"), nesterov: h.bool("nesterov"),
                          weightDecay: h.double("weightDecay"))
        case "adam":
            return Adam<S>(parameters: parameters, learningRate: h.double("learningRate"), beta1: h.double("beta1"),
                           beta2: h.double("beta2"), epsilon: h.double("epsilon"), weightDecay: h.double("weightDecay"),
                           amsgrad: h.bool("amsgrad"))
        case "adamw":
            return AdamW<S>(parameters: parameters, learningRate: h.double("learningRate"), beta1: h.double("beta1"),
                            beta2: h.double("beta2"), epsilon: h.double("epsilon"),
                            weightDecay: h.double("weightDecay"), amsgrad: h.bool("amsgrad"))
        case "rmsprop":
            return RMSProp<S>(parameters: parameters, learningRate: h.double("learningRate"), alpha: h.double("alpha"),
                              epsilon: h.double("epsilon"), weightDecay: h.double("weightDecay"),
                              momentum: h.double("momentum"), centered: h.bool("centered"))
        case "adagrad":
            return Adagrad<S>(parameters: parameters, learningRate: h.double("learningRate"),
                              learningRateDecay: h.double("learningRateDecay"), weightDecay: h.double("weightDecay"),
                              initialAccumulatorValue: h.double("initialAccumulatorValue"),
                              epsilon: h.double("epsilon"))
        default:
            Issue.record("optimizers.json: unknown optimizer '\(kind)'")
            return nil
        }
    }

    /// loss = sum((x @ W + b - y)^2)
    static func loss<S: TensorScalar>(_ W: Parameter<S>, _ b: Parameter<S>, _ x: Tensor<S>, _ y: Tensor<S>) -> Tensor<S> {
        let d = matmul(x, W.value) + b.value - y   // [5, 4]
        return (d * d).sum()
    }

    func runOptimizer<S: TensorScalar>(_ fixture: OptimizerCase, _ precision: Precision, _: S.Type) {
        let record = precision == .float64 ? fixture.float64 : fixture.float32
        let tol = precision.tolerance
        let W = Parameter<S>(record.W.tensor(), name: "W"), b = Parameter<S>(record.b.tensor(), name: "b")
        let (x, y): (Tensor<S>, Tensor<S>) = (record.x.tensor(), record.y.tensor())
        guard let optimizer = makeOptimizer(fixture.optimizer, fixture.parameters, [W, b]) else { return }
        for (t, expected) in record.trajectory.enumerated() {
            let label = "\(fixture.name) [\(precision.rawValue)] step \(t + 1)"
            optimizer.zeroGrad()
            let loss = Self.loss(W, b, x, y)
            expectClose(loss.detached(), expected.loss.tensor(), atol: tol, rtol: tol, "\(label) loss")
            loss.backward()
            optimizer.step()
            expectClose(W.data, expected.W.tensor(), atol: tol, rtol: tol, "\(label) W")
            expectClose(b.data, expected.b.tensor(), atol: tol, rtol: tol, "\(label) b")
        }
    }

    // MARK: - Gradient clipping

    @Test(arguments: OptimizerFixtureTests.file?.clipping.map(\.name) ?? [])
    func clippingMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.clipping.first { $0.name == name })
        runClipping(fixture, .float64, Double.self)
        runClipping(fixture, .float32, Float.self)
    }

    func runClipping<S: TensorScalar>(_ fixture: ClipCase, _ precision: Precision, _: S.Type) {
        let record = precision == .float64 ? fixture.float64 : fixture.float32
        let tol = precision.tolerance
        let label = "\(fixture.name) [\(precision.rawValue)]"
        let normType: Double
        switch fixture.normType {
        case .number(let p): normType = p
        case .string("inf"): normType = .infinity
        default: Issue.record("\(label): bad normType"); return
        }
        let W = Parameter<S>(record.W.tensor(), name: "W"), b = Parameter<S>(record.b.tensor(), name: "b")
        Self.loss(W, b, record.x.tensor(), record.y.tensor()).backward()
        expectClose(W.grad ?? .zeros([0]), record.gradW.tensor(), atol: tol, rtol: tol, "\(label) W gradient")
        expectClose(b.grad ?? .zeros([0]), record.gradb.tensor(), atol: tol, rtol: tol, "\(label) b gradient")

        let total = clipGradientNorm([W, b], maxNorm: fixture.maxNorm, normType: normType)
        let expectedTotal = record.totalNorm.scalar
        #expect(Swift.abs(total - expectedTotal) <= tol * (1 + Swift.abs(expectedTotal)),
                "\(label): total norm \(total), PyTorch \(expectedTotal)")
        expectClose(W.grad ?? .zeros([0]), record.clippedGradW.tensor(), atol: tol, rtol: tol, "\(label) clipped W gradient")
        expectClose(b.grad ?? .zeros([0]), record.clippedGradb.tensor(), atol: tol, rtol: tol, "\(label) clipped b gradient")
    }

    // MARK: - Learning-rate schedules (Double only: PyTorch keeps learning rates as Python floats)

    @Test(arguments: OptimizerFixtureTests.file?.schedules.map(\.name) ?? [])
    func scheduleMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.schedules.first { $0.name == name })
        let p = fixture.parameters
        var rates: [Double] = []
        switch fixture.schedule {
        case "step":
            let s = StepDecay(initial: p.double("initial"), stepSize: p.int("stepSize"), gamma: p.double("gamma"))
            rates = fixture.learningRates.indices.map { s.learningRate(atStep: $0) }
        case "exponential":
            let s = ExponentialDecay(initial: p.double("initial"), gamma: p.double("gamma"))
            rates = fixture.learningRates.indices.map { s.learningRate(atStep: $0) }
        case "cosine":
            let s = CosineAnnealing(initial: p.double("initial"), maxSteps: p.int("maxSteps"), minimum: p.double("minimum"))
            rates = fixture.learningRates.indices.map { s.learningRate(atStep: $0) }
        case "plateau":
            let plateau = ReduceLROnPlateau(
                mode: p.string("mode") == "max" ? .max : .min, factor: p.double("factor"), patience: p.int("patience"),
                threshold: p.double("threshold"), thresholdMode: p.string("thresholdMode") == "abs" ? .absolute : .relative,
                cooldown: p.int("cooldown"), minimumRate: p.double("minimumLearningRate"), epsilon: p.double("epsilon"))
            var rate = p.double("initial")
            for metric in fixture.metrics ?? [] {
                rate = plateau.step(metric: metric, learningRate: rate)
                rates.append(rate)
            }
        default:
            Issue.record("optimizers.json: unknown schedule '\(fixture.schedule)'")
        }
        expectClose(Tensor(rates), Tensor(fixture.learningRates), atol: 1e-12, rtol: 1e-10, "\(name) learning rates")
    }
}
