import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm translate`: sentences through a checkpoint written by `lstm train translate`.
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate sentences with a checkpoint written by `lstm train translate`.",
        discussion: """
            Prints one translation per sentence (greedy, or the best of a beam
            search with --beam N). --attention adds a text heat map of the
            attention weights: one row per generated token, one column per
            source token, darker = more weight (░ >= 0.1, ▒ >= 0.3, ▓ >= 0.5,
            █ >= 0.7). --attention-svg FILE writes the same map as an SVG image
            (of the first sentence).
              lstm translate runs/translate "Ein Mann fährt Fahrrad."
              lstm translate runs/translate "Zwei Hunde." --beam 5 --attention
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Argument(help: "Sentences in the checkpoint's source language.")
    var sentences: [String] = []

    @Option(help: "A file with one sentence per line to translate.")
    var file: String?

    @Option(parsing: .unconditional, help: "Beam width (1: greedy decoding).")
    var beam = 1

    @Flag(help: "Print a text heat map of the attention weights under each translation.")
    var attention = false

    @Option(help: "Write an SVG heat map of the first sentence's attention weights to FILE.")
    var attentionSvg: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        let all = sentences + (try file.map(PredictCommand.lines(of:)) ?? [])
        if all.isEmpty { throw CLIError("give sentences to translate, or --file with one sentence per line") }
        if beam < 1 { throw CLIError("--beam must be at least 1, got \(beam)") }
        if beam > TranslateConfig.maximumBeamWidth {
            throw CLIError("--beam must be at most \(TranslateConfig.maximumBeamWidth), got \(beam)")
        }
        let model = try CLIError.wrapping { try TranslateTask.load(URL(fileURLWithPath: checkpoint)) }
        let translations = try CLIError.wrapping {
            beam == 1 ? try model.translate(all) : try all.map { try model.translate($0, beamWidth: beam) }
        }
        if let attentionSvg {
            let url = URL(fileURLWithPath: attentionSvg)
            do { try Data(AttentionHeatMap.svg(translations[0]).utf8).write(to: url, options: .atomic) } catch {
                throw CLIError("cannot write --attention-svg \(attentionSvg) (\(error.localizedDescription))")
            }
        }
        try console.report(TranslationsReport(checkpoint: model.path, beam: beam, attention: attention,
                                              translations: translations))
    }
}

/// What `lstm translate` prints: each translation, and with `--attention` its heat map.
struct TranslationsReport: TaskReport {
    var checkpoint: String
    var beam: Int
    var attention: Bool
    var translations: [Translation]

    var lines: [String] {
        translations.flatMap { t -> [String] in
            var lines = [t.text]
            if !t.unknownSourceTokens.isEmpty {
                lines.append("  (unknown to the model: \(t.unknownSourceTokens.joined(separator: " ")))")
            }
            if !t.finished { lines.append("  (cut at the length limit)") }
            if attention { lines += AttentionHeatMap.text(t).map { "  " + $0 } }
            return lines
        }
    }
}
