import Foundation
import LSTMKit

/// Sentiment on the Stanford Sentiment Treebank (Socher et al. 2013): `lstm train sst` trains the binary
/// Tree-LSTM of Tai et al. 2015 (loss on every labeled phrase) or a sequential BiLSTM (loss on the sentence)
/// on SST's own train / dev / test split, fine-grained (5 classes) or binary; the best checkpoint has the best
/// dev root accuracy, and the test root accuracy of the best and the last checkpoint is reported.
public enum SSTTask: ApplicationTask {
    public static let name = "sst"
    public static let higherIsBetter = true
    static let vocabularyAttachment = "vocabulary"

    public static func train(_ config: SSTConfig, resume: Bool, observer: TaskObserver) throws -> SSTTrainingReport {
        try config.validate()
        let path = absolutePath(config.data)
        let data = try SSTData.read(path, config: config)
        let t = config.training
        let weights = RandomSource(seed: t.seed(.weights)), dropout = RandomSource(seed: t.seed(.dropout))
        var saved = config
        saved.data = path
        let directory = try prepareOutputDirectory(config.output)
        let shuffleSeed = t.seed(.shuffle)
        func order(_ epoch: Int) -> [[Int]] {
            let p = epochRandomSource(seed: shuffleSeed, epoch: epoch).permutation(data.train.count)
            return stride(from: 0, to: p.count, by: t.batchSize).map { Array(p[$0..<Swift.min($0 + t.batchSize, p.count)]) }
        }
        observer.say("\(path): \(data.train.count) / \(data.dev.count) / \(data.test.count) trees (train / dev / test), " +
                     "\(config.classes) classes; vocabulary \(data.vocabulary.count) words (min count \(config.minCount)" +
                     (config.lowercase ? ", lower-cased)" : ")"))
        let split = SplitSizes(train: data.train.count, validation: data.dev.count, test: data.test.count)
        let attachments: [String: any Encodable] = [vocabularyAttachment: data.vocabulary]

        switch config.model {
        case .tree:
            let model = TreeSentimentClassifier(vocabularySize: data.vocabulary.count, config: config, rng: weights,
                                                dropoutRNG: dropout)
            let run = try TaskTraining(
                task: name, directory: directory, training: t, config: saved, model: model,
                monitor: TrainingMonitor(.metric("accuracy"), .maximize), metricNames: ["accuracy"],
                randomSources: ["weights": weights, "dropout": dropout], attachments: attachments,
                observer: observer) { "level-batched binary Tree-LSTM" }
            describe(config, parameters: model.parameterCount, observer: observer)
            if resume { observer.say("resuming from step \(try run.resume())") }
            let outcome = try run.fit(train: { epoch in
                order(epoch).map { SSTTreeBatch($0.map { data.train[$0] }, vocabulary: data.vocabulary, config: config) }
            }, validate: { m in
                let e = m.evaluate(data.dev, vocabulary: data.vocabulary, config: config)
                return .init(loss: e.roots.loss ?? 0, metrics: ["accuracy": e.roots.accuracy])
            }, loss: { m, batch in m.loss(batch) })
            let last = model.evaluate(data.test, vocabulary: data.vocabulary, config: config)
            let best = try load(URL(fileURLWithPath: outcome.best)).evaluate(data.test)
            try RunHistory.attach(RunExtras(classification: best.test), in: directory)
            return SSTTrainingReport(data: path, model: config.model, classes: config.classes, split: split,
                                     vocabularySize: data.vocabulary.count, parameterCount: model.parameterCount,
                                     training: outcome, best: best.test, last: last.roots,
                                     bestPhraseAccuracy: best.phraseAccuracy)
        case .bilstm:
            let model = SentimentClassifier(config: config.bilstmConfig(vocabularySize: data.vocabulary.count),
                                            implementation: t.kernel.implementation, rng: weights, dropoutRNG: dropout)
            let examples = { (trees: [LabeledTree]) in sentences(trees, data.vocabulary, config) }
            let trainSet = examples(data.train), devSet = examples(data.dev), testSet = examples(data.test)
            let run = try TaskTraining(
                task: name, directory: directory, training: t, config: saved, model: model,
                monitor: TrainingMonitor(.metric("accuracy"), .maximize), metricNames: ["accuracy"],
                randomSources: ["weights": weights, "dropout": dropout], attachments: attachments,
                observer: observer) { model.recurrent.lastImplementation.rawValue }
            describe(config, parameters: model.parameterCount, observer: observer)
            if resume { observer.say("resuming from step \(try run.resume())") }
            let outcome = try run.fit(train: { epoch in
                DataLoader(tokenSequences: ArrayDataset(trainSet), batchSize: t.batchSize, shuffle: true,
                           bucketByLength: true, paddingID: 0,
                           rng: epochRandomSource(seed: shuffleSeed, epoch: epoch)).epoch()
            }, validate: { m in
                let e = m.evaluate(devSet)
                return .init(loss: e.loss, metrics: ["accuracy": e.accuracy])
            }, loss: { m, batch in m.loss(batch) })
            let last = model.evaluate(testSet, labels: config.classNames)
            let best = try load(URL(fileURLWithPath: outcome.best)).evaluate(data.test)
            try RunHistory.attach(RunExtras(classification: best.test), in: directory)
            return SSTTrainingReport(data: path, model: config.model, classes: config.classes, split: split,
                                     vocabularySize: data.vocabulary.count, parameterCount: model.parameterCount,
                                     training: outcome, best: best.test,
                                     last: ClassificationReport(last.confusion, loss: last.loss), bestPhraseAccuracy: nil)
        }
    }

