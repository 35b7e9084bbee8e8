import ArgumentParser
import Foundation
import LSTMKitApps

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a checkpoint written by `lstm train <task>` on its held-out data.",
        discussion: """
            The checkpoint records its task, its data file (as an absolute path)
            and its split, so this needs only the checkpoint:
              lstm evaluate runs/digits
            A directory stands for DIR/best.safetensors.
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Option(help: "Evaluate on this data file (translate: folder) instead of the one recorded in the checkpoint.")
    var data: String?

    @Option(help: "Forecast checkpoints: also write the test-tail forecasts (and every baseline's) to this CSV.")
    var forecasts: String?

    @Option(help: "Tag checkpoints: also write every test word with its gold and predicted tag to this file (conlleval's input).")
    var predictions: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        let observer = console.observer
        let loaded = try CLIError.wrapping { try TaskCheckpoint.load(checkpoint) }
        if case .forecast(let model) = loaded {
            return try console.report(try CLIError.wrapping {
                try model.evaluate(data: data, forecasts: forecasts, observer: observer)
            })
        }
        if forecasts != nil { throw CLIError("--forecasts applies to forecast checkpoints only") }
        if case .tag(let model) = loaded {
            return try console.report(try CLIError.wrapping {
                try TagTask.evaluate(model, data: data, predictions: predictions, observer: observer)
            })
        }
        if predictions != nil { throw CLIError("--predictions applies to tag checkpoints only") }
        try CLIError.wrapping {
            switch loaded {
            case .textgen(let model): try console.report(try TextgenTask.evaluate(model, data: data, observer: observer))
            case .sentiment(let model): try console.report(try SentimentTask.evaluate(model, data: data, observer: observer))
            case .classify(let model): try console.report(try ClassifyTask.evaluate(model, data: data, observer: observer))
            case .tag: break
            case .translate(let model): try console.report(try TranslateTask.evaluate(model, data: data, observer: observer))
            case .forecast: break
            case .speech(let model): try console.report(try SpeechTask.evaluate(model, data: data, observer: observer))
            case .nextframe(let model): try console.report(try NextFrameTask.evaluate(model, data: data, observer: observer))
            case .sst(let model): try console.report(try SSTTask.evaluate(model, data: data, observer: observer))
            case .anomaly(let model): try console.report(try AnomalyTask.evaluate(model, data: data, observer: observer))
            case .music(let model): try console.report(try MusicTask.evaluate(model, data: data, observer: observer))
            case .rl(let model): try console.report(try RLTask.evaluate(model, data: data, observer: observer))
            case .wordlm(let model): try console.report(try WordLMTask.evaluate(model, data: data, observer: observer))
            }
        }
    }
}
