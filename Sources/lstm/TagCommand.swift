import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm tag`: a trained tagger on sentences.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Tag sentences with a `lstm train tag` checkpoint (one word and its tag per line).",
        discussion: """
            Words are separated by spaces, as in the training files (so split
            punctuation off: "barked ." not "barked."). A model trained with extra
            columns (CoNLL-2000's POS tags) needs them on every word: word|TAG.
              lstm tag runs/pos "The dog barked at the mailman ."
              lstm tag runs/chunk "He|PRP reckons|VBZ the|DT deficit|NN will|MD narrow|VB .|."
              lstm tag runs/pos --file sentences.txt      (one sentence per line)
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Argument(help: "Sentences to tag.")
    var sentences: [String] = []

    @Option(help: "A file with one sentence per line.")
    var file: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        guard case .tag(let model) = try CLIError.wrapping({ try TaskCheckpoint.load(checkpoint) }) else {
            let task = (try? TaskCheckpoint.load(checkpoint).taskName) ?? "another"
            throw CLIError("\(checkpoint) is a \(task) checkpoint; `lstm tag` needs one written by `lstm train tag`")
        }
        let all = sentences + (try file.map(PredictCommand.lines(of:)) ?? [])
        if all.isEmpty { throw CLIError("give sentences to tag, or --file with one sentence per line") }
        for sentence in all {
            let words = try CLIError.wrapping { try model.tag(sentence) }
            try console.report(TagPredictions(checkpoint: model.path, words: words))
        }
    }
}
