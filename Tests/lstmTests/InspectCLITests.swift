import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

@Suite struct InspectCLITests {
    /// A tiny textgen checkpoint trained on `TinyData.text`.
    func checkpoint(_ dir: TemporaryDirectory) throws -> String {
        let run = lstm(try TinyData.textgen(dir))
        try #require(run.status == 0, "\(run.error)")
        return dir.path("run")
    }

    @Test func inspectPrintsCellsAndWritesThePage() throws {
        let dir = TemporaryDirectory()
        let model = try checkpoint(dir)
        let input = try dir.write("ROMEO:\nBut soft, what light through yonder window breaks? O Romeo\n", to: "in.txt")
        let run = lstm(["inspect", model, "--input-file", input, "--output", dir.path("page.html"), "--layer", "0",
                        "--cell", "5", "--top", "2", "--text-svg", dir.path("cell.svg")])
        try #require(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        try #require(lines.count > 3)
        #expect(lines[0].hasSuffix("read 66 characters through 1 lstm layer(s) of 8 units"), "\(lines)")
        #expect(lines[1] == "most interpretable cells (Pearson r of the cell's state with the feature, over the input):")
        let position = try #require(lines.first { $0.hasPrefix("  position-in-line") })
        #expect(position.components(separatedBy: "layer 0 ").count - 1 == 2, "\(position)")
        #expect(lines.suffix(2) == ["chosen cell: layer 0 unit 5", "wrote \(dir.path("page.html"))"])
        let html = try String(contentsOfFile: dir.path("page.html"), encoding: .utf8)
        #expect(html.contains("Chosen cell: layer 0 c[5]") && html.contains("<svg") && html.contains("class=\"cell\""))
        #expect(html.components(separatedBy: "class=\"cell\"").count - 1 == 5 * 8 * 66)
        let svg = try String(contentsOfFile: dir.path("cell.svg"), encoding: .utf8)
        #expect(svg.components(separatedBy: "class=\"char\"").count - 1 == 66 && svg.contains("layer 0 c[5]"))
    }

    @Test func inspectTextWithJSONAndDefaults() throws {
        let dir = TemporaryDirectory()
        let model = try checkpoint(dir)
        let json = try expectJSON(lstm(["inspect", model, "--input", "ROMEO:\\nBut soft, Romeo?\\n", "--json"]))
        #expect(json["characters"].int == 24 && json["units"].int == 8 && json["output"].isNull)
        #expect(json["features"].array.contains { $0["name"].string == "position-in-line" })
        let cell = json["features"][0]["cells"][0]
        #expect(cell["layer"].int == 0 && cell["correlation"].double != nil && ["c", "h"].contains(cell["state"].string))
        #expect(!dir.exists("inspect.html"))
    }

    @Test func badInputIsOneLineAndWritesNothing() throws {
        let dir = TemporaryDirectory()
        let model = try checkpoint(dir)
        let out = dir.path("page.html")
        expectOneLineError(lstm(["inspect", dir.path("missing"), "--input", "RO", "--output", out]), "missing")
        expectOneLineError(lstm(["inspect", model, "--input", "", "--output", out]), "--input is empty")
        expectOneLineError(lstm(["inspect", model, "--input", "ROMEz", "--output", out]),
                           "--input character \"z\" (U+007A) (character 5) is not in the model's vocabulary")
        let file = try dir.write("RO\u{00E9}", to: "bad.txt")   // é is not in the vocabulary
        expectOneLineError(lstm(["inspect", model, "--input-file", file, "--output", out]),
                           "--input-file \(file): character", "(character 3)")
        expectOneLineError(lstm(["inspect", model]), "--input TEXT or --input-file FILE")
        expectOneLineError(lstm(["inspect", model, "--input", "RO", "--input-file", file]), "not both")
        expectOneLineError(lstm(["inspect", model, "--input-file", dir.path("nope.txt")]), "cannot read --input-file")
        expectOneLineError(lstm(["inspect", model, "--input", "RO", "--layer", "1", "--output", out]),
                           "--layer is 1, but the model has 1 layer(s)")
        expectOneLineError(lstm(["inspect", model, "--input", "RO", "--cell", "8", "--output", out]),
                           "--cell is 8, but layer 0 has 8 units")
        #expect(!dir.exists("page.html"))
    }

    @Test func wrongTaskIsOneLine() throws {
        let dir = TemporaryDirectory()
        let run = lstm(TinyData.sentiment(dir, data: try TinyData.movieReviews(dir), output: "sentiment"))
        try #require(run.status == 0, "\(run.error)")
        expectOneLineError(lstm(["inspect", dir.path("sentiment"), "--input", "a film"]),
                           "is a sentiment checkpoint, but `lstm inspect` needs one of `lstm train textgen` or `lstm train translate`")
    }

    @Test func translateCheckpointShowsItsAttention() throws {
        let dir = TemporaryDirectory()
        var train = TinyParallel.train(dir, data: try TinyParallel.corpus(dir))
        train[train.firstIndex(of: "8")!] = "1"   // one epoch: the attention view, not the translation, is tested
        let trained = lstm(train)
        try #require(trained.status == 0, "\(trained.error)")
        let run = lstm(["inspect", dir.path("run"), "--input", "eins zwei.", "--output", dir.path("att.html")])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains(": eins zwei. -> ") && run.output.hasSuffix("wrote \(dir.path("att.html"))\n"))
        let html = try String(contentsOfFile: dir.path("att.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("class=\"cell\"") && html.contains("Source: eins zwei."))
        expectOneLineError(lstm(["inspect", dir.path("run"), "--input", "eins", "--cell", "1"]),
                           "--layer, --cell and --text-svg apply to textgen checkpoints only")
    }

    @Test func explainDrawsTheCellDiagram() throws {
        let dir = TemporaryDirectory()
        let run = lstm(["explain", "--svg", dir.path("step.svg")])
        #expect(run.status == 0, "\(run.error)")
        let svg = try String(contentsOfFile: dir.path("step.svg"), encoding: .utf8)
        #expect(svg.contains(">x = (0.50, -1.00)</text>") && svg.components(separatedBy: "class=\"gate\"").count == 5)
        expectOneLineError(lstm(["explain", "--svg", dir.path("no/such/dir/step.svg")]), "cannot write --svg")
    }

    @Test func vanishingGradientReport() throws {
        let dir = TemporaryDirectory()
        let run = lstm(["demo", "vanishing-gradient", "--length", "5", "--iterations", "2", "--hidden-size", "3",
                        "--report-every", "2", "--report", dir.path("vg.html")])
        #expect(run.status == 0, "\(run.error)")
        let html = try String(contentsOfFile: dir.path("vg.html"), encoding: .utf8)
        // Two charts (at initialization, after training) of three models over T = 5 steps.
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2)
        #expect(html.components(separatedBy: "class=\"line\"").count - 1 == 6)
        #expect(html.components(separatedBy: "class=\"point\"").count - 1 == 30)
        #expect(html.contains("data-tip=\"LSTM: step t 5, gradient norm ") && html.contains("stroke-dasharray"))
    }
}
