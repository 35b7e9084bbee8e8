import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// Every training and model option exercised by a short run, checked by its effect: the learning rates the
/// metrics log records, final weights that differ from a run without the option (and equal a repeated run),
/// the report's flags, the model the checkpoint rebuilds.
@Suite struct TrainingRunTests {
    let dir = TemporaryDirectory()

    /// `train classify` on the `.ts` pair for 8 steps with `options` (logged as JSON lines): the report, the
    /// learning rate of each step, and the final weights and optimizer state.
    func classify(_ name: String, _ options: [String]) throws -> (report: JSON, rates: [Double], tensors: [String: [Float]]) {
        let arguments = TinyData.classify(dir, data: try TinyData.tsPair(dir), output: name).setting("--epochs", "10") +
            ["--steps", "8", "--log", dir.path("\(name).jsonl"), "--json"] + options
        let report = try expectJSON(lstm(arguments))
        let steps = try dir.lines("\(name).jsonl").map { try JSON(parsing: $0) }.filter { $0["kind"].string == "step" }
        #expect(steps.map { $0["step"].int ?? 0 } == Array(1...8) && steps.allSatisfy { $0["loss"].double?.isFinite == true })
        return (report, steps.compactMap { $0["learningRate"].double }, try dir.tensors("\(name)/last.safetensors"))
    }

    /// `train textgen` for 2 steps with `options`: the report and the final weights.
    func textgen(_ name: String, _ options: [String]) throws -> (report: JSON, tensors: [String: [Float]]) {
        let report = try expectJSON(lstm(try TinyData.textgen(dir, output: name) + options + ["--json"]))
        #expect(report["best"]["loss"].double?.isFinite == true)
        return (report, try dir.tensors("\(name)/last.safetensors"))
    }

    @Test(arguments: ScheduleKind.allCases)
    func everyScheduleShapesTheLearningRate(schedule: ScheduleKind) throws {
        let lr = schedule == .plateau ? 1e-7 : 0.01, d = 0.25
        let (_, rates, _) = try classify("run", ["--schedule", schedule.rawValue, "--learning-rate", "\(lr)",
                                                "--decay-to", "\(d)", "--plateau-patience", "1"])
        if schedule == .plateau {
            // Validation accuracy never improves at this rate: halved after the second evaluation (step 6).
            #expect(rates == Array(repeating: lr, count: 6) + [lr / 2, lr / 2], "\(rates)")
            return
        }
        // The rate of step k + 1 follows the budget fraction k / 8 (the formulas in ScheduleKind's doc).
        let want = (0..<8).map { k -> Double in
            let f = Double(k) / 8
            switch schedule {
            case .constant, .plateau: return lr
            case .cosine: return lr * (d + (1 - d) * (1 + cos(Double.pi * f)) / 2)
            case .linear: return lr * (1 - (1 - d) * f)
            case .step: return lr * (f >= 0.75 ? d * d : f >= 0.5 ? d : 1)
            case .exponential: return lr * pow(d, f)
            }
        }
        #expect(rates.count == 8 && zip(rates, want).allSatisfy { abs($0 - $1) <= 1e-12 * lr }, "\(rates) != \(want)")
    }

    @Test func warmupRisesFromAThird() throws {
        let (_, rates, _) = try classify("run", ["--learning-rate", "0.03", "--warmup-steps", "3"])
        let want = [0.01, 0.03 * 5 / 9, 0.03 * 7 / 9] + Array(repeating: 0.03, count: 5)
        #expect(zip(rates, want).allSatisfy { abs($0 - $1) < 1e-12 } && rates.count == 8, "\(rates)")
    }

    @Test func everyOptimizerUpdatesDifferently() throws {
        var seen: [[String: [Float]]] = []
        let runs = OptimizerKind.allCases.map { ["--optimizer", $0.rawValue] } + [["--optimizer", "momentum", "--momentum", "0.5"]]
        for (k, options) in runs.enumerated() {
            let (report, _, tensors) = try classify("o\(k)", options + ["--learning-rate", "0.05", "--weight-decay", "0.01"])
            let model = try ClassifyTask.load(URL(fileURLWithPath: dir.path("o\(k)")))
            #expect(model.config.training.optimizer.rawValue == options[1] && report["training"]["steps"].int == 8)
            #expect(!seen.contains(tensors), "\(options) updates like an earlier optimizer")
            seen.append(tensors)
        }
    }

