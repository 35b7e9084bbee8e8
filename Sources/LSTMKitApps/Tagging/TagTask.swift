import Foundation
import LSTMKit

/// Sequence tagging with a BiLSTM or BiLSTM-CRF (Huang et al. 2015; Lample et al. 2016): `lstm train tag`,
/// `lstm tag` and `lstm evaluate` on its checkpoints. Parts of speech (plain tags, scored by token accuracy)
/// or chunks and named entities (IOB1, IOB2, IOBES; scored by chunk F1 as conlleval counts it). The
/// vocabularies come from the training file only; the best checkpoint is the one with the best validation
/// score; the test scores of the best and of the last checkpoint are reported.
public enum TagTask: ApplicationTask {
    public static let name = "tag"
    public static let higherIsBetter = true
    static let vocabulariesAttachment = "vocabularies"
    static let schemeAttachment = "scheme"

    public static func train(_ config: TagConfig, resume: Bool, observer: TaskObserver) throws -> TagTrainingReport {
        try config.validate()
        let path = absolutePath(config.data)
        let data = try TagData.read(path, config: config)
        var (trainSet, validationSet, testSet) = (data.train, data.validation, data.test)
        if !config.features {
            trainSet = trainSet.map(withoutFeatures)
            validationSet = validationSet.map(withoutFeatures)
            testSet = testSet.map(withoutFeatures)
        }
        if trainSet.isEmpty || validationSet.isEmpty {
            throw TaskError("\(path) has too few training sentences (\(trainSet.count)) to hold out a validation part; add a validation.txt")
        }
        let vocabularies = TaggingVocabularies(trainSet, minCount: config.minCount)
        let known = Set(vocabularies.tags)
        for (part, sentences) in [("validation", validationSet), ("test", testSet)] {
            let unseen = Set(sentences.flatMap(\.tags)).subtracting(known)
            if !unseen.isEmpty {
                observer.warn("the \(part) part has tags the training file lacks (\(unseen.sorted().prefix(5).joined(separator: ", "))): " +
                              "the model cannot predict them, so they count as errors")
            }
        }
        let t = config.training
        let modelConfig = config.modelConfig(wordVocabularySize: vocabularies.words.count,
                                             featureVocabularySizes: vocabularies.features.map(\.count),
                                             characterVocabularySize: vocabularies.characters.count,
                                             tagCount: vocabularies.tags.count)
        let weights = RandomSource(seed: t.seed(.weights)), dropout = RandomSource(seed: t.seed(.dropout))
        let model = SequenceTagger(config: modelConfig, implementation: t.kernel.implementation, rng: weights,
                                   dropoutRNG: dropout)
        let metric = data.scheme == nil ? "accuracy" : "f1"
        var saved = config
        saved.data = path
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: model,
            monitor: TrainingMonitor(.metric(metric), .maximize), metricNames: data.scheme == nil ? ["accuracy"] : ["f1", "accuracy"],
            randomSources: ["weights": weights, "dropout": dropout],
            attachments: [vocabulariesAttachment: vocabularies, schemeAttachment: data.scheme?.rawValue ?? "none"],
            metadata: [:], observer: observer) { model.recurrent.lastImplementation.rawValue }
        observer.say("\(path): \(data.summary)")
        observer.say("vocabulary \(vocabularies.words.count) words (min count \(config.minCount)), " +
                     "\(vocabularies.characters.count) characters" +
                     vocabularies.features.map { ", a column of \($0.count) values" }.joined())
        observer.say("model: \(describe(modelConfig)); \(model.parameterCount) parameters")
        observer.say("training: \(t.summary); recurrent kernel: \(model.recurrent.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let singletons = singletonWords(trainSet, vocabularies)
        let shuffleSeed = t.seed(.shuffle), replacement = config.unknownReplacement
        let outcome = try run.fit(train: { epoch in
            let order = batchOrder(trainSet, batchSize: t.batchSize, rng: epochRandomSource(seed: shuffleSeed, epoch: epoch))
            return order.indices.lazy.map { n in
                // Each batch its own stream, so a resumed run that skips batches draws the same replacements.
                let rng = RandomSource(seed: shuffleSeed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(n) &* 7919)
                return vocabularies.batch(order[n].map { trainSet[$0] }, replaceWord: { id in
                    singletons.contains(id) && rng.uniforms(count: 1)[0] < replacement
                })
            }
        }, validate: { m in
            let s = score(m, vocabularies, validationSet, scheme: data.scheme).scores
            return .init(loss: s.loss, metrics: s.f1.map { ["f1": $0, "accuracy": s.accuracy] } ?? ["accuracy": s.accuracy])
        }, loss: { m, batch in m.loss(batch) })

        let last = score(model, vocabularies, testSet, scheme: data.scheme).scores
        let best = try load(URL(fileURLWithPath: outcome.best))
        let bestScores = score(best.network, vocabularies, testSet, scheme: data.scheme).scores
        if let byType = bestScores.byType, !byType.isEmpty {
            try RunHistory.attach(RunExtras(chunkF1: byType.mapValues(\.f1)), in: directory)
        }
        return TagTrainingReport(data: path, summary: data.summary, parameterCount: model.parameterCount,
                                 training: outcome, best: bestScores, last: last)
    }

