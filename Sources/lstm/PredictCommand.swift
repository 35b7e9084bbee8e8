import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm predict`: a trained model on new input.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Use a trained model: classify texts (sentiment), sequences (classify) or recordings (speech), forecast past the data's end.",
        discussion: """
              lstm predict runs/sentiment "a gripping film" "a dull mess"
              lstm predict runs/sentiment --file reviews.txt     (one text per line)
              lstm predict runs/classify-BasicMotions --file new.ts
              lstm predict runs/forecast-co2        (the next --horizon steps after the data)
              lstm predict runs/speech 7_george_3.wav  (speech: WAV files; or --file F.wav)
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Argument(help: "Texts to classify (sentiment checkpoints); WAV files (speech checkpoints).")
    var texts: [String] = []

    @Option(help: "A file of inputs: one text per line (sentiment); a .ts or CSV file of sequences (classify); a WAV file (speech).")
    var file: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        switch try CLIError.wrapping({ try TaskCheckpoint.load(checkpoint) }) {
        case .sentiment(let model):
            let all = texts + (try file.map(Self.lines(of:)) ?? [])
            if all.isEmpty { throw CLIError("give texts to classify, or --file with one text per line") }
            let predictions = try CLIError.wrapping { try model.predict(all) }
            try console.report(TextPredictions(checkpoint: model.path, classNames: model.classNames,
                                               predictions: predictions))
        case .classify(let model):
            guard let file, texts.isEmpty else {
                throw CLIError("a classify checkpoint predicts the sequences of a file: give --file F.ts or F.csv")
            }
            try console.report(try CLIError.wrapping { try model.predict(file: file) })
        case .forecast(let model):
            if !texts.isEmpty || file != nil {
                throw CLIError("a forecast checkpoint forecasts the steps after the end of its data; give no texts or --file")
            }
            try console.report(try CLIError.wrapping { try model.forecastFuture(observer: console.observer) })
        case .speech(let model):
            let files = texts + (file.map { [$0] } ?? [])
            if files.isEmpty { throw CLIError("a speech checkpoint classifies recordings: give WAV files (or --file F.wav)") }
            try console.report(try CLIError.wrapping { try model.predict(files: files) })
        case .tag:
            throw CLIError("\(checkpoint) is a tag checkpoint; use `lstm tag` for it")
        case .textgen:
            throw CLIError("\(checkpoint) is a textgen checkpoint; use `lstm sample` for it")
        case .wordlm:
            throw CLIError("\(checkpoint) is a wordlm checkpoint; use `lstm sample` or `lstm evaluate` for it")
        case .translate:
            throw CLIError("\(checkpoint) is a translate checkpoint; use `lstm translate` for it")
        case .nextframe:
            throw CLIError("\(checkpoint) is a nextframe checkpoint; `lstm evaluate` scores it and training writes its strips")
        case .music:
            throw CLIError("\(checkpoint) is a music checkpoint; use `lstm sample \(checkpoint) --output FILE.mid` " +
                           "to generate a chorale, `lstm evaluate` to score it")
        case .sst:
            throw CLIError("\(checkpoint) is an sst checkpoint, which classifies parsed trees; use `lstm evaluate " +
                           "\(checkpoint) --data FILE` on a treebank file")
        case .anomaly:
            throw CLIError("\(checkpoint) is an anomaly checkpoint; `lstm evaluate \(checkpoint) [--data FILE]` scores " +
                           "the windows of a data file")
        case .rl:
            throw CLIError("\(checkpoint) is an rl checkpoint (a policy); `lstm evaluate \(checkpoint)` plays its evaluation episodes")
        }
    }

    /// The non-empty lines of a UTF-8 text file (at most 64 MB).
    static func lines(of path: String) throws -> [String] {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > 64 << 20 { throw CLIError("--file \(path) has \(size) bytes; at most 64 MB are read") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CLIError("--file \(path): no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("--file \(path) is not valid UTF-8") }
        return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
    }
}
