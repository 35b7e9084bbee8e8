import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Walk through one LSTM step, printing every equation with its actual numbers.",
        discussion: """
            By default: a cell with D = 2 inputs and H = 3 hidden units, weights drawn from --seed \
            as PyTorch initializes them, x = (0.5, -1), and h_prev, c_prev drawn from the same \
            seed. The pre-activation of each gate (i, f, g, o, PyTorch's order), the gate values, \
            c = f * c_prev + i * g and h = o * tanh(c) are printed unit by unit, then checked \
            against LSTMCell.step.

            With --checkpoint, the weights are those of layer 0 of the first LSTM in the \
            checkpoint (tensors weightIH, weightHH, biasIH, biasHH, or PyTorch's weight_ih_l0, \
            ...); --input must then give D numbers, and h_prev and c_prev default to zeros (the \
            first step of a sequence).

            --svg FILE.svg draws the step as the familiar cell diagram (Olah 2015) with the actual numbers on its wires.
            """
    )

    @Option(parsing: .unconditional, help: "D, the input size of the random cell (default 2).") var inputSize: Int?
    @Option(parsing: .unconditional, help: "H, the hidden size of the random cell (default 3).") var hiddenSize: Int?
    @Option(parsing: .unconditional, help: "x: D comma-separated numbers (default \"0.5,-1\" when D = 2, else random).")
    var input: String?
    @Option(name: .customLong("h-prev"), parsing: .unconditional,
            help: "h_prev: H comma-separated numbers (default: random, or zeros with --checkpoint).")
    var hPrev: String?
    @Option(name: .customLong("c-prev"), parsing: .unconditional,
            help: "c_prev: H comma-separated numbers (default: random, or zeros with --checkpoint).")
    var cPrev: String?
    @Option(help: "A checkpoint (.safetensors, or a directory with best.safetensors) holding an LSTM layer.")
    var checkpoint: String?
    @Option(parsing: .unconditional, help: "How many hidden units to show in the tables (JSON always has all).")
    var units: Int = 8
    @Option(help: "Also draw the step as an SVG cell diagram (FILE.svg) with its numbers on the wires.")
    var svg: String?
    @OptionGroup var common: CommonOptions

    /// Parses "0.5,-1" into `count` finite numbers; `what` names the option and the size in messages.
    static func numbers(_ text: String, option: String, count: Int, size: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Double] = []
        for part in parts {
            guard let v = Double(part), v.isFinite else {
                throw CLIError("\(option): '\(part)' is not a number; give \(count) comma-separated numbers " +
                               "(\(size)), e.g. \(option) \"\(example(count))\"")
            }
            values.append(v)
        }
        guard values.count == count else {
            throw CLIError("\(option) has \(values.count) number\(values.count == 1 ? "" : "s"), but the cell needs " +
                           "\(size); give \(count) comma-separated numbers")
        }
        return values
    }

    static func example(_ count: Int) -> String {
        (0..<Swift.min(count, 4)).map { ["0.5", "-1", "0.25", "2"][$0] }.joined(separator: ",") + (count > 4 ? ",..." : "")
    }

    /// The cell and where it came from ("random, seed 0" or "checkpoint X, layer P").
    func makeCell() throws -> (LSTMCell<Double>, String) {
        if let checkpoint {
            if inputSize != nil || hiddenSize != nil {
                throw CLIError("--input-size and --hidden-size come from the checkpoint; drop them when using --checkpoint")
            }
            let (cell, prefix) = try CheckpointLSTM.layer(at: checkpoint)
            return (cell, "checkpoint \(checkpoint), layer \(prefix)")
        }
        let d = inputSize ?? 2, h = hiddenSize ?? 3
        guard (1...1024).contains(d) else { throw CLIError("--input-size must be in 1...1024, got \(d)") }
        guard (1...1024).contains(h) else { throw CLIError("--hidden-size must be in 1...1024, got \(h)") }
        return (LSTMCell<Double>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: common.seed ?? 0)),
                "random weights (PyTorch's U(-1/sqrt(H), 1/sqrt(H))), seed \(common.seed ?? 0)")
    }

    /// The explanation this command prints (validates everything first).
    func explanation() throws -> (LSTMStepExplanation, String) {
        guard units >= 1 else { throw CLIError("--units must be positive, got \(units)") }
        let (cell, source) = try makeCell()
        let (d, h) = (cell.inputSize, cell.hiddenSize)
        let rng = RandomSource(seed: (common.seed ?? 0) &+ 1)
        func random(_ count: Int) -> [Double] { rng.uniforms(count: count).map { 2 * Double($0) - 1 } }
        let fromCheckpoint = checkpoint != nil
        let x: [Double]
        if let input {
            x = try Self.numbers(input, option: "--input", count: d, size: "D = \(d) inputs")
        } else if fromCheckpoint {
            throw CLIError("--checkpoint needs --input with the layer's D = \(d) comma-separated numbers")
        } else {
            x = d == 2 ? [0.5, -1] : random(d)
        }
        let hp = try hPrev.map { try Self.numbers($0, option: "--h-prev", count: h, size: "H = \(h) values") }
            ?? (fromCheckpoint ? [Double](repeating: 0, count: h) : random(h))
        let cp = try cPrev.map { try Self.numbers($0, option: "--c-prev", count: h, size: "H = \(h) values") }
            ?? (fromCheckpoint ? [Double](repeating: 0, count: h) : random(h))
        return (LSTMStepExplanation(cell: cell, x: x, hPrev: hp, cPrev: cp), source)
    }

    func run() throws {
        let (e, source) = try explanation()
        let check = e.maxDifferenceFromCell
        if let svg {
            do { try Data(LSTMCellDiagram(step: e).svg().utf8).write(to: URL(fileURLWithPath: svg), options: .atomic) } catch {
                throw CLIError("cannot write --svg \(svg) (\(error.localizedDescription))")
            }
        }
        if common.json {
            struct Report: Encodable {
                var source: String, seed: UInt64, explanation: LSTMStepExplanation, maxDifferenceFromLSTMCell: Double
            }
            try common.console.emit(Report(source: source, seed: common.seed ?? 0, explanation: e,
                                           maxDifferenceFromLSTMCell: check))
            return
        }
        print("One LSTM step: D = \(e.inputSize) inputs, H = \(e.hiddenSize) hidden units")
        print("Weights: \(source)")
        ExplainText(e: e, units: units).lines.forEach { print($0) }
        print("Check: LSTMCell.step gives the same h and c (largest difference \(sci(check))).")
        if let svg { print("wrote \(svg)") }
    }
}

