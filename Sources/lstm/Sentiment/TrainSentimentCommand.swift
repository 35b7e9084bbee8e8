import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm train sentiment`: a BiLSTM sentence classifier on the MR movie-review polarity data.
struct TrainSentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Train a BiLSTM sentence classifier on MR movie-review polarity (positive / negative).",
        discussion: """
            Reads rt-polarity.pos and rt-polarity.neg (one sentence per line) from --data and splits them \
            80/10/10 into train / validation / test, stratified by class, with a fixed split seed (0, \
            independent of --seed). The vocabulary comes from the training split only (tokens seen at least \
            --min-count times; the rest map to <unk>).

            Model: word embedding (dropout) -> bidirectional LSTM over each sentence's real length -> max, \
            mean or attention pooling -> dropout -> linear layer to 2 classes; Adam.

            After every epoch it prints the validation accuracy and writes last.safetensors; \
            best.safetensors is the epoch with the best validation accuracy, and the test accuracy is \
            measured once, on it. Training stops after --patience epochs without a better validation accuracy.

            Examples:
              lstm train sentiment --output runs/sentiment
              lstm predict runs/sentiment "a gorgeous, witty, seductive movie."
              lstm evaluate runs/sentiment
            """
    )

    @Option(help: "Directory with rt-polarity.pos and rt-polarity.neg.")
    var data = SentimentTask.defaultData

    @Option(help: "Directory for best.safetensors and last.safetensors (created if missing).")
    var output = "runs/sentiment"

    @Option(help: "Word-vector size E.")
    var embeddingSize = 300

    @Option(help: "LSTM size H per direction (the pooled vector has 2H features).")
    var hiddenSize = 150

    @Option(help: "How the word outputs become one sentence vector: max, mean or attention.")
    var pooling: SentimentPooling = .max

    @Option(help: "Dropout before the output layer, in [0, 1).")
    var dropout = 0.5

    @Option(help: "Dropout on the word vectors, in [0, 1).")
    var embeddingDropout = 0.5

    @Option(help: "Word vectors start uniform in [-r, r]; 0 uses N(0, 1) (PyTorch's nn.Embedding default).")
    var embeddingInitRange = 0.25

    @Option(help: "Maximum number of epochs.")
    var epochs = 10

    @Option(help: "Stop after this many epochs without a better validation accuracy.")
    var patience = 3

    @Option(help: "Sentences per batch (batches group sentences of similar length).")
    var batchSize = 32

    @Option(help: "Adam learning rate.")
    var learningRate = 1e-3

    @Option(help: "Adam L2 weight decay.")
    var weightDecay = 0.0

    @Option(help: "Clip the global gradient norm to this value.")
    var clipNorm = 5.0

    @Option(help: "Words seen fewer times in the training split become <unk>.")
    var minCount = 1

    @OptionGroup var common: CommonOptions

    func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw CLIError(message) } }
        try check(embeddingSize >= 1, "--embedding-size must be at least 1, got \(embeddingSize)")
        try check(hiddenSize >= 1, "--hidden-size must be at least 1, got \(hiddenSize)")
        try check(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got \(dropout)")
        try check(embeddingDropout >= 0 && embeddingDropout < 1,
                  "--embedding-dropout must be in [0, 1), got \(embeddingDropout)")
        try check(embeddingInitRange >= 0 && embeddingInitRange.isFinite,
                  "--embedding-init-range must be >= 0, got \(embeddingInitRange)")
        try check(epochs >= 1, "--epochs must be at least 1, got \(epochs)")
        try check(patience >= 1, "--patience must be at least 1, got \(patience)")
        try check(batchSize >= 1, "--batch-size must be at least 1, got \(batchSize)")
        try check(learningRate > 0 && learningRate.isFinite, "--learning-rate must be positive, got \(learningRate)")
        try check(weightDecay >= 0 && weightDecay.isFinite, "--weight-decay must be >= 0, got \(weightDecay)")
        try check(clipNorm > 0 && clipNorm.isFinite, "--clip-norm must be positive, got \(clipNorm)")
        try check(minCount >= 1, "--min-count must be at least 1, got \(minCount)")
    }

    func run() throws {
        try validate()
        let console = Console(json: common.json)
        let started = Date()

        // Data, split and vocabulary: all checked before anything is written.
        let reviews = try SentimentTask.readData(data)
        let (trainFraction, validationFraction, splitSeed) = (0.8, 0.1, UInt64(0))
        let split = reviews.stratifiedSplit(train: trainFraction, validation: validationFraction, seed: splitSeed)
        if split.train.isEmpty || split.validation.isEmpty || split.test.isEmpty {
            throw CLIError("--data \(data) has too few sentences (\(reviews.classCounts[1]) positive, " +
                           "\(reviews.classCounts[0]) negative) for an 80/10/10 split; give at least 8 of each")
        }
        let sentences = { (indices: [Int]) in indices.map { reviews.sentences[$0] } }
        let labels = { (indices: [Int]) in indices.map { reviews.labels[$0] } }
        let vocabulary = SentimentText.vocabulary(from: sentences(split.train), minCount: minCount)
        let trainSet = SentimentText.examples(sentences(split.train), labels: labels(split.train), vocabulary)
        let validationSet = SentimentText.examples(sentences(split.validation), labels: labels(split.validation),
                                                   vocabulary)
        let testSet = SentimentText.examples(sentences(split.test), labels: labels(split.test), vocabulary)

        let modelConfig = SentimentModelConfig(
            vocabularySize: vocabulary.count, embeddingSize: embeddingSize, hiddenSize: hiddenSize,
            pooling: pooling, embeddingDropout: embeddingDropout, dropout: dropout,
            paddingIndex: vocabulary.paddingID ?? 0, embeddingInitRange: embeddingInitRange)
        let config = SentimentRunConfig(
            model: modelConfig, minCount: minCount, trainFraction: trainFraction,
            validationFraction: validationFraction, splitSeed: splitSeed, classCounts: reviews.classCounts,
            epochs: epochs, batchSize: batchSize, learningRate: learningRate, weightDecay: weightDecay,
            clipNorm: clipNorm, patience: patience, seed: common.seed)
        let directory = try prepareOutputDirectory(output)

        // Three seeded streams: initial weights, dropout masks, batch order.
        let model = SentimentClassifier(config: modelConfig, rng: RandomSource(seed: common.seed),
                                        dropoutRNG: RandomSource(seed: common.seed &+ 1))
        let loader = DataLoader(tokenSequences: ArrayDataset(trainSet), batchSize: batchSize, shuffle: true,
                                bucketByLength: true, paddingID: modelConfig.paddingIndex,
                                rng: RandomSource(seed: common.seed &+ 2))
        console.say("MR sentence polarity: \(reviews.count) sentences; split \(split.train.count) / " +
                    "\(split.validation.count) / \(split.test.count) (train / validation / test); " +
                    "vocabulary \(vocabulary.count) tokens (min count \(minCount))")
        console.say("model: embedding \(embeddingSize), BiLSTM \(hiddenSize) x 2, \(pooling.rawValue) pooling, " +
                    "dropout \(dropout) (embedding \(embeddingDropout)); \(model.parameterCount) parameters")

        fflush(nil)
        let optimizer = Adam(parameters: model.parameters(), learningRate: learningRate, weightDecay: weightDecay)
        let loop = SentimentTrainingLoop(model: model, optimizer: optimizer, clipNorm: clipNorm, directory: directory,
                                         config: config, vocabulary: vocabulary, dataPath: data, console: console)
        let trainingStart = Date()
        try loop.run(loader: loader, validation: validationSet, epochs: epochs, patience: patience)
        let trainingSeconds = Date().timeIntervalSince(trainingStart)

        // The test figure, once, from the best checkpoint.
        let best = try TaskCheckpoint.info(at: loop.bestURL.path, expected: [SentimentTask.name],
                                           command: "train sentiment")
        let (bestModel, _, _) = try SentimentTask.loadModel(loop.bestURL, info: best)
        let test = bestModel.evaluate(testSet, labels: MovieReviews.classNames)
        let bestEpoch = (loop.bestEpoch ?? 0) + 1
        let bestAccuracy = loop.bestAccuracy ?? 0
        if console.json {
            var object = SentimentTask.resultJSON(test, prefix: "test")
            object["task"] = SentimentTask.name
            object["bestEpoch"] = bestEpoch
            object["validationAccuracy"] = bestAccuracy
            object["epochs"] = loop.epochs
            object["trainingSeconds"] = trainingSeconds
            object["totalSeconds"] = Date().timeIntervalSince(started)
            object["parameterCount"] = model.parameterCount
            object["vocabularySize"] = vocabulary.count
            object["split"] = ["train": split.train.count, "validation": split.validation.count,
                               "test": split.test.count]
            object["best"] = loop.bestURL.path
            object["last"] = loop.lastURL.path
            try console.emit(object)
        } else {
            console.say("best epoch \(bestEpoch): validation accuracy \(fixed(bestAccuracy, 4))")
            SentimentTask.report(test, console: console, title: "test (\(test.confusion.total) sentences, best epoch)")
            console.say("training time \(fixed(trainingSeconds, 1)) s; checkpoints: \(loop.bestURL.path), " +
                        "\(loop.lastURL.path)")
        }
    }
}

extension SentimentPooling: ExpressibleByArgument {}
