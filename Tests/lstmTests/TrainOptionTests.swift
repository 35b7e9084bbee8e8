import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// Every option of `lstm train <task>` reaches the config `makeConfig()` returns; unset options keep the task's
/// defaults, and those are the defaults the help prints; choices list their values in `--help`.
@Suite struct TrainOptionTests {
    /// The help of `lstm <command> --help` as printed (status 0, on stdout).
    func help(_ command: [String]) throws -> String {
        let run = lstm(command + ["--help"])
        try #require(run.status == 0 && run.error.isEmpty, "\(run.error)")
        return run.output
    }

    /// Whitespace runs (line breaks of the wrapped help) as one space.
    func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    /// The help text of one option: its line and the continuation lines up to the next option.
    func optionHelp(_ help: String, _ option: String) -> String {
        let lines = help.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  \(option) ") || $0 == "  \(option)" ||
                                                    $0.hasPrefix("  \(option)/") }) else { return "" }
        let rest = lines[(start + 1)...].prefix { !$0.hasPrefix("  -") && !$0.isEmpty }
        return flat(([lines[start]] + rest).joined(separator: " "))
    }

    /// Expects the help of each option to state `default <value>` (or `default: <value>`).
    func expectDefaults(_ help: String, _ defaults: [(option: String, value: String)],
                        sourceLocation: SourceLocation = #_sourceLocation) {
        for (option, value) in defaults {
            let text = optionHelp(help, option)
            #expect(text.contains("(default \(value)") || text.contains("(default: \(value)"),
                    "\(option): '\(text)' does not give the default \(value)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Options that every train command shares

    @Test(arguments: TrainTask.allCases)
    func trainingAndModelOptionsReachTheConfig(task: TrainTask) throws {
        let defaults = try task.config([])
        let c = try task.config([
            "--optimizer", "rmsprop", "--learning-rate", "0.05", "--momentum", "0.5", "--weight-decay", "0.01",
            "--l1", "0.001", "--l2", "0.002", "--clip-norm", "2.5", "--clip-value", "0.75", "--schedule", "step",
            "--warmup-steps", "7", "--decay-to", "0.25", "--plateau-patience", "4", "--epochs", "3", "--steps", "11",
            "--minutes", "1.5", "--eval-every", "5", "--batch-size", "6", "--patience", "2", "--kernel", "reference",
            "--log", "run.jsonl", "--output", "out", "--seed", "9",
            "--cell", "peephole", "--hidden-size", "12", "--layers", "3", "--bidirectional", "--residual",
            "--projection-size", "6", "--dropout", "0.3", "--recurrent-dropout", "0.2", "--zoneout", "0.1",
            "--weight-drop", "0.15",
        ])
        var training = defaults.training
        (training.optimizer, training.learningRate, training.momentum, training.weightDecay) = (.rmsprop, 0.05, 0.5, 0.01)
        (training.l1, training.l2, training.clipNorm, training.clipValue) = (0.001, 0.002, 2.5, 0.75)
        (training.schedule, training.warmupSteps, training.decayTo, training.plateauPatience) = (.step, 7, 0.25, 4)
        (training.epochs, training.steps, training.minutes, training.evalEvery) = (3, 11, 1.5, 5)
        (training.batchSize, training.patience, training.kernel, training.log) = (6, 2, .reference, absolutePath("run.jsonl"))
        training.seed = 9
        #expect(c.training == training)
        var model = defaults.model
        (model.cell, model.hiddenSize, model.layerCount, model.bidirectional, model.residual) = (.peephole, 12, 3, true, true)
        (model.projectionSize, model.dropout, model.recurrentDropout, model.zoneout, model.weightDrop) = (6, 0.3, 0.2, 0.1, 0.15)
        #expect(c.model == model)
        #expect(c.output == "out")
        // The inverted flags, and each budget alone replacing the default one.
        let off = try task.config(["--bidirectional", "--no-bidirectional", "--no-residual"])
        #expect(!off.model.bidirectional && !off.model.residual)
        #expect(try task.config(["--patience", "0"]).training.patience == nil)     // 0: no early stopping
        let epochs = try task.config(["--epochs", "4"]).training, steps = try task.config(["--steps", "4"]).training
        #expect(epochs.epochs == 4 && epochs.steps == nil && steps.steps == 4 && steps.epochs == nil)
    }

    @Test func choicesAreListedInTheHelp() throws {
        let classify = flat(try help(["train", "classify"]))
        func values(_ list: String) -> String { "(values: \(list.replacingOccurrences(of: "|", with: ", ")))" }
        for list in ["lstm|gru|rnn|peephole|cifg|layernorm|hyper", "sgd|momentum|nesterov|adam|adamw|rmsprop|adagrad",
                     "constant|cosine|linear|step|exponential|plateau", "native|fused|reference",
                     "digits|mnist|hapt|vowels", "last|mean"] {
            #expect(classify.contains(values(list)), "'\(list)' not in the help of train classify")
        }
        #expect(flat(try help(["train", "sentiment"])).contains(values("max|mean|attention")))
        let forecast = flat(try help(["train", "forecast"]))
        #expect(forecast.contains(values("airpassengers|co2|sunspots|msft")))
        #expect(forecast.contains(values("error|forward-fill|interpolate|drop")))
        #expect(flat(try help(["search"])).contains(values("textgen|sentiment|forecast|classify|tag")))
    }

    // MARK: Each task: its own options, and its defaults as the help states them

    @Test func textgenOptionsAndDefaults() throws {
        let c = try TrainTextgenCommand.parse(["--data", "a.txt", "--validation-fraction", "0.2", "--embedding-size", "16",
                                               "--tbptt", "5,20", "--sample-length", "0"]).makeConfig()
        #expect(c.data == "a.txt" && c.validationFraction == 0.2 && c.embeddingSize == 16 && c.sampleLength == 0)
        #expect(c.updateEvery == 5 && c.seqLength == 20 && c.k1 == 5)
        #expect(try TrainTextgenCommand.parse(["--seq-length", "30"]).makeConfig().seqLength == 30)

        let d = try TrainTextgenCommand.parse([]).makeConfig()
        #expect(d == TextgenConfig())
        let t = d.training, m = d.model
        #expect(t.optimizer == .adam && t.decayTo == 0.1 && d.dropout == 0 && m.cell == .lstm && d.updateEvery == nil)
        let text = try help(["train", "textgen"])
        #expect(flat(text).contains("Defaults: LSTM \(m.hiddenSize) x \(m.layerCount), embedding \(d.embeddingSize), " +
                                    "Adam \(t.learningRate) with a \(t.schedule.rawValue) decay to a tenth, clip norm " +
                                    "\(Int(t.clipNorm!)), batch \(t.batchSize), seq length \(d.seqLength), " +
                                    "\(t.steps!) steps."))
        // --data and --validation-fraction are the shared DataOptions: the discussion gives their defaults.
        #expect(flat(text).contains("(default \(d.data)); the LAST --validation-fraction (\(d.validationFraction))"))
        #expect(optionHelp(text, "--embedding-size").contains("(default: \(d.embeddingSize) for textgen"))
        expectDefaults(text, [("--seq-length", "\(d.seqLength)"),
                              ("--sample-length", "\(d.sampleLength)"), ("--momentum", "\(t.momentum)"),
                              ("--decay-to", "\(t.decayTo)"), ("--plateau-patience", "\(t.plateauPatience)")])
        #expect(optionHelp(text, "--eval-every").contains("textgen: every \(t.evalEvery!) steps"))
        #expect(d.output == "runs/textgen" && text.contains("--output runs/textgen"))
    }

    @Test func sentimentOptionsAndDefaults() throws {
        let c = try TrainSentimentCommand.parse([
            "--data", "r.csv", "--text-column", "review", "--label-column", "stars", "--max-tokens", "50",
            "--min-count", "2", "--validation-fraction", "0.2", "--embedding-size", "16", "--pooling", "attention",
            "--embedding-dropout", "0.1", "--dropout", "0.25",
        ]).makeConfig()
        #expect(c.data == "r.csv" && c.textColumn == "review" && c.labelColumn == "stars" && c.maxTokens == 50)
        #expect(c.minCount == 2 && c.validationFraction == 0.2 && abs(c.trainFraction - 0.7) < 1e-12)
        #expect(c.embeddingSize == 16 && c.pooling == .attention && c.embeddingDropout == 0.1)
        #expect(c.dropout == 0.25 && c.model.dropout == 0.25)

        let d = try TrainSentimentCommand.parse([]).makeConfig()
        #expect(d == SentimentConfig())
        let t = d.training, m = d.model
        #expect(m.bidirectional && m.cell == .lstm && t.optimizer == .adam && d.trainFraction == 0.8 && d.splitSeed == 0)
        let text = try help(["train", "sentiment"])
        #expect(flat(text).contains("Defaults: BiLSTM \(m.hiddenSize) per direction, embedding \(d.embeddingSize), " +
                                    "\(d.pooling.rawValue) pooling, dropout \(d.dropout), Adam \(t.learningRate), " +
                                    "batch \(t.batchSize), \(t.epochs!) epochs, patience \(t.patience!), clip norm " +
                                    "\(Int(t.clipNorm!))."))
        #expect(flat(text).contains("split 80/10/10 (stratified, split seed \(d.splitSeed)"))
        #expect(flat(text).contains("(MR, the default: \(d.data))"))
        #expect(optionHelp(text, "--embedding-size").contains("\(d.embeddingSize) for sentiment)"))
        expectDefaults(text, [("--text-column", d.textColumn), ("--label-column", d.labelColumn),
                              ("--min-count", "\(d.minCount)"),
                              ("--pooling", d.pooling.rawValue),
                              ("--embedding-dropout", "\(d.embeddingDropout)")])
    }

    @Test func classifyOptionsAndDefaults() throws {
        let c = try TrainClassifyCommand.parse([
            "--data", "dir/Toy_TRAIN.ts", "--validation-fraction", "0.2", "--test-fraction", "0.3", "--id-column", "seq",
            "--label-column", "activity", "--time-column", "t", "--features", "x, y", "--drop-missing",
            "--pooling", "mean", "--dropout", "0.2",
        ]).makeConfig()
        #expect(c.data == "dir/Toy_TRAIN.ts" && c.validationFraction == 0.2 && c.testFraction == 0.3)
        #expect(c.idColumn == "seq" && c.labelColumn == "activity" && c.timeColumn == "t" && c.features == ["x", "y"])
        #expect(c.dropMissing && c.pooling == .mean && c.dropout == 0.2 && c.model.dropout == 0.2)
        #expect(c.output == "runs/classify-Toy" && c.dataset == nil)

        let d = try TrainClassifyCommand.parse(["--data", "x.csv"]).makeConfig()
        var expected = ClassifyConfig()
        (expected.data, expected.output) = ("x.csv", "runs/classify-x")
        #expect(d == expected)
        let text = try help(["train", "classify"])
        expectDefaults(text, [("--test-fraction", "\(d.testFraction)"),
                              ("--id-column", d.idColumn), ("--label-column", d.labelColumn)])
        // The table of built-in datasets in the help is the defaults the code uses; explicit options win.
        for dataset in ClassifyDataset.allCases {
            let p = try TrainClassifyCommand.parse(["--dataset", dataset.rawValue]).makeConfig(), t = p.training
            #expect(p == dataset.defaults && p.output == "runs/\(dataset.rawValue)")
            let cell = (p.model.bidirectional ? "bi-" : "") + p.model.cell.rawValue
            let row = "\(cell) \(p.model.hiddenSize)x\(p.model.layerCount) \(p.pooling.rawValue), " +
                "\(t.epochs!), \(t.batchSize), \(t.learningRate)"
            let helpText = flat(text)
            #expect(helpText.contains(row), "\(dataset): '\(row)' is not in the help")
            #expect(p.dropout == 0 || helpText.contains("\(row), --data required dropout \(p.dropout)"))
            #expect(p.validationFraction == nil ||
                    helpText.contains("\(row), file; validation 20% validation fraction \(p.validationFraction!)"))
        }
        let vowels = try TrainClassifyCommand.parse(["--dataset", "vowels", "--cell", "gru", "--epochs", "3"]).makeConfig()
        #expect(vowels.model.cell == .gru && vowels.training.epochs == 3 && vowels.training.batchSize == 16)
    }

    @Test func forecastOptionsAndDefaults() throws {
        let c = try TrainForecastCommand.parse([
            "--data", "s.csv.gz", "--target", "units", "--features", "price, promo", "--date", "month",
            "--series", "store", "--series-id", "B", "--window", "12", "--horizon", "3", "--season", "4",
            "--log-transform", "--difference", "--seasonal-difference", "--test-size", "9", "--validation-size", "6",
            "--missing", "forward-fill", "--forecasts", "f.csv",
        ]).makeConfig()
        #expect(c.data == "s.csv.gz" && c.target == "units" && c.features == ["price", "promo"] && c.date == "month")
        #expect(c.series == "store" && c.seriesID == "B" && c.window == 12 && c.horizon == 3 && c.season == 4)
        #expect(c.logTransform && c.difference && c.seasonalDifference && c.lags == [1, 4])
        #expect(c.testSize == 9 && c.validationSize == 6 && c.missing == .forwardFill && c.forecasts == "f.csv")
        #expect(c.output == "runs/forecast-s" && c.preset == nil)

        let d = try TrainForecastCommand.parse([]).makeConfig()
        #expect(d == ForecastTaskConfig())
        let t = d.training, m = d.model
        let text = try help(["train", "forecast"])
        #expect(flat(text).contains("Defaults: LSTM \(m.hiddenSize) x \(m.layerCount), Adam \(t.learningRate), batch " +
                                    "\(t.batchSize), up to \(t.epochs!) epochs with patience \(t.patience!), clip norm " +
                                    "\(Int(t.clipNorm!)), window 2 seasons (24 without --season)."))
        #expect(d.forecastConfig(count: 100).window == 24)
        expectDefaults(text, [("--horizon", "\(d.horizon)"), ("--missing", d.missing.rawValue)])
        // A preset, with explicit options (and an inverted flag) overriding it.
        let p = try TrainForecastCommand.parse(["--preset", "airpassengers", "--window", "12", "--no-log-transform"])
            .makeConfig()
        #expect(p.preset == .airpassengers && p.window == 12 && !p.logTransform && p.seasonalDifference)
        #expect(p.horizon == 12 && p.target == "AirPassengers" && p.output == "runs/forecast-airpassengers")
    }
}
