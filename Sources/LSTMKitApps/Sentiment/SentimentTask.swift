import Foundation
import LSTMKit

/// Text classification with a (Bi)LSTM over word vectors: `lstm train sentiment`, `lstm predict` and
/// `lstm evaluate` on its checkpoints. The texts are split once (stratified, with the config's own split
/// seed), the vocabulary comes from the training part only, and the best checkpoint is the one with the best
/// validation accuracy; the test scores of the best and of the last checkpoint are reported.
public enum SentimentTask: ApplicationTask {
    public static let name = "sentiment"
    public static let higherIsBetter = true
    static let vocabularyAttachment = "vocabulary"
    static let classNamesAttachment = "classNames"
    static let fingerprintKey = "dataFingerprint"

    public static func train(_ config: SentimentConfig, resume: Bool, observer: TaskObserver) throws -> SentimentTrainingReport {
        try config.validate()
        let path = absolutePath(config.data)
        let data = try LabeledTextData.read(path, config: config)
        let split = SplitIndices.stratified(labels: data.labels, train: config.trainFraction,
                                            validation: config.validationFraction,
                                            using: RandomSource(seed: config.splitSeed))
        let sizes = SplitSizes(train: split.train.count, validation: split.validation.count, test: split.test.count)
        if sizes.train == 0 || sizes.validation == 0 || sizes.test == 0 {
            throw TaskError("\(config.data) has too few texts (\(zip(data.classNames, data.classCounts).map { "\($1) \($0)" }.joined(separator: ", "))) " +
                            "for a \(percent(config.trainFraction)) / \(percent(config.validationFraction)) split: " +
                            "a part is empty; give more texts")
        }
        let texts = { (indices: [Int]) in indices.map { data.texts[$0] } }
        let labels = { (indices: [Int]) in indices.map { data.labels[$0] } }
        let vocabulary = SentimentText.vocabulary(from: texts(split.train), minCount: config.minCount,
                                                    maxTokens: config.maxTokens)
        if vocabulary.count <= SentimentText.specials.inOrder.count {
            throw ConfigError("minCount", "\(config.minCount) leaves no word in the vocabulary: no word occurs that " +
                              "often in the training part")
        }
        let examples = { (indices: [Int]) in
            SentimentText.examples(texts(indices), labels: labels(indices), vocabulary, maxTokens: config.maxTokens)
        }
        let trainSet = examples(split.train), validationSet = examples(split.validation), testSet = examples(split.test)
        warnAboutLength(trainSet, config: config, observer: observer)

        let t = config.training
        let modelConfig = config.modelConfig(vocabularySize: vocabulary.count, classCount: data.classNames.count)
        let weights = RandomSource(seed: t.seed(.weights)), dropout = RandomSource(seed: t.seed(.dropout))
        let model = SentimentClassifier(config: modelConfig, implementation: t.kernel.implementation, rng: weights,
                                        dropoutRNG: dropout)
        var saved = config
        saved.data = path
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: model,
            monitor: TrainingMonitor(.metric("accuracy"), .maximize),
            metricNames: ["accuracy"], randomSources: ["weights": weights, "dropout": dropout],
            attachments: [vocabularyAttachment: vocabulary, classNamesAttachment: data.classNames],
            metadata: [fingerprintKey: dataFingerprint(texts: data.texts, labels: data.labels)], observer: observer) { model.recurrent.lastImplementation.rawValue }
        observer.say("\(data.source): \(data.texts.count) texts in \(data.classNames.count) classes " +
                     "(\(zip(data.classNames, data.classCounts).map { "\($0) \($1)" }.joined(separator: ", "))); " +
                     "split \(sizes.text); vocabulary \(vocabulary.count) tokens (min count \(config.minCount))" +
                     (config.maxTokens.map { "; texts cut to \($0) tokens" } ?? ""))
        observer.say("model: embedding \(config.embeddingSize), \(TextgenTask.describe(modelConfig.recurrent)), " +
                     "\(config.pooling.rawValue) pooling, dropout \(config.dropout) (embedding " +
                     "\(config.embeddingDropout)); \(model.parameterCount) parameters")
        observer.say("training: \(t.summary); recurrent kernel: \(model.recurrent.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let shuffleSeed = t.seed(.shuffle)
        let outcome = try run.fit(train: { epoch in
            DataLoader(tokenSequences: ArrayDataset(trainSet), batchSize: t.batchSize, shuffle: true,
                       bucketByLength: true, paddingID: modelConfig.paddingIndex,
                       rng: epochRandomSource(seed: shuffleSeed, epoch: epoch)).epoch()
        }, validate: { m in
            let e = m.evaluate(validationSet)
            return .init(loss: e.loss, metrics: ["accuracy": e.accuracy])
        }, loss: { m, batch in m.loss(batch) })

        let last = report(model.evaluate(testSet, labels: data.classNames))
        // The best checkpoint is the model in memory when it was written at the last step: no second load.
        let best = outcome.bestStep == outcome.steps ? last
            : report(try load(URL(fileURLWithPath: outcome.best)).network.evaluate(testSet, labels: data.classNames))
        try RunHistory.attach(RunExtras(classification: best), in: directory)
        return SentimentTrainingReport(
            data: path, source: data.source, split: sizes, vocabularySize: vocabulary.count,
            parameterCount: model.parameterCount, training: outcome, best: best, last: last)
    }

