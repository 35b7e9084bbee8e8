import Foundation
import LSTMKit
import LSTMKitApps

/// One step of layer 0 of a trained character model, taken apart on a real text: the model reads the
/// characters of `text` from a zero state, and the step explained is the one reading character `position`
/// (x = its embedding; h_prev, c_prev = the layer's state after the characters before it).
///
/// The numbers come from `LSTMStepExplanation` (plain loops in Double over the cell's weights, found by
/// `CheckpointLSTM`) and are checked against the network's own forward pass (its trace of every gate and
/// state, in Float, with whatever kernel the model runs).
struct TextgenStep {
    let characters: [String]
    let position: Int
    let explanation: LSTMStepExplanation
    /// The unit whose cell state this character changes most (largest |c - c_prev|).
    let unit: Int
    /// The largest |difference| between the explanation and the network's forward pass over the four gates,
    /// c and h of every unit.
    let maxDifferenceFromModel: Double

    init(model: TextgenModel, text: String, position: Int) throws {
        let characters = CharacterTokenizer().tokenize(text)
        guard position >= 1, position < characters.count else {
            throw CLIError("the step to explain is character \(position), but the text has \(characters.count) " +
                           "characters (it needs at least one character before it)")
        }
        let read = Array(characters[...position])
        if let unknown = read.first(where: { !model.vocabulary.contains($0) }) {
            throw CLIError("character \(TextgenTask.describe(character: unknown)) is not in the model's vocabulary")
        }
        let network = model.network
        let parameters = Dictionary(uniqueKeysWithValues: network.namedParameters().map { ($0.0, AnyTensor($0.1.data)) })
        guard network.config.recurrent.cell == .lstm, network.config.recurrent.projectionSize == 0,
              let (cell, _) = CheckpointLSTM.find(in: parameters) else {
            throw CLIError("the model's recurrent cell is \(network.config.recurrent.cell.rawValue) (projection " +
                           "\(network.config.recurrent.projectionSize)); only a plain LSTM step can be explained")
        }
        let (x, trace) = withoutGrad {
            let x = network.embedding(model.vocabulary.encode(read), shape: [read.count, 1])   // [n, 1, E]
            return (x, network.recurrent(x, trace: true).traces![0])                            // layer 0
        }
        let (d, h) = (cell.inputSize, cell.hiddenSize)
        func row(_ t: Tensor<Float>, _ step: Int, _ width: Int) -> [Double] {
            t.scalars[(step * width)..<((step + 1) * width)].map { Double($0) }
        }
        let e = LSTMStepExplanation(cell: cell, x: row(x, position, d),
                                    hPrev: row(trace.states["h"]!, position - 1, h),
                                    cPrev: row(trace.states["c"]!, position - 1, h))
        var difference = 0.0
        let pairs = e.gates.map { ($0.value, trace.gates[$0.name]!) } + [(e.c, trace.states["c"]!), (e.h, trace.states["h"]!)]
        for (explained, traced) in pairs {
            for (a, b) in zip(explained, row(traced, position, h)) { difference = Swift.max(difference, Swift.abs(a - b)) }
        }
        self.characters = characters
        self.position = position
        explanation = e
        unit = (0..<h).max { Swift.abs(e.c[$0] - e.cPrev[$0]) < Swift.abs(e.c[$1] - e.cPrev[$1]) }!
        maxDifferenceFromModel = difference
    }

    /// The explained character.
    var character: String { characters[position] }

    /// The line of the text holding the character (at most 30 characters on each side), with the character
    /// in brackets: "Before we proceed any furth[e]r, hear me speak."
    var context: String {
        let start = characters[..<position].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let end = characters[(position + 1)...].firstIndex(of: "\n") ?? characters.count
        let before = characters[Swift.max(start, position - 30)..<position].joined()
        let after = characters[(position + 1)..<Swift.min(end, position + 31)].joined()
        let shown = character == "\n" ? "\\n" : character
        return (position - 30 > start ? "..." : "") + before + "[" + shown + "]" + after +
            (position + 31 < end ? "..." : "")
    }

    /// The text `lstm demo textgen` prints (80 columns).
    var lines: [String] {
        let e = explanation, j = unit
        let (i, f, o) = (e.gates[0].value[j], e.gates[1].value[j], e.gates[3].value[j])
        func share(_ x: Double) -> String { String(format: x >= 0.01 ? "%.1f%%" : "%.2f%%", 100 * x) }
        return ["One step of the trained LSTM, taken apart. Layer 0 reads " +
                "\(TextgenTask.describe(character: character)) in", "  " + context] +
            wrapped("x is the embedding of that character (\(e.inputSize) numbers); h_prev and c_prev are the " +
                    "state after the \(position) characters before it. Unit \(j) of \(e.hiddenSize) is the one this " +
                    "character changes most. Its gates k = i, f, g, o: a_k = W_ik@x + b_ik + W_hk@h_prev + b_hk, " +
                    "then sigmoid (tanh for the candidate g):") +
            ExplainText(e: e, units: 0).unitLines(j) +
            wrapped("In words: unit \(j) keeps \(share(f)) of its old memory (\(fixed(e.cPrev[j], 4))), writes " +
                    "\(share(i)) of the candidate (\(fixed(e.gates[2].value[j], 4))), and lets \(share(o)) of " +
                    "tanh(c) out as h.") +
            wrapped("Check: the network's own forward pass gives the same gates, c and h for all \(e.hiddenSize) " +
                    "units (largest difference \(sci(maxDifferenceFromModel)), Float against Double).")
    }

    /// The unit's numbers, for `--json`.
    var report: Report {
        let e = explanation, j = unit
        return Report(
            position: position, character: character, context: context, unit: j, hiddenSize: e.hiddenSize,
            gates: e.gates.map {
                Report.Gate(name: $0.name, activation: $0.activation, inputPart: $0.inputPart[j],
                            inputBias: $0.inputBias[j], hiddenPart: $0.hiddenPart[j], hiddenBias: $0.hiddenBias[j],
                            preActivation: $0.preActivation[j], value: $0.value[j])
            },
            cPrev: e.cPrev[j], c: e.c[j], h: e.h[j], maxDifferenceFromModel: maxDifferenceFromModel)
    }

    /// The explained unit in JSON: layer 0, its four gates, its cell state before and after, its h.
    struct Report: Encodable {
        struct Gate: Encodable {
            var name, activation: String
            var inputPart, inputBias, hiddenPart, hiddenBias, preActivation, value: Double
        }
        var layer = 0
        var position: Int, character, context: String, unit, hiddenSize: Int
        var gates: [Gate]
        var cPrev, c, h, maxDifferenceFromModel: Double
    }
}

/// `text` cut into lines of at most `width` columns at spaces (a longer word stays whole on its own line).
func wrapped(_ text: String, width: Int = 80) -> [String] {
    var lines: [String] = [], line = ""
    for word in text.split(separator: " ") {
        if !line.isEmpty && line.count + 1 + word.count > width {
            lines.append(line)
            line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
    }
    return line.isEmpty ? lines : lines + [line]
}
