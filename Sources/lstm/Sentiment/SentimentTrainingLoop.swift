import Foundation
import LSTMKit
import LSTMKitApps

/// The training loop of `lstm train sentiment`, kept visible:
///
///     for each epoch:
///         for each batch (shuffled, bucketed by length):
///             loss = crossEntropy(model(batch), labels)      forward
///             zero the gradients; loss.backward()            backward
///             clip the global gradient norm; Adam step       update
///         validation accuracy and loss (evaluation mode, no graph)
///         write last.safetensors; best.safetensors when the validation accuracy beats every earlier epoch
///         stop after `patience` epochs without a better validation accuracy
///
/// (It does not use `Trainer.fit`, whose per-step gradient-norm pass is generic and took half the time of a
/// step here.) Progress: a line redrawn within each epoch on standard error when it is a terminal, and one
/// summary line per epoch through the console.
final class SentimentTrainingLoop {
    let model: SentimentClassifier
    let optimizer: Adam<Float>
    let clipNorm: Double
    let directory: URL
    let config: SentimentRunConfig
    let vocabulary: Vocabulary
    let dataPath: String
    let console: Console
    private let interactive = isatty(STDERR_FILENO) != 0
    private(set) var bestAccuracy: Double?
    private(set) var bestEpoch: Int?
    /// One record per finished epoch (for --json).
    private(set) var epochs: [[String: Any]] = []

    var bestURL: URL { directory.appendingPathComponent("best.safetensors") }
    var lastURL: URL { directory.appendingPathComponent("last.safetensors") }

    init(model: SentimentClassifier, optimizer: Adam<Float>, clipNorm: Double, directory: URL,
         config: SentimentRunConfig, vocabulary: Vocabulary, dataPath: String, console: Console) {
        self.model = model
        self.optimizer = optimizer
        self.clipNorm = clipNorm
        self.directory = directory
        self.config = config
        self.vocabulary = vocabulary
        self.dataPath = dataPath
        self.console = console
    }

    /// Trains for up to `epochs` epochs (fewer when the validation accuracy stops improving).
    func run(loader: DataLoader<TokenSequenceExample<Float>, TokenBatch<Float>>,
             validation: [TokenSequenceExample<Float>], epochs total: Int, patience: Int) throws {
        let parameters = model.parameters()
        for epoch in 0..<total {
            let start = Date()
            var lastDraw = Date.distantPast, lossSum = 0.0
            let batches = loader.epoch()
            model.train()
            for (index, batch) in batches.enumerated() {
                let loss = model.loss(batch)                                      // forward
                let value = Double(loss.item)
                guard value.isFinite else {
                    throw CLIError("training stopped: the loss is \(value) at epoch \(epoch + 1), batch " +
                                   "\(index + 1); try a lower --learning-rate")
                }
                optimizer.zeroGrad()
                loss.backward()                                                   // backward
                clipGradientNorm(parameters, maxNorm: clipNorm)
                optimizer.step()                                                  // update
                lossSum += value
                if interactive, Date().timeIntervalSince(lastDraw) > 0.2 {
                    lastDraw = Date()
                    FileHandle.standardError.write(Data(("\r\u{1B}[Kepoch \(epoch + 1)/\(total)  batch " +
                        "\(index + 1)/\(batches.count)  loss \(fixed(lossSum / Double(index + 1), 4))").utf8))
                }
            }
            if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            let trainLoss = lossSum / Double(max(batches.count, 1))
            if try endEpoch(epoch, of: total, trainLoss: trainLoss, validation: validation,
                            seconds: Date().timeIntervalSince(start), patience: patience) { break }
        }
    }

    /// Validation, checkpoints and the summary line; returns whether to stop.
    func endEpoch(_ epoch: Int, of total: Int, trainLoss: Double, validation: [TokenSequenceExample<Float>],
                  seconds: Double, patience: Int) throws -> Bool {
        let result = model.evaluate(validation)
        let accuracy = result.accuracy
        let improved = bestAccuracy.map { accuracy > $0 } ?? true
        try save(to: lastURL, epoch: epoch, accuracy: accuracy)
        if improved {
            bestAccuracy = accuracy
            bestEpoch = epoch
            try save(to: bestURL, epoch: epoch, accuracy: accuracy)
        }
        console.say("epoch \(epoch + 1)/\(total)  train loss \(fixed(trainLoss, 4))  val loss " +
                    "\(fixed(result.loss, 4))  val accuracy \(fixed(accuracy, 4))  (\(fixed(seconds, 1)) s)" +
                    (improved ? "  * best" : ""))
        fflush(nil)   // show progress at once also when stdout is a pipe or a file
        epochs.append(["epoch": epoch + 1, "trainLoss": trainLoss, "validationLoss": result.loss,
                       "validationAccuracy": accuracy, "seconds": seconds])
        return epoch - (bestEpoch ?? 0) >= patience
    }

    /// Writes the model, config, vocabulary and task metadata (no optimizer state: these are for inference).
    func save(to url: URL, epoch: Int, accuracy: Double) throws {
        try describingErrors("writing the checkpoint \(url.path)") {
            try Checkpoint.save(model, to: url, config: config, epoch: epoch,
                                attachments: ["vocabulary": vocabulary],
                                userMetadata: [TaskCheckpoint.taskKey: SentimentTask.name, "data": dataPath,
                                               "validationAccuracy": "\(accuracy)"])
        }
    }
}