    static func describe(_ config: SSTConfig, parameters: Int, observer: TaskObserver) {
        observer.say("model: " + (config.model == .tree ? "binary Tree-LSTM" : "BiLSTM (max pooling)") +
                     ", embedding \(config.embeddingSize), hidden \(config.hiddenSize), dropout \(config.dropout) " +
                     "(embedding \(config.embeddingDropout)); \(parameters) parameters")
        observer.say("training: \(config.training.summary)")
    }

    /// The sentences of `trees` as labeled token sequences (the root's class).
    static func sentences(_ trees: [LabeledTree], _ vocabulary: Vocabulary, _ config: SSTConfig) -> [TokenSequenceExample<Float>] {
        let unknown = vocabulary.unknownID ?? 1
        return trees.map { tree in
            TokenSequenceExample(tokens: tree.words.map { vocabulary.id(of: $0) ?? unknown },
                                 target: .label(config.target(tree.label)!))
        }
    }

    public static func load(_ url: URL) throws -> SSTModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: SSTConfig.self)
        let vocabulary = try TaskCheckpoint.attachment(info, vocabularyAttachment, as: Vocabulary.self)
        if vocabulary.count < 2 { throw TaskError("checkpoint \(info.path): \(vocabulary.count) words; the file is damaged") }
        let network: SSTModel.Network
        switch config.model {
        case .tree:
            let model = TreeSentimentClassifier(vocabularySize: vocabulary.count, config: config, rng: RandomSource(seed: 0))
            try TaskCheckpoint.loadWeights(model, info)
            network = .tree(model)
        case .bilstm:
            let model = SentimentClassifier(config: config.bilstmConfig(vocabularySize: vocabulary.count),
                                            rng: RandomSource(seed: 0))
            try TaskCheckpoint.loadWeights(model, info)
            network = .bilstm(model)
        }
        return SSTModel(config: config, network: network, vocabulary: vocabulary, path: info.path)
    }

    /// The test trees of the checkpoint's folder, or of `data` (a folder's test.txt, or a treebank file).
    public static func evaluate(_ model: SSTModel, data: String?, observer: TaskObserver) throws -> SSTEvaluationReport {
        let path = data.map(absolutePath) ?? model.config.data
        let trees = try SSTData.read(file: path, config: model.config)
        let e = model.evaluate(trees)
        return SSTEvaluationReport(checkpoint: model.path, data: path, model: model.config.model,
                                   test: e.test, phraseAccuracy: e.phraseAccuracy)
    }
}

/// A model loaded from a `lstm train sst` checkpoint.
public struct SSTModel {
    public enum Network {
        case tree(TreeSentimentClassifier)
        case bilstm(SentimentClassifier)
    }
    public let config: SSTConfig
    public let network: Network
    public let vocabulary: Vocabulary
    public let path: String

    /// Root scores of `trees` (and, for the tree model, the accuracy over every labeled phrase).
    public func evaluate(_ trees: [LabeledTree]) -> (test: ClassificationReport, phraseAccuracy: Double?) {
        switch network {
        case .tree(let m):
            let e = m.evaluate(trees, vocabulary: vocabulary, config: config)
            return (e.roots, e.phraseAccuracy)
        case .bilstm(let m):
            let e = m.evaluate(SSTTask.sentences(trees, vocabulary, config), labels: config.classNames)
            return (ClassificationReport(e.confusion, loss: e.loss), nil)
        }
    }
}
