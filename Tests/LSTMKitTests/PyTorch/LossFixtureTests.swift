import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The losses against PyTorch (Fixtures/losses.json, from Tools/fixtures/losses.py): value and gradients
/// for every reduction, ignore index, mask, label smoothing and positive weight, in Double (1e-10) and
/// Float (1e-5).
@Suite struct LossFixtureTests {
    static let file: FunctionFixtureFile? = try? Fixtures.load("losses")

    @Test func fileLoadsAndCoversEveryLoss() throws {
        let file = try Fixtures.load("losses", as: FunctionFixtureFile.self)
        #expect(file.torch_version.hasPrefix("2."))
        let ops = Set(file.cases.map(\.op))
        #expect(ops == ["mse", "l1", "huber", "cross_entropy", "nll", "bce_with_logits"], "\(ops.sorted())")
        let reductions = Set(file.cases.map { $0.parameters.string("reduction") })
        #expect(reductions == ["mean", "sum", "none"])
    }

    @Test(arguments: LossFixtureTests.file?.cases.map(\.name) ?? [])
    func matchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.named(name))
        checkFunctionCase(fixture, .float64, Double.self) { applyLoss(fixture.op, fixture.parameters, $0) }
        checkFunctionCase(fixture, .float32, Float.self) { applyLoss(fixture.op, fixture.parameters, $0) }
    }
}

/// The LSTMKit call for each fixture loss (the PyTorch side is `FUNCTIONS` in Tools/fixtures/losses.py).
func applyLoss<S: TensorScalar>(_ op: String, _ p: FixtureParams, _ x: [Tensor<S>]) -> [Tensor<S>] {
    let reduction: Reduction
    switch p.string("reduction") {
    case "mean": reduction = .mean
    case "sum": reduction = .sum
    case "none": reduction = .none
    case let other:
        Issue.record("losses.json: unknown reduction '\(other)' (case \(p.caseName))")
        return []
    }
    switch op {
    case "mse": return [mseLoss(x[0], x[1], reduction: reduction)]
    case "l1": return [maeLoss(x[0], x[1], reduction: reduction)]
    case "huber": return [huberLoss(x[0], x[1], delta: S(p.double("delta")), reduction: reduction)]
    case "cross_entropy":
        return [crossEntropy(logits: x[0], targets: p.ints("targets"), ignoreIndex: p.optionalInt("ignore_index"),
                             mask: p.optionalBools("mask"), labelSmoothing: S(p.double("label_smoothing")),
                             reduction: reduction)]
    case "nll":
        return [nllLoss(logProbabilities: x[0], targets: p.ints("targets"), ignoreIndex: p.optionalInt("ignore_index"),
                        mask: p.optionalBools("mask"), reduction: reduction)]
    case "bce_with_logits":
        return [binaryCrossEntropyWithLogits(logits: x[0], targets: x[1], positiveWeight: x.count > 2 ? x[2] : nil,
                                             reduction: reduction)]
    default:
        Issue.record("losses.json: unknown loss '\(op)' (case \(p.caseName))")
        return []
    }
}