    public static func load(_ url: URL) throws -> TagModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: TagConfig.self)
        let vocabularies = try TaskCheckpoint.attachment(info, vocabulariesAttachment, as: TaggingVocabularies.self)
        let schemeName = try TaskCheckpoint.attachment(info, schemeAttachment, as: String.self)
        let scheme = TagScheme(rawValue: schemeName)
        if vocabularies.words.count < 2 || vocabularies.tags.isEmpty || (scheme == nil && schemeName != "none") {
            throw TaskError("checkpoint \(info.path): \(vocabularies.words.count) words, \(vocabularies.tags.count) tags, " +
                            "scheme '\(schemeName)'; the file is damaged")
        }
        let network = SequenceTagger(config: config.modelConfig(wordVocabularySize: vocabularies.words.count,
                                                                featureVocabularySizes: vocabularies.features.map(\.count),
                                                                characterVocabularySize: vocabularies.characters.count,
                                                                tagCount: vocabularies.tags.count),
                                     rng: RandomSource(seed: 0), dropoutRNG: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return TagModel(config: config, network: network, vocabularies: vocabularies, scheme: scheme, path: info.path)
    }

    /// The test part of the checkpoint's data folder, or of another folder (`data`) with the same columns.
    public static func evaluate(_ model: TagModel, data: String?, observer: TaskObserver) throws -> TagEvaluationReport {
        try evaluate(model, data: data, predictions: nil, observer: observer)
    }

    /// `evaluate`, also writing every test word with its gold and predicted tag to `predictions` (atomically):
    /// "word gold predicted" lines, a blank line after each sentence, the input format of conlleval.
    public static func evaluate(_ model: TagModel, data: String?, predictions: String?,
                                observer: TaskObserver) throws -> TagEvaluationReport {
        var config = model.config
        if let data { config.data = absolutePath(data) }
        config.scheme = model.scheme.map { TagSchemeChoice(rawValue: $0.rawValue)! } ?? .none
        let folder = try TagData.read(config.data, config: config)
        let expected = model.network.config.featureVocabularySizes.count
        let columns = folder.columnCount - 2
        if config.features && columns != expected {
            throw TaskError("\(folder.testSource) has \(columns) feature column(s), the model reads \(expected)")
        }
        let sentences = config.features ? folder.test : folder.test.map(withoutFeatures)
        let (scores, predicted) = score(model.network, model.vocabularies, sentences, scheme: model.scheme)
        if let predictions {
            var text = ""
            for (sentence, tags) in zip(sentences, predicted) {
                for k in sentence.words.indices { text += "\(sentence.words[k]) \(sentence.tags[k]) \(tags[k])\n" }
                text += "\n"
            }
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: predictions), options: .atomic) } catch {
                throw ConfigError("predictions", "cannot write \(predictions) (\(error.localizedDescription))")
            }
        }
        return TagEvaluationReport(checkpoint: model.path, data: folder.testSource, test: scores)
    }

    static func withoutFeatures(_ s: TaggedSentence) -> TaggedSentence { TaggedSentence(words: s.words, tags: s.tags) }

    /// "BiLSTM-CRF: words 100, 1 column x 25, characters BiLSTM 25 x 2, BiLSTM 200 x 2, dropout 0.5".
    static func describe(_ c: SequenceTaggerConfig) -> String {
        var parts = ["words \(c.wordEmbeddingSize)"]
        if !c.featureVocabularySizes.isEmpty { parts.append("\(c.featureVocabularySizes.count) column(s) x \(c.featureEmbeddingSize)") }
        if c.characterVocabularySize > 0 { parts.append("character BiLSTM \(c.characterHiddenSize) x 2") }
        parts.append(TextgenTask.describe(c.recurrent))
        return (c.crf ? "BiLSTM-CRF" : "BiLSTM + softmax") + ": " + parts.joined(separator: ", ") + ", dropout \(c.dropout)"
    }

    /// The IDs of the words seen exactly once in `sentences` (and kept by the vocabulary).
    static func singletonWords(_ sentences: [TaggedSentence], _ v: TaggingVocabularies) -> Set<Int> {
        var counts: [String: Int] = [:]
        for s in sentences { for w in s.words { counts[TaggingVocabularies.normalize(w), default: 0] += 1 } }
        return Set(counts.filter { $0.value == 1 }.compactMap { v.words.id(of: $0.key) })
    }

    /// One epoch's batches of sentence indices: a seeded permutation cut into pools of 50 batches, each pool
    /// sorted by length (little padding), the batches in a seeded order.
    static func batchOrder(_ sentences: [TaggedSentence], batchSize: Int, rng: RandomSource) -> [[Int]] {
        let order = rng.permutation(sentences.count)
        var batches: [[Int]] = []
        for start in stride(from: 0, to: order.count, by: batchSize * 50) {
            let pool = order[start..<min(order.count, start + batchSize * 50)]
                .sorted { (sentences[$0].words.count, $0) < (sentences[$1].words.count, $1) }
            for b in stride(from: 0, to: pool.count, by: batchSize) {
                batches.append(Array(pool[b..<min(pool.count, b + batchSize)]))
            }
        }
        return rng.permutation(batches.count).map { batches[$0] }
    }

    /// The tagger's scores on `sentences` (loss, token accuracy and, with a chunk scheme, conlleval's counts)
    /// and its predicted tags of every sentence.
    static func score(_ tagger: SequenceTagger, _ v: TaggingVocabularies, _ sentences: [TaggedSentence],
                      scheme: TagScheme?) -> (scores: TagScores, predicted: [[String]]) {
        let wasTraining = tagger.isTraining
        tagger.eval()
        defer { if wasTraining { tagger.train() } }
        let order = sentences.indices.sorted { (sentences[$0].words.count, $0) < (sentences[$1].words.count, $1) }
        var predicted = [[String]](repeating: [], count: sentences.count)
        var lossSum = 0.0
        for start in stride(from: 0, to: order.count, by: 128) {
            let indices = Array(order[start..<min(order.count, start + 128)])
            let batch = v.batch(indices.map { sentences[$0] })
            let (loss, tags) = withoutGrad { (Double(tagger.loss(batch).item), tagger.predict(batch)) }
            lossSum += loss * Double(indices.count)
            for (i, n) in indices.enumerated() { predicted[n] = tags[i].map { v.tags[$0] } }
        }
        var evaluator = ChunkEvaluator()
        evaluator.add(gold: sentences.map(\.tags), predicted: predicted)
        let e = evaluator.result
        let scores = TagScores(sentences: sentences.count, tokens: e.tokenCount, loss: lossSum / Double(max(1, sentences.count)),
                         accuracy: e.accuracy, precision: scheme == nil ? nil : e.precision,
                         recall: scheme == nil ? nil : e.recall, f1: scheme == nil ? nil : e.f1,
                         byType: scheme == nil ? nil : e.byType)
        return (scores, predicted)
    }
}
