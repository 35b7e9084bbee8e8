import Foundation
import LSTMKit
import LSTMKitApps

/// The 80-column text of `lstm explain`: each equation of one LSTM step with its numbers.
struct ExplainText {
    let e: LSTMStepExplanation
    /// How many hidden units to show in the tables (all when H is at most this).
    let units: Int

    static let gateTitles = [
        "i": "Input gate", "f": "Forget gate", "g": "Candidate cell values", "o": "Output gate",
    ]

    /// A number in 4 decimals, right-aligned in 8 columns.
    func n(_ x: Double) -> String {
        let s = String(format: "%.4f", x)
        return String(repeating: " ", count: Swift.max(0, 8 - s.count)) + s
    }

    /// A vector in 4 decimals, the first `units` values.
    func vector(_ v: [Double]) -> String {
        let shown = v.prefix(units).map { String(format: "%.4f", $0) }
        return "[" + shown.joined(separator: ", ") + (v.count > units ? ", ... (\(v.count) values)" : "") + "]"
    }

    /// "W_ii[0] @ x = 0.123*0.500 + -0.321*-1.000 = 0.3825" when the row is short enough, else nil.
    func dotProduct(_ label: String, _ row: [Double], _ v: [Double], _ value: Double) -> String? {
        guard row.count <= 3 else { return nil }
        let terms = zip(row, v).map { String(format: "%.3f*%.3f", $0.0, $0.1) }.joined(separator: " + ")
        return "     \(label) = \(terms) = \(String(format: "%.4f", value))"
    }

    /// Unit `j`'s row of a gate table: the four parts of the pre-activation, their sum a and the gate value.
    func gateRow(_ gate: LSTMStepExplanation.Gate, _ j: Int) -> String {
        n(gate.inputPart[j]) + " +" + n(gate.inputBias[j]) + " +" + n(gate.hiddenPart[j]) + " +" +
            n(gate.hiddenBias[j]) + "   = " + n(gate.preActivation[j]) + "  -> " + n(gate.value[j]).leftPadded(10)
    }

    static let gateLabels = ["i": "i input", "f": "f forget", "g": "g candidate", "o": "o output"]

    /// One unit of the step: its four gates (one row each), then c and h with their numbers.
    func unitLines(_ j: Int) -> [String] {
        let head = "  gate       " + "W_ik@x".leftPadded(8) + "  " + "b_ik".leftPadded(8) + "  " +
            "W_hk@h".leftPadded(8) + "  " + "b_hk".leftPadded(8) + "   = " + "a".leftPadded(8) + "  -> " +
            "value".leftPadded(10)
        var out = [head]
        for gate in e.gates {
            let label = Self.gateLabels[gate.name] ?? gate.name
            out.append("  " + label.padding(toLength: 11, withPad: " ", startingAt: 0) + gateRow(gate, j))
        }
        let (i, f, g, o) = (e.gates[0].value[j], e.gates[1].value[j], e.gates[2].value[j], e.gates[3].value[j])
        func k(_ x: Double) -> String { String(format: "%.4f", x) }
        out.append("  c = f * c_prev + i * g = \(k(f)) * \(k(e.cPrev[j])) + \(k(i)) * \(k(g)) = \(k(e.c[j]))")
        out.append("  h = o * tanh(c)        = \(k(o)) * \(k(e.tanhC[j])) = \(k(e.h[j]))")
        return out
    }

    var lines: [String] {
        let (d, h) = (e.inputSize, e.hiddenSize)
        let shown = Swift.min(units, h)
        var out: [String] = []
        out.append("Gates in PyTorch order i, f, g, o: W_ih [4H, D] = [\(4 * h), \(d)] stacks the blocks")
        out.append("W_ii, W_if, W_ig, W_io of H = \(h) rows each; W_hh [4H, H] = [\(4 * h), \(h)] stacks")
        out.append("W_hi, W_hf, W_hg, W_ho; b_ih and b_hh [4H] likewise. W_ii@x is the vector of")
        out.append("the dot products of each row of W_ii with x; a is the pre-activation.")
        out.append("")
        out.append("x      = " + vector(e.x))
        out.append("h_prev = " + vector(e.hPrev))
        out.append("c_prev = " + vector(e.cPrev))
        for (k, gate) in e.gates.enumerated() {
            let (gn, act) = (gate.name, gate.activation)
            out.append("")
            out.append("\(k + 1). \(Self.gateTitles[gn] ?? gn)  \(gn) = \(act)(W_i\(gn)@x + b_i\(gn) + W_h\(gn)@h_prev + b_h\(gn))")
            if let line = dotProduct("W_i\(gn)[0] @ x", gate.inputWeights[0], e.x, gate.inputPart[0]) { out.append(line) }
            if let line = dotProduct("W_h\(gn)[0] @ h_prev", gate.hiddenWeights[0], e.hPrev, gate.hiddenPart[0]) {
                out.append(line)
            }
            let head = "W_i\(gn)@x".leftPadded(8) + "  " + "b_i\(gn)".leftPadded(8) + "  " + "W_h\(gn)@h".leftPadded(8) +
                "  " + "b_h\(gn)".leftPadded(8) + "   = " + "a".leftPadded(8) + "  -> " + "\(act)(a)".leftPadded(10)
            out.append("   unit " + head)
            for j in 0..<shown { out.append("   " + String(j).leftPadded(4) + " " + gateRow(gate, j)) }
            if shown < h { out.append("   ... \(h - shown) more units (--units \(h) shows all)") }
        }
        let (i, f, g, o) = (e.gates[0].value, e.gates[1].value, e.gates[2].value, e.gates[3].value)
        out.append("")
        out.append("5. New cell state  c = f * c_prev + i * g   (keep some old memory, write new)")
        out.append("   unit " + "f * c_prev".leftPadded(22) + "  " + "i * g".leftPadded(29) + "    " + "c".leftPadded(8))
        for j in 0..<shown {
            out.append("   " + String(j).leftPadded(4) + " " + n(f[j]) + " *" + n(e.cPrev[j]) + " =" + n(e.forgetPart[j]) +
                       "  +" + n(i[j]) + " *" + n(g[j]) + " =" + n(e.writePart[j]) + "   =" + n(e.c[j]))
        }
        out.append("")
        out.append("6. New hidden state  h = o * tanh(c)   (what the next layer and step see)")
        out.append("   unit " + "o".leftPadded(8) + "   " + "tanh(c)".leftPadded(8) + "   = " + "h".leftPadded(8))
        for j in 0..<shown {
            out.append("   " + String(j).leftPadded(4) + " " + n(o[j]) + "  *" + n(e.tanhC[j]) + "   =" + n(e.h[j]))
        }
        if shown < h { out.append("   ... \(h - shown) more units") }
        out.append("")
        out.append("h = " + vector(e.h))
        out.append("c = " + vector(e.c))
        return out
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - count)) + self
    }
}
