import Foundation
import LSTMKit

/// `lstm inspect` on a character model: the trace of a text, the search for interpretable cells, the chosen
/// cell, the terminal report and the HTML page.
///
///     let model = try TextgenTask.load(URL(fileURLWithPath: "runs/textgen/best.safetensors"))
///     let inspection = try Inspection(model: model, text: "ROMEO:\nBut soft!\n", layer: nil, unit: nil)
///     inspection.report.lines.forEach { print($0) }
///     try Data(inspection.page.html().utf8).write(to: URL(fileURLWithPath: "inspect.html"))
public struct Inspection {
    public let trace: CharModelTrace
    public let found: [(feature: CharacterFeature, cells: [InterpretableCell])]
    /// The layer drawn and the unit whose state colours the text.
    public let layer: Int, unit: Int
    public let source: String

    /// Traces `text` through `model`. `layer` and `unit` choose the cell that colours the text; nil chooses
    /// the cell state with the largest |r| with any feature (and its layer). One-line errors for a layer or
    /// unit out of range and for the text (`CharModelTrace`).
    public init(network: CharLanguageModel<Float>, vocabulary: Vocabulary, text: String, layer: Int?, unit: Int?,
                top: Int = 3, source: String) throws {
        let layerCount = network.config.recurrent.layerCount
        if let layer, !(0..<layerCount).contains(layer) {
            throw ConfigError("layer", "is \(layer), but the model has \(layerCount) layer(s): 0...\(layerCount - 1)")
        }
        try Check.atLeast(top, 1, "top")
        let trace = try CharModelTrace(network: network, vocabulary: vocabulary, text: text)
        let found = InterpretableCells.search(trace, top: top)
        let best = found.flatMap(\.cells).filter { $0.state == "c" && (layer == nil || $0.layer == layer) }
            .max { abs($0.correlation) < abs($1.correlation) }
        let chosenLayer = layer ?? best?.layer ?? layerCount - 1
        let units = trace.layers[chosenLayer].units
        if let unit, !(0..<units).contains(unit) {
            throw ConfigError("cell", "is \(unit), but layer \(chosenLayer) has \(units) units: 0...\(units - 1)")
        }
        self.trace = trace
        self.found = found
        self.layer = chosenLayer
        self.unit = unit ?? (best?.layer == chosenLayer ? best!.unit : 0)
        self.source = source
    }

    public init(model: TextgenModel, text: String, layer: Int?, unit: Int?, top: Int = 3) throws {
        try self.init(network: model.network, vocabulary: model.vocabulary, text: text, layer: layer, unit: unit,
                      top: top, source: model.path)
    }

    public var page: InspectPage { InspectPage(trace: trace, found: found, layer: layer, unit: unit, source: source) }

    public var report: InspectReport {
        InspectReport(checkpoint: source, characters: trace.characters.count, cell: trace.cell,
                      layers: trace.layers.count, units: trace.layers.first?.units ?? 0, layer: layer, unit: unit,
                      features: found.map { .init(name: $0.feature.name, summary: $0.feature.summary, cells: $0.cells) })
    }
}

/// What `lstm inspect` prints: the best cells per feature with their correlation.
public struct InspectReport: TaskReport {
    public struct Feature: Encodable {
        public var name, summary: String
        public var cells: [InterpretableCell]
    }
    public var checkpoint: String
    public var characters: Int, cell: String, layers: Int, units: Int
    /// The chosen layer and unit (their c colours the text of the page).
    public var layer: Int, unit: Int
    public var features: [Feature]
    /// The HTML page written, if any.
    public var output: String?

    public var lines: [String] {
        var lines = ["\(checkpoint): read \(characters) characters through \(layers) \(cell) layer(s) of \(units) units",
                     "most interpretable cells (Pearson r of the cell's state with the feature, over the input):"]
        let width = (features.map(\.name.count).max() ?? 0) + 2
        for f in features {
            let cells = f.cells.map { "\($0.cellName) \(String(format: "%+.3f", $0.correlation))" }
            lines.append("  " + f.name.padding(toLength: width, withPad: " ", startingAt: 0) + cells.joined(separator: "   "))
        }
        if features.isEmpty { lines.append("  (no feature varies over this input; give a longer text)") }
        lines.append("chosen cell: layer \(layer) unit \(unit)")
        if let output { lines.append("wrote \(output)") }
        return lines
    }
}
