import Foundation
import LSTMKit

/// Word-level language modelling (Zaremba et al. 2014 on Penn Treebank): `lstm train wordlm`,
/// `lstm evaluate` (test perplexity) and `lstm sample` on its checkpoints. Training is stateful truncated
/// backpropagation through time through `Trainer`: the training words are cut into `batchSize` streams read
/// `seqLength` words per update, the state carried (detached) from update to update; the learning rate
/// decays per epoch (`WordLMConfig.learningRate(epoch:)`); validation perplexity picks the best checkpoint.
/// Validation and test text are read as one stream (every word but the first is predicted, with all the
/// context before it, as Zaremba et al. evaluate).
public enum WordLMTask: ApplicationTask {
    public static let name = "wordlm"
    public static let higherIsBetter = false
    static let vocabularyAttachment = "vocabulary"
    static let countsAttachment = "counts"

    public static func train(_ config: WordLMConfig, resume: Bool, observer: TaskObserver) throws -> WordLMTrainingReport {
        try config.validate()
        let paths = (train: absolutePath(config.train), valid: absolutePath(config.valid), test: absolutePath(config.test))
        let train = try readWords(paths.train, option: "train", maxVocabulary: config.maxVocabulary)
        let vocabulary = train.vocabulary
        let valid = try readWords(paths.valid, option: "valid", vocabulary: vocabulary)
        let test = try readWords(paths.test, option: "test", vocabulary: vocabulary)
        let t = config.effectiveTraining
        for (part, corpus) in [("train", train), ("valid", valid), ("test", test)] where corpus.count < 2 * (part == "train" ? t.batchSize : 1) {
            throw ConfigError(part, "has \(corpus.count) words, too few for \(part == "train" ? "\(t.batchSize) streams of at least 2" : "one prediction")")
        }
        var modelConfig = config.model
        modelConfig.vocabularySize = vocabulary.count
        if let (field, message) = WordLanguageModel.problem(modelConfig) { throw ConfigError(field, message) }
        let counts = Self.counts(train)
        let weights = RandomSource(seed: t.seed(.weights)), dropout = RandomSource(seed: t.seed(.dropout))
        let model = WordLanguageModel(config: modelConfig, counts: counts, implementation: t.kernel.implementation,
                                      rng: weights, dropoutRNG: dropout)
        let updates = TruncatedTextBatches(train, batchSize: t.batchSize, k1: config.seqLength, k2: config.seqLength)
        var saved = config
        (saved.train, saved.valid, saved.test) = paths
        saved.model = modelConfig
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(task: name, directory: directory, training: t, config: saved, model: model,
                                   monitor: .validationLoss, metricNames: ["perplexity"],
                                   randomSources: ["weights": weights, "dropout": dropout],
                                   attachments: [vocabularyAttachment: vocabulary, countsAttachment: counts],
                                   metadata: ["words": String(train.count)], observer: observer) {
            model.lastImplementation.rawValue
        }
        let scale = config.sumOverTime ? Double(config.seqLength) : 1
        if t.schedule == .constant && t.warmupSteps == 0 { run.trainer.schedule = { scale * config.learningRate(epoch: $0.epoch) } }
        observer.say("\(config.train): \(train.count) words, vocabulary \(vocabulary.count); valid \(valid.count), " +
                     "test \(test.count) words")
        observer.say("model: \(config.preset.rawValue) preset, embedding \(modelConfig.embeddingSize), LSTM " +
                     "\(modelConfig.hiddenSize) x \(modelConfig.layerCount), dropout \(modelConfig.dropout) " +
                     "(embedding \(modelConfig.embeddingDropout)\(modelConfig.variationalDropout ? ", variational" : "")), " +
                     "output layer \(modelConfig.outputLayer.rawValue)\(modelConfig.outputLayer == .class ? " (\(modelConfig.classes) classes)" : "")" +
                     "\(modelConfig.tieEmbeddings ? ", tied embeddings" : ""); \(model.parameterCount) parameters")
        observer.say("training: \(t.summary)" + (config.sumOverTime ? " (per-word mean loss: lr \(config.training.learningRate) " +
                     "and clip norm \(config.training.clipNorm.map { "\($0)" } ?? "none") on the loss summed over \(config.seqLength) steps)" : "") + "; lr x \(config.lrDecay) per epoch after epoch \(config.decayAfter); " +
                     "\(updates.count) updates per epoch of \(t.batchSize) streams x \(config.seqLength) words; " +
                     "recurrent kernel: \(model.layers[0].resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }
        if config.sampleLength > 0 {
            // What `lstm sample` prints from that step's checkpoint (eval mode, the run's seed).
            run.recordSamples { step in
                try WordLMModel(config: saved, network: model, vocabulary: vocabulary, step: step, path: "")
                    .sample(prime: [], length: min(config.sampleLength, 500), temperature: 1, seed: t.seed)
            }
        }

        let outcome = try run.fit(train: { _ in updates }, validate: { m in
            let e = m.evaluate(valid, batchSize: 1, steps: evaluationSteps)
            return .init(loss: e.meanLoss, metrics: ["perplexity": e.perplexity])
        }, stateful: { (m: WordLanguageModel, update: TruncatedTextBatch, states: [EncoderState<Float>]?) in
            let result = m.loss(update.batch, states: states)
            return (result.loss, result.states)
        })
        let best = try load(URL(fileURLWithPath: outcome.best))
        let validScores = best.network.evaluate(valid, batchSize: 1, steps: evaluationSteps)
        let testScores = best.network.evaluate(test, batchSize: 1, steps: evaluationSteps)
        let sample = config.sampleLength > 0
            ? try best.sample(prime: [], length: config.sampleLength, temperature: 1, seed: t.seed) : ""
        if !sample.isEmpty {
            let step = outcome.bestStep ?? outcome.steps
            try RunHistory.attach(RunExtras(samples: [RunSample(step: step, source: RunSample.best, text: sample)]), in: directory)
        }
        let trained = run.trainer.history.steps.count * t.batchSize * config.seqLength
        let curve = run.trainer.history.evaluations.map {
            WordLMCurvePoint(step: $0.step, epoch: $0.epoch, seconds: $0.seconds, learningRate: $0.learningRate,
                             trainPerplexity: Foundation.exp($0.trainLoss),
                             validPerplexity: Foundation.exp($0.validationLoss ?? .nan))
        }
        return WordLMTrainingReport(
            train: paths.train, words: train.count, vocabularySize: vocabulary.count, parameterCount: model.parameterCount,
            outputLayer: modelConfig.outputLayer.rawValue, training: outcome, valid: WordScores(validScores),
            test: WordScores(testScores), wordsPerSecond: Double(trained) / max(outcome.seconds, 1e-9),
            curve: curve, sample: sample)
    }

    /// Words per forward call when scoring a file (batch 1, the state carried through the whole file, so the
    /// perplexity does not depend on it): long chunks pack the LSTM weights for the native kernel once per 500
    /// words instead of once per `seqLength` words.
    static let evaluationSteps = 500

    public static func load(_ url: URL) throws -> WordLMModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: WordLMConfig.self)
        let vocabulary = try TaskCheckpoint.attachment(info, vocabularyAttachment, as: Vocabulary.self)
        let counts = try TaskCheckpoint.attachment(info, countsAttachment, as: [Int].self)
        if vocabulary.count < 2 || counts.count != vocabulary.count || counts.contains(where: { $0 < 0 }) || vocabulary.unknownID == nil
            || config.model.vocabularySize != vocabulary.count || WordLanguageModel.problem(config.model) != nil {
            throw TaskError("checkpoint \(info.path): its vocabulary (\(vocabulary.count) words), word counts " +
                            "(\(counts.count)) and model config disagree; the file is damaged")
        }
        let network = WordLanguageModel(config: config.model, counts: counts, rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return WordLMModel(config: config, network: network, vocabulary: vocabulary, step: info.step ?? 0, path: info.path)
    }

    /// Test perplexity of a checkpoint on its recorded test file, or on `data` (words it never saw are `<unk>`).
    public static func evaluate(_ model: WordLMModel, data: String?, observer: TaskObserver) throws -> WordLMEvaluationReport {
        let path = data.map(absolutePath) ?? model.config.test
        let corpus = try readWords(path, option: "data", vocabulary: model.vocabulary)
        if corpus.count < 2 { throw ConfigError("data", "\(path) has \(corpus.count) word; at least 2 are needed") }
        let unknown = corpus.ids.filter { $0 == model.vocabulary.unknownID }.count
        let started = Date()
        let result = model.network.evaluate(corpus, batchSize: 1, steps: evaluationSteps)
        return WordLMEvaluationReport(checkpoint: model.path, data: path, step: model.step, scores: WordScores(result),
                                      unknownWords: unknown, seconds: Date().timeIntervalSince(started))
    }
}
