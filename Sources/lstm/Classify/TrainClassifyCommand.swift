import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm train classify`: trains a recurrent sequence classifier on one of four datasets, keeps the
/// checkpoint with the best validation accuracy, and reports test accuracy, per-class F1 and the confusion
/// matrix.
struct TrainClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Train an LSTM/GRU sequence classifier (digits, MNIST rows, HAPT activities, Japanese Vowels).",
        discussion: """
            Datasets (fixed splits, see docs/apps/classify.md):
              digits  8x8 digits, 8 steps of 8 pixels; stratified 80/10/10
              mnist   5,000 MNIST digits, 28 steps of 28 pixels; 80/10/10
              hapt    UCI HAPT phone signals, 128-sample windows of the 6
                      activities, split by subject; not committed, so
                      --data PATH (hapt_raw_50hz.csv.gz) is required
              vowels  Japanese Vowels speakers, variable length; official
                      train/test files
            Defaults (cell hidden x layers pooling, epochs, batch, lr):
              digits  lstm 64x1 last, 40 epochs, batch 32, lr 0.003
              mnist   lstm 128x1 last, 30 epochs, batch 64, lr 0.002
              hapt    lstm 64x2 mean, 15 epochs, batch 64, lr 0.003, dropout 0.2
              vowels  lstm 64x1 last, 60 epochs, batch 16, lr 0.003
            Dropout is 0 unless shown; all are unidirectional. Features are
            standardized with the training part's statistics (stored in the
            checkpoint). Writes DIR/best.safetensors (best validation accuracy)
            and DIR/last.safetensors; `lstm evaluate DIR` repeats the report.
            """
    )

    @Option(help: "The dataset: digits, mnist, hapt or vowels.")
    var dataset: String

    @Option(help: "The data file (vowels: the directory or the *_TRAIN.ts file). Default: the committed file; hapt needs it.")
    var data: String?

    @Option(help: "Directory for best.safetensors and last.safetensors (default: runs/<dataset>).")
    var output: String?

    @Option(help: "The recurrent cell: lstm or gru (default: lstm).")
    var cell: String?

    @Option(help: "Hidden units per direction (default: per dataset).")
    var hiddenSize: Int?

    @Option(help: "Stacked recurrent layers (default: per dataset).")
    var layers: Int?

    @Flag(help: "Run a backward layer too and concatenate both directions.")
    var bidirectional = false

    @Option(help: "Pooling over time: last (final hidden state) or mean (mean of outputs). Default: per dataset.")
    var pooling: String?

    @Option(help: "Training epochs (default: per dataset).")
    var epochs: Int?

    @Option(help: "Examples per batch (default: per dataset).")
    var batchSize: Int?

    @Option(help: "Adam learning rate (default: per dataset).")
    var learningRate: Double?

    @Option(help: "Dropout between layers and before the output layer, in [0, 1) (default: per dataset).")
    var dropout: Double?

    @OptionGroup var common: CommonOptions

    /// The validated settings of one run.
    struct Settings {
        var dataset: ClassifyDataset
        var dataPath: String
        var output: String
        var model: SequenceClassifierConfig
        var epochs: Int
        var batchSize: Int
        var learningRate: Double
        var seed: UInt64
    }

    /// Checks every option (before anything is read or written) and fills in the dataset's defaults.
    func settings() throws -> Settings {
        guard let choice = ClassifyDataset(rawValue: dataset.lowercased()) else {
            throw CLIError("unknown --dataset '\(dataset)'; choose one of " +
                           ClassifyDataset.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let d = choice.defaults
        var cellChoice = d.cell
        if let cell {
            guard let c = SequenceClassifierConfig.Cell(rawValue: cell.lowercased()) else {
                throw CLIError("unknown --cell '\(cell)'; choose lstm or gru")
            }
            cellChoice = c
        }
        var poolingChoice = d.pooling
        if let pooling {
            guard let p = SequenceClassifierConfig.Pooling(rawValue: pooling.lowercased()) else {
                throw CLIError("unknown --pooling '\(pooling)'; choose last or mean")
            }
            poolingChoice = p
        }
        let hidden = hiddenSize ?? d.hiddenSize, layerCount = layers ?? d.layers
        let epochCount = epochs ?? d.epochs, batch = batchSize ?? d.batchSize
        let lr = learningRate ?? d.learningRate, p = dropout ?? d.dropout
        for (name, value) in [("--hidden-size", hidden), ("--layers", layerCount), ("--epochs", epochCount),
                              ("--batch-size", batch)] where value < 1 {
            throw CLIError("\(name) \(value) must be at least 1")
        }
        if !(lr > 0) || !lr.isFinite { throw CLIError("--learning-rate \(lr) must be a positive number") }
        if !(p >= 0 && p < 1) { throw CLIError("--dropout \(p) must be in [0, 1)") }
        let path = try choice.dataPath(data)
        let model = SequenceClassifierConfig(
            cell: cellChoice, inputSize: 1, hiddenSize: hidden, layerCount: layerCount,
            bidirectional: bidirectional || d.bidirectional, pooling: poolingChoice, dropout: p, classCount: 2)
        return Settings(dataset: choice, dataPath: path, output: output ?? "runs/\(choice.rawValue)", model: model,
                        epochs: epochCount, batchSize: batch, learningRate: lr, seed: common.seed)
    }

    func run() throws {
        var s = try settings()
        let console = Console(json: common.json)
        let loadStart = Date()
        let split = try s.dataset.load(s.dataPath)
        if split.train.count == 0 || split.validation.count == 0 || split.test.count == 0 {
            throw CLIError("\(s.dataPath): the \(s.dataset.rawValue) split has an empty part (\(split.train.count) " +
                           "train, \(split.validation.count) validation, \(split.test.count) test); the file is too small")
        }
        s.model.inputSize = split.train.featureCount
        s.model.classCount = split.train.classCount
        let scaler = split.train.fittedScaler(StandardScaler())
        let train = split.train.scaled(by: scaler), validation = split.validation.scaled(by: scaler)
        let test = split.test.scaled(by: scaler)
        classifySay(console, "\(s.dataset.rawValue): \(s.dataPath) loaded in \(fixed(Date().timeIntervalSince(loadStart), 1)) s; " +
                    "\(split.summary); \(train.featureCount) features, \(train.classCount) classes")
        let outputURL = try prepareOutputDirectory(s.output)

        let rng = RandomSource(seed: s.seed)
        let model = SequenceClassifier<Float>(s.model, rng: rng)
        let optimizer = Adam(parameters: model.parameters(), learningRate: s.learningRate)
        classifySay(console, "model: \(s.model.cell.rawValue) hidden \(s.model.hiddenSize) x \(s.model.layerCount)" +
                    (s.model.bidirectional ? " bidirectional" : "") + ", \(s.model.pooling.rawValue) pooling, " +
                    "dropout \(s.model.dropout), \(model.parameterCount) parameters; \(s.epochs) epochs, " +
                    "batch \(s.batchSize), Adam lr \(s.learningRate), seed \(s.seed)")

        var run = ClassifyRun(dataset: s.dataset, classNames: train.classNames, split: split.summary, epochs: s.epochs,
                              batchSize: s.batchSize, learningRate: s.learningRate, seed: s.seed, bestEpoch: 0,
                              bestValidationAccuracy: -1)
        func save(_ name: String, epoch: Int) throws {
            try describingErrors("saving the checkpoint") {
                try Checkpoint.save(model, to: outputURL.appendingPathComponent(name), optimizer: optimizer,
                                    config: s.model, step: optimizer.stepCount, epoch: epoch,
                                    attachments: ["scaler": scaler, "run": run],
                                    userMetadata: [TaskCheckpoint.taskKey: ClassifyTask.name, "data": s.dataPath,
                                                   "dataset": s.dataset.rawValue])
            }
        }

        let trainStart = Date()
        var history: [[String: Any]] = []
        for epoch in 1...s.epochs {
            let epochStart = Date()
            model.train()
            var lossSum = 0.0
            let order = rng.permutation(train.count)
            var start = 0
            while start < order.count {
                let chunk = order[start..<min(start + s.batchSize, order.count)].map { train.examples[$0] }
                start += s.batchSize
                let batch: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
                    SequenceClassificationBatch.make(chunk, featureCount: train.featureCount)
                let loss = crossEntropy(logits: model(batch.inputs, lengths: batch.lengths), targets: batch.labels)
                model.zeroGrad()
                loss.backward()
                clipGradientNorm(model.parameters(), maxNorm: 5)
                optimizer.step()
                lossSum += Double(loss.item) * Double(chunk.count)
            }
            let trainLoss = lossSum / Double(train.count)
            let valAccuracy = accuracy(predictions: SequenceClassificationBatch.predict(model, validation),
                                       targets: validation.examples.map(\.label))
            let improved = valAccuracy > run.bestValidationAccuracy
            if improved {
                run.bestEpoch = epoch
                run.bestValidationAccuracy = valAccuracy
                try save("best.safetensors", epoch: epoch)
            }
            let seconds = Date().timeIntervalSince(epochStart)
            classifySay(console, "epoch \(epoch)/\(s.epochs)  train loss \(fixed(trainLoss, 4))  val accuracy " +
                        "\(fixed(100 * valAccuracy, 2))%  \(fixed(seconds, 1)) s" + (improved ? "  (best, saved)" : ""))
            history.append(["epoch": epoch, "trainLoss": trainLoss, "validationAccuracy": valAccuracy,
                            "seconds": seconds])
        }
        try save("last.safetensors", epoch: s.epochs)
        let trainingSeconds = Date().timeIntervalSince(trainStart)

        // The report uses the best checkpoint.
        try describingErrors("reloading the best checkpoint") {
            try Checkpoint.load(into: model, from: outputURL.appendingPathComponent("best.safetensors"))
        }
        classifySay(console, "training time \(fixed(trainingSeconds, 1)) s; best validation accuracy " +
                    "\(fixed(100 * run.bestValidationAccuracy, 2))% at epoch \(run.bestEpoch); checkpoints in \(s.output)")
        var result = classificationReport(
            predictions: SequenceClassificationBatch.predict(model, test), targets: test.examples.map(\.label),
            classNames: test.classNames, console: console, title: "test (best checkpoint, epoch \(run.bestEpoch))")
        if common.json {
            result["dataset"] = s.dataset.rawValue
            result["trainingSeconds"] = trainingSeconds
            result["bestEpoch"] = run.bestEpoch
            result["bestValidationAccuracy"] = run.bestValidationAccuracy
            result["history"] = history
            result["split"] = split.summary
            result["output"] = s.output
            try console.emit(result)
        }
    }
}

/// Prints a progress line and flushes stdout, so per-epoch lines appear at once even when stdout is a pipe.
func classifySay(_ console: Console, _ text: String) {
    console.say(text)
    fflush(nil)   // nil: every output stream (naming `stdout` is refused by Swift 6 concurrency checking)
}
