import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm inspect`: what the cells of a trained character model do on a text (gates, cell and hidden state
/// over time, the most interpretable cells), or where a translation model's attention looks.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Look inside a trained model: gate and state heat maps and interpretable cells (textgen), attention (translate).",
        discussion: """
            A textgen checkpoint reads the input from a zero state and records, for every character and every unit of every layer, the gates i, f, g, o, the cell state c and the hidden state h. It then correlates every cell's c and h with simple features of the text (position in line, inside quotes, inside brackets, start of a word, vowel, ...) and prints the cells with the largest Pearson |r| per feature.

            --output writes a self-contained HTML page (inline SVG, no network): the text coloured by the chosen cell (--layer, --cell; by default the cell state with the largest |r|) and by each feature's best cell, and heat maps (units x time) of i, f, o, c and h.

              lstm inspect runs/textgen --input-file play.txt --output inspect.html

              lstm inspect runs/textgen --input "ROMEO:\\nBut soft!" --layer 1 --cell 17

            A translate checkpoint translates the input sentence and draws its attention matrix (target x source words) in the same heat-map view.
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Option(help: "The text to read (\\n in it is a line break).")
    var input: String?

    @Option(help: "A UTF-8 file whose text is read instead of --input.")
    var inputFile: String?

    @Option(parsing: .unconditional, help: "The layer drawn and whose cell colours the text (default: that of the most interpretable cell).")
    var layer: Int?

    @Option(parsing: .unconditional, help: "The unit of --layer whose cell state colours the text (default: the most interpretable one).")
    var cell: Int?

    @Option(parsing: .unconditional, help: "Cells listed per feature.")
    var top = 3

    @Option(help: "The HTML page to write (FILE.html).")
    var output: String?

    @Option(help: "Textgen checkpoints: also write the text coloured by the chosen cell as an SVG image (FILE.svg).")
    var textSvg: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let text: String
        switch (input, inputFile) {
        case (let input?, nil): text = input.replacingOccurrences(of: "\\n", with: "\n")
        case (nil, let file?):
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError("cannot read --input-file \(file): no such file or not readable")
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw CLIError("--input-file \(file) is not UTF-8 text")
            }
            text = decoded
        case (nil, nil): throw CLIError("give the text to read: --input TEXT or --input-file FILE")
        case (_?, _?): throw CLIError("give either --input or --input-file, not both")
        }
        let loaded = try CLIError.wrapping { try TaskCheckpoint.load(checkpoint) }
        let (page, report): (String, any TaskReport)
        var textPicture: String?
        switch loaded {
        case .textgen(let model):
            let inspection = try wrapping { try Inspection(model: model, text: text, layer: layer, unit: cell, top: top) }
            var r = inspection.report
            r.output = output
            (page, report) = (inspection.page.html(), r)
            textPicture = inspection.page.chosenCellSVG()
        case .translate(let model):
            if layer != nil || cell != nil || textSvg != nil {
                throw CLIError("--layer, --cell and --text-svg apply to textgen checkpoints only")
            }
            let sentence = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if sentence.isEmpty {
                throw CLIError("\(inputFile.map { "--input-file \($0)" } ?? "--input") is empty; give a sentence to translate")
            }
            let translation = try CLIError.wrapping { try model.translate(sentence) }
            (page, report) = (AttentionPage.html(translation, source: model.path),
                              AttentionInspectReport(checkpoint: model.path, translation: translation, output: output))
        default:
            throw CLIError("\(checkpoint) is a \(loaded.taskName) checkpoint, but `lstm inspect` needs one of " +
                           "`lstm train textgen` or `lstm train translate`")
        }
        if let output {
            do { try Data(page.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError("cannot write --output \(output) (\(error.localizedDescription))")
            }
        }
        if let textSvg, let textPicture {
            do { try Data(textPicture.utf8).write(to: URL(fileURLWithPath: textSvg), options: .atomic) } catch {
                throw CLIError("cannot write --text-svg \(textSvg) (\(error.localizedDescription))")
            }
        }
        try common.console.report(report)
    }

    /// `body`'s errors as one line; an input-file's problems name the file rather than --input.
    func wrapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ConfigError where error.field == "input" && inputFile != nil {
            throw CLIError("--input-file \(inputFile!): \(error.message)")
        } catch { throw CLIError(CLIError.message(for: error)) }
    }
}
