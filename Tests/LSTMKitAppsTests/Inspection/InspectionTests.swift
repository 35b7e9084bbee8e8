import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct InspectionTests {
    static let text = "ROMEO:\nBut soft, what light (through yonder) window breaks?\n\nJULIET:\n\"O Romeo\", Romeo!\n"
    static let vocabulary = Vocabulary(tokens: Array(Set(CharacterTokenizer().tokenize(text))).sorted(), specials: .empty)

    func model(layers: Int = 2, seed: UInt64 = 3) -> CharLanguageModel<Float> {
        CharLanguageModel<Float>(config: .init(vocabularySize: Self.vocabulary.count, embeddingSize: 5, hiddenSize: 4,
                                               layerCount: layers),
                                 rng: RandomSource(seed: seed))
    }

    /// The trace agrees with the network's ordinary forward pass (its outputs and final h and c of every layer)
    /// and with the LSTM equations step by step.
    @Test func traceMatchesTheForwardPassAndTheEquations() throws {
        let network = model()
        let trace = try CharModelTrace(network: network, vocabulary: Self.vocabulary, text: Self.text)
        let chars = CharacterTokenizer().tokenize(Self.text)
        #expect(trace.characters == chars && trace.layers.count == 2 && trace.cell == "lstm")
        #expect(trace.layers[0].gateNames == ["i", "f", "g", "o"])
        let (outputs, finals) = withoutGrad {
            let out = network.recurrent(network.embedding(Self.vocabulary.encode(chars), shape: [chars.count, 1]))
            return (out.outputs, out.finalStates)
        }
        let h = trace.layers[1].h.flatMap { $0 }
        #expect(zip(h, outputs.scalars).allSatisfy { abs($0 - Double($1)) < 1e-6 } && h.count == outputs.count)
        for (l, layer) in trace.layers.enumerated() {
            let (hT, cT) = (finals[l].components[0].scalars, finals[l].components[1].scalars)
            #expect(zip(layer.h.last!, hT).allSatisfy { abs($0 - Double($1)) < 1e-6 })
            #expect(zip(layer.c!.last!, cT).allSatisfy { abs($0 - Double($1)) < 1e-6 })
            for t in chars.indices {
                for j in 0..<4 {
                    let (i, f, g, o) = (layer.gates["i"]![t][j], layer.gates["f"]![t][j], layer.gates["g"]![t][j],
                                        layer.gates["o"]![t][j])
                    let cPrev = t == 0 ? 0 : layer.c![t - 1][j]
                    #expect(abs(layer.c![t][j] - (f * cPrev + i * g)) < 1e-5)
                    #expect(abs(layer.h[t][j] - o * tanh(layer.c![t][j])) < 1e-5)
                }
            }
        }
    }

    /// A one-layer model whose unit 0 is built to count the characters of the current line: i, o saturated
    /// open, g = tanh(0.5), f open except at a line break (one-hot embeddings). Every other unit is constant.
    func lineCounter() -> CharLanguageModel<Float> {
        let v = Self.vocabulary.count, h = 3
        let network = CharLanguageModel<Float>(config: .init(vocabularySize: v, embeddingSize: v, hiddenSize: h, layerCount: 1),
                                               rng: RandomSource(seed: 1))
        let newline = Self.vocabulary.id(of: "\n")!
        for (path, p) in network.namedParameters() {
            var s = [Float](repeating: 0, count: p.data.count)
            if path.hasSuffix("embedding.weight") { for k in 0..<v { s[k * v + k] = 1 } }
            if path.hasSuffix("biasIH") { s[0] = 10; s[h] = 10; s[2 * h] = 0.5; s[3 * h] = 10 }   // i, f, g, o of unit 0
            if path.hasSuffix("weightIH") { s[h * v + newline] = -30 }                           // f of unit 0 closes at "\n"
            p.data = Tensor(shape: p.data.shape, scalars: s)
        }
        return network
    }

    @Test func searchFindsTheCellBuiltToTrackPositionInLine() throws {
        let network = lineCounter()
        #expect(network.namedParameters().contains { $0.0.hasSuffix("embedding.weight") })
        let trace = try CharModelTrace(network: network, vocabulary: Self.vocabulary, text: Self.text)
        let found = InterpretableCells.search(trace, top: 2)
        let line = try #require(found.first { $0.feature.name == "position-in-line" })
        #expect(line.cells[0] == InterpretableCell(feature: "position-in-line", layer: 0, unit: 0, state: "c",
                                                   correlation: line.cells[0].correlation))
        #expect(line.cells[0].correlation > 0.999)
        // Units 1 and 2 never change: they have no correlation at all, so only unit 0's c and h are listed.
        #expect(found.allSatisfy { $0.cells.allSatisfy { $0.unit == 0 } })
        let inspection = try Inspection(network: network, vocabulary: Self.vocabulary, text: Self.text, layer: nil,
                                        unit: nil, source: "built")
        #expect(inspection.layer == 0 && inspection.unit == 0)
        let lines = inspection.report.lines
        #expect(lines.contains { $0.hasPrefix("  position-in-line") && $0.contains("layer 0 c[0] +1.000") }, "\(lines)")
    }

    @Test func pearson() {
        #expect(InterpretableCells.pearson([1, 2, 3], [2, 4, 6])! == 1)
        #expect(abs(InterpretableCells.pearson([1, 2, 3], [3, 2, 1])! + 1) < 1e-15)
        #expect(abs(InterpretableCells.pearson([1, 2, 3, 4], [1, 3, 2, 4])! - 0.8) < 1e-12)
        #expect(InterpretableCells.pearson([1, 1, 1], [1, 2, 3]) == nil && InterpretableCells.pearson([1], [2]) == nil)
    }

    @Test func features() {
        let chars = CharacterTokenizer().tokenize("ab \"c(d)\"\nE")
        func values(_ name: String) -> [Double] { CharacterFeature.named(name)!.values(chars) }
        #expect(values("position-in-line") == [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        #expect(values("inside-quotes") == [0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0])
        #expect(values("inside-brackets") == [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0])
        #expect(values("word-start") == [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1])
        #expect(values("uppercase-line") == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(values("line-start") == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func badInputIsOneLineError() throws {
        let network = model(layers: 1)
        #expect(throws: ConfigError("input", "is empty; give at least one character to read")) {
            try CharModelTrace(network: network, vocabulary: Self.vocabulary, text: "")
        }
        #expect(throws: ConfigError("input", "character \"z\" (U+007A) (character 3) is not in the model's vocabulary of " +
                                    "\(Self.vocabulary.count) characters")) {
            try CharModelTrace(network: network, vocabulary: Self.vocabulary, text: "RMz")
        }
        #expect(throws: ConfigError("layer", "is 1, but the model has 1 layer(s): 0...0")) {
            try Inspection(network: network, vocabulary: Self.vocabulary, text: "RM", layer: 1, unit: nil, source: "x")
        }
        #expect(throws: ConfigError("cell", "is 4, but layer 0 has 4 units: 0...3")) {
            try Inspection(network: network, vocabulary: Self.vocabulary, text: "RM", layer: 0, unit: 4, source: "x")
        }
    }

    @Test func pageHasHeatMapsColouredTextAndNoNetwork() throws {
        let inspection = try Inspection(network: model(), vocabulary: Self.vocabulary, text: Self.text, layer: 1,
                                        unit: 2, source: "tiny <model>")
        let html = inspection.page.html()
        let n = CharacterTokenizer().tokenize(Self.text).count
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        // Five heat maps (i, f, o, c, h) of 4 units x n characters, each with an 11-square legend.
        #expect(html.components(separatedBy: "class=\"cell\"").count - 1 == 5 * 4 * n)
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)
        #expect(html.components(separatedBy: "class=\"legend\"").count - 1 == 5 * 11)
        for title in ["gate i", "gate f", "gate o", "cell state c", "hidden state h"] {
            #expect(html.contains("layer 1 \(title) (units x characters)"))
        }
        #expect(!html.contains("gate g"))
        #expect(html.contains("Chosen cell: layer 1 c[2]") && html.contains("title=\"c[2] = "))
        #expect(html.contains("tiny &lt;model&gt;") && !html.contains("<model>"))
        #expect(!html.contains("<script") && !html.contains("src="))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }

    @Test func heatMapSVG() {
        let map = HeatMap(values: [[-2, 0], [1, 2]], rowLabels: ["a", ""], columnLabels: ["x", "<y>"],
                          scale: .diverging(limit: 2), title: "t")
        let svg = map.svg()
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 4)
        #expect(svg.components(separatedBy: "class=\"legend\"").count - 1 == 11)
        #expect(svg.contains("fill=\"rgb(33,102,172)\"") && svg.contains("fill=\"rgb(255,255,255)\"") &&
                svg.contains("fill=\"rgb(178,24,43)\""))
        #expect(svg.contains("<title> / &lt;y&gt;: 2.000</title>") && svg.contains(">-2.00</text>"))
        #expect(ColorScale.shades(0, 1).rgb(0.5) == (128, 128, 128) || ColorScale.shades(0, 1).rgb(0.5) == (127, 127, 127))
        #expect(ColorScale.diverging(limit: 1).rgb(.nan) == (255, 255, 255))
    }

    @Test func coloredText() {
        let svg = ColoredText(characters: ["a", " ", "\n", "<"], values: [1, 0, -1, 0.5], scale: .diverging(limit: 1),
                              title: "t").svg()
        #expect(svg.components(separatedBy: "class=\"char\"").count - 1 == 4)
        #expect(svg.contains("fill=\"rgb(178,24,43)\"><title>1.000</title></rect><text x=\"8\" y=\"41\">a</text>"))
        #expect(svg.contains(">\u{21B5}</text>") && svg.contains(">&lt;</text>") && svg.contains("fill=\"rgb(33,102,172)\""))
    }

    @Test func cellDiagramCarriesTheNumbers() {
        let cell = LSTMCell<Double>(inputSize: 2, hiddenSize: 3, rng: RandomSource(seed: 0))
        let e = LSTMStepExplanation(cell: cell, x: [0.5, -1], hPrev: [0.1, 0.2, -0.3], cPrev: [1, -1, 0.5])
        let svg = LSTMCellDiagram(step: e).svg()
        #expect(svg.components(separatedBy: "class=\"gate\"").count - 1 == 4)
        #expect(svg.components(separatedBy: "class=\"op\"").count - 1 == 5)
        #expect(svg.components(separatedBy: "class=\"wire\"").count - 1 == 12)
        let h = "(" + e.h.map { String(format: "%.2f", $0) }.joined(separator: ", ") + ")"
        #expect(svg.contains(">h = \(h)</text>") && svg.contains(">c_prev = (1.00, -1.00, 0.50)</text>"))
        #expect(svg.contains(">x = (0.50, -1.00)</text>"))
    }
}
