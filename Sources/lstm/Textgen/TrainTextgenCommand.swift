import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm train textgen`: a character language model (char-rnn) on a text file, tiny-shakespeare by default.
struct TrainTextgenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textgen",
        abstract: "Train a character language model (embedding -> LSTM stack -> linear) on a UTF-8 text file.",
        discussion: """
            The text is read as characters (grapheme clusters); the vocabulary is
            every character of the file. The LAST --validation-fraction of the text
            is validation, the rest is training.
            Training is stateful truncated backpropagation through time (char-rnn):
            the training text is cut into --batch-size parallel streams, read
            --seq-length characters at a time, the LSTM state carried from one
            batch to the next; Adam, global gradient-norm clipping, a cosine
            learning-rate decay to a tenth over the planned steps (--schedule
            constant keeps it fixed).
            The budget is --steps optimizer steps (deterministic) or --epochs passes
            over the training text; --minutes also stops at a wall-time limit.
            Every --eval-every steps it prints the train and validation loss in
            nats and bits per character and the speed, writes last.safetensors,
            and best.safetensors when the validation loss improved.
              lstm train textgen --output runs/textgen
              lstm sample runs/textgen --prime "ROMEO:" --length 500
              lstm evaluate runs/textgen
            """
    )

    @Option(help: "A UTF-8 text file.")
    var data = TextgenTask.defaultData

    @Option(help: "Directory for best.safetensors and last.safetensors (created if missing).")
    var output = "runs/textgen"

    @Option(help: "LSTM state size H of every layer.")
    var hiddenSize = 256

    @Option(help: "Number of stacked LSTM layers.")
    var layers = 2

    @Option(help: "Character-vector size E.")
    var embeddingSize = 64

    @Option(help: "Dropout between LSTM layers and before the output layer, in [0, 1).")
    var dropout = 0.0

    @Option(help: "Characters per stream and batch (how far back gradients reach).")
    var seqLength = 100

    @Option(help: "Parallel streams per batch.")
    var batchSize = 64

    @Option(help: "Adam learning rate (the start of the cosine decay).")
    var learningRate = 2e-3

    @Option(help: "Learning-rate schedule over the planned steps: cosine (to a tenth) or constant.")
    var schedule = "cosine"

    @Option(help: "Clip the global gradient norm to this value.")
    var clipNorm = 5.0

    @Option(help: "Optimizer steps to train (default 2000 when --epochs is not given).")
    var steps: Int?

    @Option(help: "Passes over the training text (instead of --steps).")
    var epochs: Int?

    @Option(help: "Also stop after this many minutes of wall time (checkpoints are written first).")
    var minutes: Double?

    @Option(help: "The last fraction of the text used for validation, in (0, 1).")
    var validationFraction = 0.1

    @Option(help: "Steps between validation evaluations (and checkpoint writes).")
    var evalEvery = 200

    @OptionGroup var common: CommonOptions

    static let defaultSteps = 2000

    func checkOptions() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw CLIError(message) } }
        try check(hiddenSize >= 1, "--hidden-size must be at least 1, got \(hiddenSize)")
        try check(layers >= 1, "--layers must be at least 1, got \(layers)")
        try check(embeddingSize >= 1, "--embedding-size must be at least 1, got \(embeddingSize)")
        try check(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got \(dropout)")
        try check(seqLength >= 1, "--seq-length must be at least 1, got \(seqLength)")
        try check(batchSize >= 1, "--batch-size must be at least 1, got \(batchSize)")
        try check(learningRate > 0 && learningRate.isFinite, "--learning-rate must be positive, got \(learningRate)")
        try check(["cosine", "constant"].contains(schedule), "--schedule must be cosine or constant, got \(schedule)")
        try check(clipNorm > 0 && clipNorm.isFinite, "--clip-norm must be positive, got \(clipNorm)")
        try check(steps == nil || epochs == nil, "give --steps or --epochs, not both")
        if let steps { try check(steps >= 1, "--steps must be at least 1, got \(steps)") }
        if let epochs { try check(epochs >= 1, "--epochs must be at least 1, got \(epochs)") }
        if let minutes { try check(minutes > 0 && minutes.isFinite, "--minutes must be positive, got \(minutes)") }
        try check(validationFraction > 0 && validationFraction < 1,
                  "--validation-fraction must be in (0, 1), got \(validationFraction)")
        try check(evalEvery >= 1, "--eval-every must be at least 1, got \(evalEvery)")
    }

    func run() throws {
        try checkOptions()
        let console = Console(json: common.json)

        // Data, split and configuration: all checked before anything is written.
        let corpus = try TextgenTask.readCorpus(data)
        let (train, validation) = try TextgenTask.split(corpus, validationFraction: validationFraction,
                                                        batchSize: batchSize, path: data)
        let vocabulary = corpus.vocabulary
        let modelConfig = CharLanguageModelConfig(vocabularySize: vocabulary.count, embeddingSize: embeddingSize,
                                                  hiddenSize: hiddenSize, layerCount: layers, dropout: dropout)
        let model = CharLanguageModel<Float>(config: modelConfig, rng: RandomSource(seed: common.seed),
                                             dropoutRNG: RandomSource(seed: common.seed &+ 1))
        let optimizer = Adam(parameters: model.parameters(), learningRate: learningRate)
        let trainer = CharLanguageModelTrainer(model: model, corpus: train, batchSize: batchSize, steps: seqLength,
                                               optimizer: optimizer, clipNorm: clipNorm)
        let totalSteps = epochs.map { $0 * trainer.stepsPerEpoch } ?? steps ?? Self.defaultSteps
        let evaluationBatchSize = min(batchSize, validation.count / 2)
        let config = TextgenRunConfig(
            model: modelConfig, validationFraction: validationFraction, seqLength: seqLength, batchSize: batchSize,
            evaluationBatchSize: evaluationBatchSize, learningRate: learningRate, schedule: schedule,
            clipNorm: clipNorm, steps: totalSteps, seed: common.seed, characters: corpus.count)
        let rate: any LearningRateSchedule = schedule == "cosine"
            ? CosineAnnealing(initial: learningRate, maxSteps: totalSteps, minimum: learningRate / 10)
            : ConstantRate(learningRate)
        let directory = try prepareOutputDirectory(output)
        let bestURL = directory.appendingPathComponent("best.safetensors")
        let lastURL = directory.appendingPathComponent("last.safetensors")

        console.say("\(data): \(corpus.count) characters, vocabulary \(vocabulary.count); train \(train.count), " +
                    "validation \(validation.count) (the last \(TextgenTask.percent(validationFraction)))")
        console.say("model: embedding \(embeddingSize), LSTM \(hiddenSize) x \(layers), dropout \(dropout); " +
                    "\(model.parameterCount) parameters; batches of \(batchSize) x \(seqLength) characters, " +
                    "\(trainer.stepsPerEpoch) steps per epoch; \(totalSteps) steps, Adam \(learningRate) (\(schedule))")

        func save(_ url: URL, validationLoss: Double) throws {
            try describingErrors("writing \(url.path)") {
                try Checkpoint.save(model, to: url, optimizer: optimizer, config: config, step: trainer.step,
                                    epoch: trainer.epoch, attachments: [TextgenTask.vocabularyAttachment: vocabulary],
                                    userMetadata: [TaskCheckpoint.taskKey: TextgenTask.name, "data": data,
                                                   "validationLoss": "\(validationLoss)"])
            }
        }

        let progress = TextgenProgress(totalSteps: totalSteps, console: console)
        let started = Date()
        let deadline = minutes.map { started.addingTimeInterval($0 * 60) }
        var best: (loss: Double, step: Int)? = nil
        var last = LanguageModelEvaluation(meanLoss: .nan, characters: 0, streams: 0)
        var trainSeconds = 0.0, trainCharacters = 0, stoppedByTime = false
        var windowLoss = 0.0, windowSteps = 0, windowCharacters = 0, windowSeconds = 0.0
        var implementation = RecurrentKernel.reference

        func evaluateAndSave() throws {
            last = model.evaluate(validation, batchSize: evaluationBatchSize, steps: seqLength)
            let improved = best.map { last.meanLoss < $0.loss } ?? true
            try save(lastURL, validationLoss: last.meanLoss)
            if improved {
                best = (last.meanLoss, trainer.step)
                try save(bestURL, validationLoss: last.meanLoss)
            }
            progress.line(step: trainer.step, epoch: Double(trainer.step) / Double(trainer.stepsPerEpoch),
                          trainLoss: windowSteps > 0 ? windowLoss / Double(windowSteps) : .nan,
                          validation: last, charactersPerSecond: Double(windowCharacters) / max(windowSeconds, 1e-9),
                          elapsed: Date().timeIntervalSince(started), best: improved)
            windowLoss = 0; windowSteps = 0; windowCharacters = 0; windowSeconds = 0
        }

        while trainer.step < totalSteps {
            if let deadline, Date() >= deadline { stoppedByTime = true; break }
            rate.apply(to: optimizer, atStep: trainer.step)
            let stepStart = Date()
            let result = try describingErrors("training") { try trainer.trainStep() }
            let seconds = Date().timeIntervalSince(stepStart)
            implementation = model.lastImplementation
            trainSeconds += seconds; trainCharacters += result.characters
            windowLoss += result.loss; windowSteps += 1; windowCharacters += result.characters; windowSeconds += seconds
            progress.bar(step: trainer.step, loss: result.loss, charactersPerSecond: Double(trainCharacters) / trainSeconds,
                         elapsed: Date().timeIntervalSince(started))
            if trainer.step % evalEvery == 0 || trainer.step == totalSteps { try evaluateAndSave() }
        }
        if windowSteps > 0 || best == nil { try evaluateAndSave() }
        progress.finish()
        let totalSeconds = Date().timeIntervalSince(started)
        let bestLoss = best?.loss ?? last.meanLoss, bestStep = best?.step ?? 0

        // A short sample from the best weights, so the result can be seen at once.
        let (bestModel, _, _) = try TextgenTask.loadModel(bestURL, info: TaskCheckpoint.readInfo(at: bestURL.path))
        let sample = TextgenSampling.generate(model: bestModel, vocabulary: vocabulary, prime: [],
                                              length: 300, temperature: 0.8, topK: 0, seed: common.seed)

        if console.json {
            try console.emit([
                "task": TextgenTask.name, "steps": trainer.step, "epochs": Double(trainer.step) / Double(trainer.stepsPerEpoch),
                "bestStep": bestStep, "validationLoss": bestLoss,
                "bitsPerCharacter": bitsPerCharacter(meanCrossEntropy: bestLoss),
                "lastValidationLoss": last.meanLoss, "trainingSeconds": trainSeconds, "totalSeconds": totalSeconds,
                "charactersPerSecond": Double(trainCharacters) / max(trainSeconds, 1e-9),
                "stoppedByTime": stoppedByTime, "parameterCount": model.parameterCount,
                "vocabularySize": vocabulary.count, "implementation": implementation.rawValue,
                "best": bestURL.path, "last": lastURL.path, "sample": sample,
            ])
        } else {
            if stoppedByTime { console.say("stopped after \(trainer.step) steps: --minutes \(minutes ?? 0) reached") }
            console.say("best validation loss \(fixed(bestLoss, 4)) nats/char " +
                        "(\(fixed(bitsPerCharacter(meanCrossEntropy: bestLoss), 4)) bits/char) at step \(bestStep)")
            console.say("training \(fixed(trainSeconds, 1)) s, \(Int(Double(trainCharacters) / max(trainSeconds, 1e-9))) " +
                        "chars/s (total \(fixed(totalSeconds, 1)) s); LSTM kernel: \(implementation.rawValue)")
            console.say("checkpoints: \(bestURL.path), \(lastURL.path)")
            console.say("sample (best weights, temperature 0.8):\n\(sample)")
        }
    }
}
