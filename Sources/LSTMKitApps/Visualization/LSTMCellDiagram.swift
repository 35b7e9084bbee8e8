import Foundation

/// One LSTM step drawn as the familiar cell diagram (Olah, "Understanding LSTM Networks", 2015), with the
/// step's actual numbers on the wires: the cell state runs along the top (c_prev, times f, plus i * g, c),
/// h_prev and x join at the bottom and feed the four gate layers (sigmoid for f, i, o; tanh for g), and
/// h = o * tanh(c) leaves on the right.
///
///     f = sigmoid(W_if @ x + b_if + W_hf @ h_prev + b_hf)     (i, o alike; g with tanh)
///     c = f * c_prev + i * g
///     h = o * tanh(c)
///
/// Vectors longer than `shownUnits` are cut with "...". The SVG has the gates as `<rect class="gate">`, the
/// pointwise operations as `<circle class="op">` and every wire label as `<text class="wire">`.
public struct LSTMCellDiagram {
    public var step: LSTMStepExplanation
    public var shownUnits = 4

    public init(step: LSTMStepExplanation) { self.step = step }

    func vector(_ v: [Double]) -> String {
        "(" + v.prefix(shownUnits).map { String(format: "%.2f", $0) }.joined(separator: ", ") +
            (v.count > shownUnits ? ", ..." : "") + ")"
    }

    public func svg() -> String {
        let e = step
        let (i, f, g, o) = (e.gates[0].value, e.gates[1].value, e.gates[2].value, e.gates[3].value)
        let (width, height) = (900, 520)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="sans-serif" font-size="12">
            <title>One LSTM step (D = \(e.inputSize), H = \(e.hiddenSize)) with its numbers</title>
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">\
            <path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>
            <rect width="\(width)" height="\(height)" fill="white"/>
            <rect x="150" y="55" width="600" height="370" rx="18" fill="#eef5fb" stroke="#7aa6c9"/>
            <text x="220" y="445" fill="#446">one step: D = \(e.inputSize) inputs, H = \(e.hiddenSize) units\
            \(e.hiddenSize > shownUnits ? " (first \(shownUnits) shown)" : "")</text>

            """
        func line(_ points: [(Int, Int)], arrow: Bool = true, color: String = "#333") {
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"" +
                points.map { "\($0.0),\($0.1)" }.joined(separator: " ") + "\"" +
                (arrow ? " marker-end=\"url(#arrow)\"" : "") + "/>\n"
        }
        func op(_ x: Int, _ y: Int, _ symbol: String, _ name: String) {
            svg += "<circle class=\"op\" cx=\"\(x)\" cy=\"\(y)\" r=\"12\" fill=\"#f9d6d5\" stroke=\"#c44\"><title>\(name)</title></circle>\n" +
                "<text x=\"\(x)\" y=\"\(y + 5)\" text-anchor=\"middle\" font-size=\"16\">\(symbol)</text>\n"
        }
        func gate(_ x: Int, _ y: Int, _ activation: String, _ name: String) {
            svg += "<rect class=\"gate\" x=\"\(x - 30)\" y=\"\(y - 17)\" width=\"60\" height=\"34\" rx=\"4\" fill=\"#fbe7a1\" " +
                "stroke=\"#b08d00\"><title>gate \(name)</title></rect>\n" +
                "<text x=\"\(x)\" y=\"\(y + 5)\" text-anchor=\"middle\">\(activation) (\(name))</text>\n"
        }
        func label(_ x: Int, _ y: Int, _ name: String, _ v: [Double], anchor: String = "start") {
            svg += "<text class=\"wire\" x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" font-family=\"monospace\" " +
                "font-size=\"10\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(escapeXML(name)) = \(vector(v))</text>\n"
        }
        // The cell state along the top.
        line([(30, 100), (248, 100)])
        line([(272, 100), (468, 100)])
        line([(492, 100), (880, 100)])
        // h_prev and x join at the bottom and feed the gates.
        line([(30, 380), (600, 380)], arrow: false)
        line([(200, 500), (200, 380)], arrow: false)
        for x in [260, 380, 480, 600] { line([(x, 380), (x, 319)]) }
        // f to the forget multiplication; i and g to their product, then to the sum.
        line([(260, 283), (260, 114)])
        line([(380, 283), (380, 200), (466, 200)])
        line([(480, 283), (480, 214)])
        line([(480, 186), (480, 114)])
        // tanh(c) and o to h.
        line([(680, 100), (680, 152)])
        line([(680, 188), (680, 226)])
        line([(600, 283), (600, 240), (666, 240)])
        line([(694, 240), (880, 240)])
        op(260, 100, "\u{00D7}", "f * c_prev")
        op(480, 100, "+", "c = f * c_prev + i * g")
        op(480, 200, "\u{00D7}", "i * g")
        op(680, 240, "\u{00D7}", "h = o * tanh(c)")
        svg += "<ellipse class=\"op\" cx=\"680\" cy=\"170\" rx=\"26\" ry=\"16\" fill=\"#f9d6d5\" stroke=\"#c44\"/>\n" +
            "<text x=\"680\" y=\"175\" text-anchor=\"middle\">tanh</text>\n"
        gate(260, 300, "\u{03C3}", "f")
        gate(380, 300, "\u{03C3}", "i")
        gate(480, 300, "tanh", "g")
        gate(600, 300, "\u{03C3}", "o")
        label(30, 92, "c_prev", e.cPrev)
        label(278, 92, "f*c_prev", e.forgetPart)
        label(500, 92, "c", e.c)
        label(254, 210, "f", f, anchor: "end")
        label(374, 255, "i", i, anchor: "end")
        label(486, 250, "g", g)
        label(486, 160, "i*g", e.writePart)
        label(606, 272, "o", o)
        label(688, 140, "tanh(c)", e.tanhC)
        label(700, 232, "h", e.h)
        label(30, 372, "h_prev", e.hPrev)
        label(208, 495, "x", e.x)
        return svg + "</svg>\n"
    }
}
