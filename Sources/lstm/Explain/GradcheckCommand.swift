import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check a layer's gradients against finite differences (Double, small sizes).",
        discussion: """
            Builds the layer in Double with B = 2, T = 3, D = 5, H = 4 (seeded) and compares the \
            gradients autodiff computes for every input and parameter with central differences \
            (f(x + eps) - f(x - eps)) / (2 eps), eps = 1e-6, using the library's public \
            checkGradients. An element passes when |analytic - numeric| <= 1e-7 + 1e-5 * |numeric|.

            The relative error |analytic - numeric| / max(|analytic|, |numeric|) is reported over \
            the elements whose absolute error is above 1e-10 (a second check with that floor). \
            Exits with status 1 when any tensor fails.

            Layers: \(GradcheckCase.names.joined(separator: ", ")).
            """
    )

    @Argument(help: "The layer to check: \(GradcheckCase.names.joined(separator: ", ")).") var layer: String
    @OptionGroup var common: CommonOptions

    /// One checked tensor.
    struct Row {
        var name: String
        var shape: [Int]
        /// The check with the default tolerances (PASS / FAIL).
        var result: GradientCheckResult
        /// The worst relative error over elements whose absolute error is above `relativeFloor` (from a
        /// second check with that floor as atol).
        var relativeError: Double
    }

    /// Elements with a smaller absolute error are left out of the relative error (their gradients are
    /// round-off sized, so a relative error would be noise).
    static let relativeFloor = 1e-10

    /// Runs `checkGradients` twice: with the default tolerances, and with atol = `relativeFloor` to read the
    /// relative error of every element that is not round-off sized.
    static func checkTwice(
        at inputs: [Tensor<Double>], parameters: [Parameter<Double>], _ f: @escaping ([Tensor<Double>]) -> Tensor<Double>
    ) -> (GradientCheckResult, Double) {
        let result = checkGradients(at: inputs, parameters: parameters, f)
        let strict = checkGradients(at: inputs, parameters: parameters, atol: relativeFloor, f)
        return (result, strict.maxRelativeError)
    }

    /// Runs the checks of `name`: one `checkGradients` call per input and per parameter.
    static func check(_ name: String, seed: UInt64) throws -> (GradcheckCase, [Row]) {
        guard let setup = GradcheckCase.make(name, seed: seed) else {
            throw CLIError("unknown layer '\(name)'; choose one of: \(GradcheckCase.names.joined(separator: ", "))")
        }
        var rows: [Row] = []
        for (k, input) in setup.inputs.enumerated() {
            let others = setup.inputs.map(\.tensor)
            let (result, relative) = checkTwice(at: [input.tensor], parameters: []) { xs in
                var all = others
                all[k] = xs[0]
                return setup.function(all)
            }
            rows.append(Row(name: input.name, shape: input.tensor.shape, result: result, relativeError: relative))
        }
        let fixedInputs = setup.inputs.map(\.tensor)
        for (path, parameter) in setup.parameters {
            let (result, relative) = checkTwice(at: [], parameters: [parameter]) { _ in setup.function(fixedInputs) }
            rows.append(Row(name: path, shape: parameter.shape, result: result, relativeError: relative))
        }
        return (setup, rows)
    }

    func run() throws {
        let console = common.console
        let seed = common.seed ?? 0
        let (setup, rows) = try Self.check(layer, seed: seed)
        console.say("gradcheck \(layer): \(setup.summary), Double, seed \(seed)")
        console.say("eps 1e-6, pass: |analytic - numeric| <= 1e-7 + 1e-5 * |numeric|; relative error")
        console.say("|analytic - numeric| / max(|analytic|, |numeric|) over elements with abs error > 1e-10")
        console.say("")
        console.say("tensor                       shape      elements  max abs err  max rel err  result")
        for row in rows {
            let r = row.result
            let shape = "[" + row.shape.map(String.init).joined(separator: ", ") + "]"
            console.say(row.name.padding(toLength: 28, withPad: " ", startingAt: 0) + " " +
                        shape.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + pad(r.checkedCount, 8) +
                        "    " + sci2(r.maxAbsoluteError) + "      " + sci2(row.relativeError) +
                        "    " + (r.passed ? "PASS" : "FAIL"))
        }
        if let note = setup.implementationNote() { console.say(note) }
        let failed = rows.filter { !$0.result.passed }
        let elements = rows.reduce(0) { $0 + $1.result.checkedCount }
        console.say(failed.isEmpty
            ? "PASS: \(rows.count) tensor\(rows.count == 1 ? "" : "s"), \(elements) elements within tolerance"
            : "FAIL: \(failed.map(\.name).joined(separator: ", ")) (worst: \(failed[0].result.worst))")
        if common.json {
            struct Tensor: Encodable {
                var name: String, shape: [Int], elements: Int, maxAbsoluteError, maxRelativeError: Double, passed: Bool
            }
            struct Report: Encodable {
                var layer, summary: String, seed: UInt64, passed: Bool, tensors: [Tensor], note: String?
            }
            try console.emit(Report(
                layer: layer, summary: setup.summary, seed: seed, passed: failed.isEmpty,
                tensors: rows.map { Tensor(name: $0.name, shape: $0.shape, elements: $0.result.checkedCount,
                                           maxAbsoluteError: $0.result.maxAbsoluteError,
                                           maxRelativeError: $0.relativeError, passed: $0.result.passed) },
                note: setup.implementationNote()))
        }
        if !failed.isEmpty {
            throw CLIError("gradient check failed for \(layer): \(failed.map(\.name).joined(separator: ", "))")
        }
    }
}

/// Scientific notation with 2 decimals: 3.42e-09.
func sci2(_ x: Double) -> String { String(format: "%.2e", x) }
