import Foundation
import Plot

/// The self-contained HTML page of `lstm inspect` (inline SVG and CSS, no script, no network): the most
/// interpretable cells per feature, the text coloured by a chosen cell (red positive, blue negative, white 0,
/// as in Karpathy, Johnson and Fei-Fei 2015), the text coloured by each feature's best cell, and heat maps
/// (units x time) of one layer's i, f, o, c and h. The page is built with Plot (every text escaped); the heat
/// maps are ``HeatMap``'s SVG (also written alone as .svg files).
public struct InspectPage {
    public var trace: CharModelTrace
    public var found: [(feature: CharacterFeature, cells: [InterpretableCell])]
    /// The layer whose heat maps are drawn.
    public var layer: Int
    /// The unit of `layer` whose c colours the text.
    public var unit: Int
    /// Where the model came from (shown in the header).
    public var source: String

    /// At most this many characters are drawn (heat maps and coloured text).
    public static let shownCharacters = 160
    /// At most this many units per heat map: the chosen one, the layer's interpretable ones, then in order.
    public static let shownUnits = 32

    public init(trace: CharModelTrace, found: [(feature: CharacterFeature, cells: [InterpretableCell])],
                layer: Int, unit: Int, source: String) {
        self.trace = trace
        self.found = found
        self.layer = layer
        self.unit = unit
        self.source = source
    }

    public func html() -> String {
        let l = trace.layers[layer]
        let shown = Array(trace.characters.prefix(Self.shownCharacters))
        let state = l.c == nil ? "h" : "c"
        let intro = "\(trace.characters.count) characters read from a zero state by \(trace.layers.count) \(trace.cell) " +
            "layer(s) of \(l.units) units. Colours: red = positive, blue = negative, white = 0 (each cell scaled by " +
            "its largest |value| on this text). The first \(shown.count) characters are drawn."
        var body: [Node<HTML.BodyContext>] = [
            .h1(.text("Inside the LSTM: \(source)")), .p(.text(intro)),
            .h2(.text("Chosen cell: layer \(layer) \(state)[\(unit)]")),
            coloredText(shown, values: (l.c ?? l.h).map { $0[unit] }, name: "\(state)[\(unit)]"),
            .h2(.text("Interpretable cells")),
            .p(.text("Pearson's r of each cell's c (and h) with simple features of the text, over all " +
                     "\(trace.characters.count) characters; the best cells of every layer.")),
        ]
        var rows: [Node<HTML.BodyContext>] = [tag("tr", ["feature", "what it measures", "cell", "r"].map { tag("th", [.text($0)]) })]
        for (feature, cells) in found {
            for (k, cell) in cells.enumerated() {
                let lead: [Node<HTML.BodyContext>] = k > 0 ? [] : [
                    tag("td", [at("rowspan", String(cells.count)), .text(feature.name)]),
                    tag("td", [at("rowspan", String(cells.count)), .text(feature.summary)]),
                ]
                rows.append(tag("tr", lead + [tag("td", [.text(cell.cellName)]),
                                              tag("td", [.text(String(format: "%+.3f", cell.correlation))])]))
            }
        }
        body.append(tag("table", rows))
        for (feature, cells) in found {
            guard let best = cells.first else { continue }
            let layerTrace = trace.layers[best.layer]
            let matrix = best.state == "c" ? (layerTrace.c ?? layerTrace.h) : layerTrace.h
            body.append(.h3(.text("\(feature.name): \(best.cellName), r = \(String(format: "%+.3f", best.correlation))")))
            body.append(coloredText(shown, values: matrix.map { $0[best.unit] }, name: best.cellName))
        }
        body.append(.h2(.text("Layer \(layer) over time")))
        body.append(.p(.text("Rows: units (the chosen cell and this layer's interpretable cells first); columns: " +
                             "characters. Hover a square for its value.")))
        let units = shownUnits(l)
        var maps: [(String, [[Double]], ColorScale)] = l.gateNames.filter { $0 != "g" }
            .map { ("gate \($0)", l.gates[$0]!, .shades(0, 1)) }
        if let c = l.c { maps.append(("cell state c", c, .diverging(limit: maxAbs(c, units)))) }
        maps.append(("hidden state h", l.h, .diverging(limit: maxAbs(l.h, units))))
        for (name, matrix, scale) in maps {
            body.append(.div(.class("map"), .raw(heatMap(name, matrix, units: units, shown: shown, scale: scale).svg())))
        }
        return HTML(.head(.encoding(.utf8), ReportAssets.title("lstm inspect: \(source)"), .style(Self.css)), .body(.group(body)))
            .render() + "\n"
    }

    static let css = """
        body { font-family: sans-serif; margin: 1.5em; max-width: 100em; }
        .text { font-family: monospace; font-size: 15px; line-height: 1.5; white-space: pre-wrap; border: 1px solid #ccc; padding: 0.5em; }
        .text span { padding: 1px 0; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
        .map { overflow-x: auto; }
        """

    /// The first `shownCharacters` characters coloured by the chosen cell, as SVG.
    public func chosenCellSVG() -> String {
        let l = trace.layers[layer], state = l.c == nil ? "h" : "c"
        let shown = Array(trace.characters.prefix(Self.shownCharacters))
        let values = (l.c ?? l.h).prefix(shown.count).map { $0[unit] }
        return ColoredText(characters: shown, values: values,
                           scale: .diverging(limit: max(values.map(abs).max() ?? 1, 1e-6)),
                           title: "layer \(layer) \(state)[\(unit)] (red > 0, blue < 0)").svg()
    }

    /// The units drawn in the heat maps.
    func shownUnits(_ l: CharModelTrace.Layer) -> [Int] {
        var units = [unit]
        for (_, cells) in found { for c in cells where c.layer == layer && !units.contains(c.unit) { units.append(c.unit) } }
        for j in 0..<l.units where units.count < Self.shownUnits && !units.contains(j) { units.append(j) }
        return Array(units.prefix(Self.shownUnits))
    }

    func maxAbs(_ m: [[Double]], _ units: [Int]) -> Double {
        max(m.prefix(Self.shownCharacters).flatMap { row in units.map { abs(row[$0]) } }.max() ?? 1, 1e-6)
    }

    func heatMap(_ name: String, _ m: [[Double]], units: [Int], shown: [String], scale: ColorScale) -> HeatMap {
        let labels = shown.map(Self.visible)
        let unitNames = units.map { "\($0)" }
        return HeatMap(values: units.map { j in shown.indices.map { m[$0][j] } }, rowLabels: unitNames,
                       columnLabels: labels, scale: scale, title: "layer \(layer) \(name) (units x characters)",
                       cellWidth: 9, cellHeight: 9,
                       tooltip: { r, c, v in "u\(unitNames[r]) t\(c) \(labels[c]): \(String(format: "%.3f", v))" })
    }

    /// The text with each character's background coloured by `values` (diverging scale at the largest |value|).
    func coloredText(_ chars: [String], values: [Double], name: String) -> Node<HTML.BodyContext> {
        let scale = ColorScale.diverging(limit: max(values.prefix(chars.count).map(abs).max() ?? 1, 1e-6))
        return .div(.class("text"), .group(chars.enumerated().map { t, c in
            tag("span", [at("style", "background:\(scale.color(values[t]))"),
                         at("title", "\(name) = \(String(format: "%.3f", values[t]))"),
                         .text(c == "\n" ? "\u{21B5}\n" : c)])
        }))
    }

    /// A character as a label: the line break as "\n", the space as "_".
    static func visible(_ c: String) -> String { c == "\n" ? "\\n" : c == " " ? "_" : c }
}