    @Test func penaltiesAndClippingChangeTheUpdate() throws {
        let sgd = ["--optimizer", "sgd", "--learning-rate", "0.1"]
        let base = try classify("base", sgd).tensors
        #expect(try classify("again", sgd).tensors == base)                   // deterministic: the same seed, the same run
        for (k, option) in [["--weight-decay", "0.1"], ["--l1", "0.01"], ["--l2", "0.01"], ["--clip-value", "0.001"],
                            ["--clip-norm", "0.001"], ["--warmup-steps", "4"], ["--seed", "1"]].enumerated() {
            let changed = try classify("p\(k)", sgd + option).tensors
            #expect(changed.keys == base.keys && changed != base, "\(option) changed nothing")
        }
    }

    @Test func patienceStopsEarlyAndEvalEveryMovesEvaluations() throws {
        let arguments = TinyData.classify(dir, data: try TinyData.tsPair(dir)).setting("--epochs", "6") +
            ["--patience", "1", "--learning-rate", "1e-7", "--json"]
        let report = try expectJSON(lstm(arguments))
        #expect(report["training"]["stoppedEarly"].bool == true && report["training"]["epochs"].int == 2)
        #expect(report["training"]["steps"].int == 6 && report["training"]["stoppedByTime"].bool == false)
        let plain = lstm(arguments.filter { $0 != "--json" }.setting("--output", dir.path("plain")))
        #expect(plain.status == 0 && plain.output.contains("(stopped early)"))
        _ = try classify("every", ["--eval-every", "3"])
        let evaluations = try dir.lines("every.jsonl").map { try JSON(parsing: $0) }.filter { $0["kind"].string == "evaluation" }
        #expect(evaluations.compactMap { $0["step"].int } == [3, 6, 8])
    }

    @Test(arguments: RecurrentCellKind.allCases)
    func everyCellTrainsWithEveryKernel(cell: RecurrentCellKind) throws {
        var losses: [Double] = []
        for kernel in KernelChoice.allCases {
            let (report, _) = try textgen(kernel.rawValue, ["--cell", cell.rawValue, "--kernel", kernel.rawValue])
            let implementation = report["training"]["implementation"].string ?? ""
            // What ran: the reference when asked (or for cells without a kernel), the Swift kernel for fused, and
            // for native the native kernel of this CPU ("native-avx512") where it applies, else fused.
            let allowed: [String] = switch kernel {
            case .reference: ["reference"]
            case .fused: ["fused", "reference"]
            case .native: [NativeKernels.kernel?.rawValue ?? "fused", "fused", "reference"]
            }
            #expect(allowed.contains(implementation), "\(cell) --kernel \(kernel): ran \(implementation)")
            losses.append(report["best"]["loss"].double ?? .nan)
            let model = try TextgenTask.load(URL(fileURLWithPath: dir.path(kernel.rawValue)))
            #expect(model.network.config.recurrent.cell == cell && model.config.training.kernel == kernel)
        }
        // The kernels compute the same function: the runs agree to rounding.
        #expect(losses.allSatisfy { abs($0 - losses[0]) < 1e-4 }, "\(cell): \(losses)")
    }

    @Test func recurrentRegularizationProjectionAndResidual() throws {
        let two = ["--layers", "2", "--dropout", "0.1"]
        let base = try textgen("base", two).tensors
        for (k, option) in [["--recurrent-dropout", "0.3"], ["--zoneout", "0.3"], ["--weight-drop", "0.3"], ["--residual"]].enumerated() {
            let changed = try textgen("r\(k)", two + option).tensors
            #expect(changed.keys == base.keys && changed != base, "\(option) changed nothing")
        }
        let all = two + ["--residual", "--projection-size", "4", "--recurrent-dropout", "0.2", "--zoneout", "0.1",
                         "--weight-drop", "0.3"]
        let (report, tensors) = try textgen("all", all)
        let model = try TextgenTask.load(URL(fileURLWithPath: dir.path("all")))
        let r = model.network.config.recurrent
        #expect(r.projectionSize == 4 && r.residual && r.recurrentDropout == 0.2 && r.zoneout == 0.1 && r.weightDrop == 0.3)
        #expect(tensors.keys.contains { $0.hasSuffix("weightHR") } || tensors.count > base.count)
        #expect(report["parameterCount"].int == model.network.parameterCount)
        let text = lstm(try TinyData.textgen(dir, output: "plain") + all)
        #expect(text.status == 0 && text.output.contains(
            "LSTM 8 x 2, projection 4, residual, recurrent dropout 0.2, zoneout 0.1, weight drop 0.3"))
    }
}