    public static func load(_ url: URL) throws -> SentimentModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: SentimentConfig.self)
        let vocabulary = try TaskCheckpoint.attachment(info, vocabularyAttachment, as: Vocabulary.self)
        let classNames = try TaskCheckpoint.attachment(info, classNamesAttachment, as: [String].self)
        if vocabulary.count < 2 || classNames.count < 2 {
            throw TaskError("checkpoint \(info.path): \(vocabulary.count) tokens and \(classNames.count) classes; the file is damaged")
        }
        let network = SentimentClassifier(config: config.modelConfig(vocabularySize: vocabulary.count,
                                                                     classCount: classNames.count),
                                          rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return SentimentModel(config: config, network: network, vocabulary: vocabulary, classNames: classNames,
                              path: info.path, dataFingerprint: info.userEntries[fingerprintKey])
    }

    /// The checkpoint's own data (the same texts and labels, wherever they lie now): its test split; other
    /// data: every text.
    public static func evaluate(_ model: SentimentModel, data: String?, observer: TaskObserver) throws -> SentimentEvaluationReport {
        let config = model.config
        let path = data.map(absolutePath) ?? config.data
        let texts = try LabeledTextData.read(path, config: config, classNames: model.classNames)
        if texts.classNames != model.classNames {
            throw TaskError("\(path) has the classes \(texts.classNames), the model \(model.classNames)")
        }
        let own = model.dataFingerprint.map { $0 == dataFingerprint(texts: texts.texts, labels: texts.labels) }
            ?? (path == config.data)
        let indices = own
            ? SplitIndices.stratified(labels: texts.labels, train: config.trainFraction,
                                      validation: config.validationFraction, using: RandomSource(seed: config.splitSeed)).test
            : Array(texts.texts.indices)
        let examples = SentimentText.examples(indices.map { texts.texts[$0] }, labels: indices.map { texts.labels[$0] },
                                              model.vocabulary, maxTokens: config.maxTokens)
        return SentimentEvaluationReport(checkpoint: model.path, data: path, part: own ? "test" : "all",
                                         test: report(model.network.evaluate(examples, labels: model.classNames)))
    }

    static func report(_ e: SentimentEvaluation) -> ClassificationReport { ClassificationReport(e.confusion, loss: e.loss) }

    /// Long texts cost memory and time (a BiLSTM keeps every step for backpropagation): say so, with the fix.
    static func warnAboutLength(_ examples: [TokenSequenceExample<Float>], config: SentimentConfig, observer: TaskObserver) {
        let lengths = examples.map(\.tokens.count).sorted()
        guard let longest = lengths.last, config.maxTokens == nil, longest > 400 else { return }
        let median = lengths[lengths.count / 2]
        observer.warn("the texts are long (median \(median) tokens, longest \(longest)): training keeps every step of " +
                      "a batch in memory; consider --max-tokens 400 and a smaller --batch-size")
    }
}

/// A text classifier loaded from a `lstm train sentiment` checkpoint, and prediction.
///
///     let model = try SentimentTask.load(URL(fileURLWithPath: "runs/sentiment/best.safetensors"))
///     try model.predict(["a gripping film"])[0].label     // "positive"
public struct SentimentModel {
    public let config: SentimentConfig
    public let network: SentimentClassifier
    public let vocabulary: Vocabulary
    public let classNames: [String]
    public let path: String
    /// The fingerprint of the training data (`dataFingerprint(texts:labels:)`).
    public let dataFingerprint: String?

    /// The predicted class and the class probabilities of each text (a text without tokens is one `<pad>`).
    public func predict(_ texts: [String]) throws -> [TextPrediction] {
        if texts.isEmpty { throw ConfigError("texts", "give at least one text") }
        let examples = SentimentText.examples(texts, labels: Array(repeating: 0, count: texts.count), vocabulary,
                                              maxTokens: config.maxTokens)
        let p = network.probabilities(examples.map(\.tokens))                         // [N, C]
        let c = classNames.count, unknown = vocabulary.unknownID, padding = vocabulary.paddingID
        return texts.indices.map { n in
            let row = (0..<c).map { Double(p.scalars[n * c + $0]) }
            let best = row.indices.max { row[$0] < row[$1] }!
            let ids = examples[n].tokens.filter { $0 != padding }
            return TextPrediction(text: texts[n], label: classNames[best], probabilities: row, tokens: ids.count,
                                  unknownTokens: ids.filter { $0 == unknown }.count)
        }
    }
}