extension LSTMStepExplanation {
    /// The largest |difference| between this explanation's h, c and those of `LSTMCell.step` on the same
    /// numbers (rebuilt from the explanation's weights).
    var maxDifferenceFromCell: Double {
        let (d, h) = (inputSize, hiddenSize)
        let cell = LSTMCell<Double>(inputSize: d, hiddenSize: h, rng: RandomSource(seed: 0))
        cell.weightIH.data = Tensor(shape: [4 * h, d], scalars: gates.flatMap { $0.inputWeights.flatMap { $0 } })
        cell.weightHH.data = Tensor(shape: [4 * h, h], scalars: gates.flatMap { $0.hiddenWeights.flatMap { $0 } })
        cell.biasIH!.data = Tensor(shape: [4 * h], scalars: gates.flatMap(\.inputBias))
        cell.biasHH!.data = Tensor(shape: [4 * h], scalars: gates.flatMap(\.hiddenBias))
        let state = withoutGrad {
            cell.step(Tensor(shape: [1, d], scalars: x),
                      state: LSTMState(h: Tensor(shape: [1, h], scalars: hPrev), c: Tensor(shape: [1, h], scalars: cPrev))).state
        }
        let dh = zip(state.h.scalars, self.h).map { Swift.abs($0 - $1) }.max() ?? 0
        let dc = zip(state.c.scalars, self.c).map { Swift.abs($0 - $1) }.max() ?? 0
        return Swift.max(dh, dc)
    }
}
