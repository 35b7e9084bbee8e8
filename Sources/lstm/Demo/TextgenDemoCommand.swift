import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm demo textgen` (what `Scripts/demo.sh` runs): a small character-level LSTM trained on Shakespeare in
/// about a minute, sampled as it learns, then one step of it taken apart.
struct TextgenDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textgen",
        abstract: "Train a small character-level LSTM on Shakespeare in about a minute, sample it as it learns, and take one of its steps apart.",
        discussion: """
            The model (embedding 32, LSTM 128 x 1, a linear layer to one score per character) \
            reads the text one character at a time and learns to predict the next one, \
            with `lstm train textgen` made small: 32 streams of 64 characters per step, \
            Adam 0.02 with a cosine decay, clip norm 5. It is evaluated 4 times; a sample \
            of the untrained model and one after every evaluation show the text turning \
            from random characters into Shakespeare-like lines.

            Then one step of layer 0 is taken apart on character \(explainedPosition + 1) of the text (the \
            "e" of "further" in tiny-shakespeare): the unit this character changes most, \
            with its four gates, its cell state and its output, checked against the \
            network's own forward pass.

            Checkpoints go to --output; continue with `lstm sample DIR --prime "ROMEO:"`.
            """
    )

    @Option(parsing: .unconditional, help: "Training steps (each: 32 streams x 64 characters).")
    var steps = TextgenDemo.defaultSteps

    @Option(parsing: .unconditional, help: "Characters per sample (0: no samples).")
    var sampleLength = 200

    @Option(help: "The text to learn (UTF-8).")
    var data = TextgenConfig().data

    @Option(help: "Directory for best.safetensors and last.safetensors.")
    var output = TextgenDemo.defaultOutput

    @OptionGroup var common: CommonOptions

    /// The character whose step is explained (counted from 0): the "e" of "further" on the second line of
    /// tiny-shakespeare.
    static let explainedPosition = 42

    /// The numbers `--json` prints.
    struct Report: Encodable {
        var task = "demo-textgen"
        var seed: UInt64
        var samples: [TextgenDemo.Sample]
        var training: TextgenTrainingReport
        var step: TextgenStep.Report
        /// Wall time of the whole command (reading, training, evaluations, samples, the explained step).
        var seconds: Double
    }

    func run() throws {
        let console = common.console
        let report = try demo(say: console.say, observer: console.observer)
        if common.json { try console.emit(report) }
    }

    /// Runs the demo: lines through `say`, the task's lines and progress through `observer`; returns what
    /// `--json` prints. Every bad input is a `CLIError`, thrown before anything is written.
    func demo(say: @escaping (String) -> Void, observer: TaskObserver) throws -> Report {
        try checkDemoOptions(counts: [("--steps", steps)])
        guard (0...10_000).contains(sampleLength) else {
            throw CLIError("--sample-length must be in 0...10000, got \(sampleLength)")
        }
        let started = Date()
        let seed = common.seed ?? 0
        let config = TextgenDemo.config(steps: steps, seed: seed, data: data, output: output)
        say("A character-level LSTM learns to write like Shakespeare: it reads the text one")
        say("character at a time and learns to predict the next one. Samples (temperature")
        say("\(TextgenDemo.temperature)) before training and after every evaluation show what it has learned.")
        say("")
        let (report, samples) = try CLIError.wrapping {
            try TextgenDemo.train(config, sampleLength: sampleLength, observer: observer) { sample in
                guard sampleLength > 0 else { return }
                if let loss = sample.validationLoss {
                    say("sample at step \(sample.step) (validation loss \(fixed(loss, 4)) nats/char):")
                } else {
                    say("sample before training (random weights; guessing among the characters):")
                }
                say(sample.text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "  " + $0 }.joined(separator: "\n"))
                say("")
            }
        }
        report.lines.forEach(say)
        let model = try CLIError.wrapping { try TextgenTask.load(URL(fileURLWithPath: report.training.best)) }
        let text = try CLIError.wrapping { try String(contentsOfFile: report.data, encoding: .utf8) }
        let step = try TextgenStep(model: model, text: String(text.prefix(Self.explainedPosition + 200)),
                                   position: Self.explainedPosition)
        say("")
        step.lines.forEach(say)
        say("")
        let seconds = Date().timeIntervalSince(started)
        say("Done in \(fixed(seconds, 1)) s. Next: lstm sample \(output) --prime \"ROMEO:\",")
        say("lstm train textgen (the full-size model), lstm explain (a whole LSTM step).")
        return Report(seed: seed, samples: samples, training: report, step: step.report, seconds: seconds)
    }
}
