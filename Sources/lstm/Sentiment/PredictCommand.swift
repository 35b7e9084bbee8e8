import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm predict`: the sentiment of sentences, from a checkpoint of `lstm train sentiment`.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify sentences as positive or negative with a `lstm train sentiment` checkpoint.",
        discussion: """
            Each sentence is tokenized like the training data (lower-cased, punctuation split off words); \
            words the training split never had count as <unk>. Prints one line per sentence: the label, its \
            probability and the sentence. A directory stands for DIR/best.safetensors.

            Examples:
              lstm predict runs/sentiment "a gorgeous, witty, seductive movie." "the plot is a mess."
              lstm predict runs/sentiment --file reviews.txt     (one sentence per line; blank lines skipped)
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Argument(help: "Sentences to classify (quote each one).")
    var sentences: [String] = []

    @Option(help: "Also classify every non-blank line of this file.")
    var file: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = Console(json: common.json)
        let info = try TaskCheckpoint.info(at: checkpoint, expected: [SentimentTask.name], command: "predict")
        let url = TaskCheckpoint.resolve(checkpoint)

        // The sentences with where they came from, each checked to hold at least one token.
        var inputs: [(text: String, source: String)] = sentences.enumerated().map { ($1, "sentence \($0 + 1)") }
        if let file {
            let lines = try readLines(file)
            if lines.isEmpty { throw CLIError("--file \(file) has no sentences (every line is blank)") }
            inputs += lines.map { ($0.text, "\(file) line \($0.line)") }
        }
        if inputs.isEmpty {
            throw CLIError("give at least one sentence to classify, or --file FILE (one sentence per line)")
        }
        for input in inputs where SentimentText.tokenize(input.text).isEmpty {
            throw CLIError("\(input.source) is empty (it has no words to classify)")
        }

        let (model, vocabulary, _) = try SentimentTask.loadModel(url, info: info)
        let encoded = inputs.map { SentimentText.encode($0.text, vocabulary) }
        let probabilities = model.probabilities(encoded)                          // [N, 2]
        let classes = model.config.classCount
        var records: [[String: Any]] = []
        for (n, input) in inputs.enumerated() {
            let p = Array(probabilities.scalars[(n * classes)..<((n + 1) * classes)]).map(Double.init)
            let label = p[1] > p[0] ? 1 : 0
            let unknown = encoded[n].filter { $0 == vocabulary.unknownID }.count
            records.append(["sentence": input.text, "label": MovieReviews.classNames[label],
                            "probability": p[label], "positiveProbability": p[1],
                            "tokens": encoded[n].count, "unknownTokens": unknown])
            if !console.json {
                let note = unknown > 0 ? "  (\(unknown) of \(encoded[n].count) words unknown)" : ""
                console.say("\(MovieReviews.classNames[label].padding(toLength: 8, withPad: " ", startingAt: 0)) " +
                            "\(fixed(p[label], 3))  \(input.text)\(note)")
            }
        }
        if console.json { try console.emit(["checkpoint": url.path, "predictions": records]) }
    }

    /// The non-blank lines of `path` with their 1-based line numbers.
    func readLines(_ path: String) throws -> [(text: String, line: Int)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CLIError("--file \(path): no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("--file \(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("--file \(path) is not UTF-8 text")
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, line in
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : (trimmed, i + 1)
        }
    }
}
