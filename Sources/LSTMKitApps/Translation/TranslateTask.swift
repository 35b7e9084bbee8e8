import Foundation
import LSTMKit

/// Translation with an attentional LSTM encoder-decoder (`Seq2Seq`): `lstm train translate`, `lstm translate`
/// and `lstm evaluate` on its checkpoints. The data is a Multi30k-layout folder (German -> English by
/// default); both vocabularies come from the training side only. Each evaluation scores greedy translations
/// of the validation split with corpus BLEU (sacrebleu's defaults), and the best checkpoint is the one with
/// the best validation BLEU; the final report scores test2016 with greedy decoding and with beam search.
public enum TranslateTask: ApplicationTask {
    public static let name = "translate"
    public static let higherIsBetter = true
    static let vocabulariesAttachment = "vocabularies"

    /// How many validation sentences the report shows translated at each evaluation.
    static let sampleCount = 3
    /// How many of them the report shows with the best checkpoint's attention.
    static let attentionCount = 2

    public static func train(_ config: TranslateConfig, resume: Bool, observer: TaskObserver) throws -> TranslateTrainingReport {
        try config.validate()
        let data = try TranslateData.read(config)
        let folder = try TranslateData.dataFolder(config.data)
        let test = try TranslateData.readSplit(folder, .test2016, config)
        let vocabularies = data.vocabularies
        let t = config.training
        let modelConfig = config.modelConfig(sourceVocabularySize: vocabularies.source.count,
                                             targetVocabularySize: vocabularies.target.count)
        let rng = RandomSource(seed: t.seed(.weights))
        let network = Seq2Seq<Float>(modelConfig, implementation: t.kernel.implementation, rng: rng)
        var saved = config
        saved.data = folder.path
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: network,
            monitor: TrainingMonitor(.metric("bleu"), .maximize), metricNames: ["bleu"],
            randomSources: ["weights+dropout": rng], attachments: [vocabulariesAttachment: vocabularies],
            observer: observer) { network.encoder.lastImplementation.rawValue }
        let tokenizer = config.tokenizer
        let validationUnknown = vocabularies.unknownRate(data.validation.sources.map(tokenizer.tokenize), side: .source)
        observer.say("\(folder.path): \(config.source) -> \(config.target), \(data.train.count) / " +
                     "\(data.validation.count) / \(test.count) pairs (train / val / test2016); vocabularies " +
                     "\(vocabularies.source.count) \(config.source) + \(vocabularies.target.count) \(config.target) " +
                     "tokens (min frequency \(config.minFrequency)\(config.lowercase ? ", lower-cased" : "")); " +
                     "\(percent(validationUnknown)) of the validation source words are <unk>")
        observer.say("model: embedding \(config.embeddingSize), encoder \(config.bidirectional ? "bidirectional " : "")" +
                     "\(config.encoderCell.rawValue) \(config.encoderHiddenSize)" +
                     "\(config.bidirectional ? " per direction" : "") x \(config.encoderLayers), decoder " +
                     "\(config.decoderCell.rawValue) \(config.decoderHiddenSize) x \(config.decoderLayers), " +
                     "\(config.attention.rawValue) attention\(config.inputFeeding ? ", input feeding" : ""), dropout " +
                     "\(config.dropout), label smoothing \(config.labelSmoothing); \(network.parameterCount) parameters")
        observer.say("training: \(t.summary); validation: greedy BLEU on val each evaluation")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let validationPairs = encode(data.validation, vocabularies, tokenizer)
        let shuffleSeed = t.seed(.shuffle)
        var tokens = 0
        // The greedy translations of the first validation sentences at each evaluation, with their references
        // (history.json: the report's samples).
        var translated: [String] = []
        run.recordAtEvaluation { step in
            let lines = translated.prefix(sampleCount).enumerated().map { k, hypothesis in
                "\(data.validation.sources[k])\n  -> \(hypothesis)\n  reference: \(data.validation.targets[k])"
            }
            return RunExtras(samples: [RunSample(step: step, source: RunSample.validationTranslations,
                                                 text: lines.joined(separator: "\n"))])
        }
        let outcome = try run.fit(train: { epoch in
            translationBatches(data.trainPairs, batchSize: t.batchSize, config: modelConfig,
                               rng: epochRandomSource(seed: shuffleSeed, epoch: epoch))
        }, validate: { m in
            let model = TranslationModel(config: saved, network: m, vocabularies: vocabularies, path: "")
            let hypotheses = try model.translate(data.validation.sources).map(\.text)
            translated = hypotheses
            let bleu = BLEU().corpusScore(hypotheses: hypotheses, references: data.validation.targets)
            return .init(loss: validationLoss(m, validationPairs, batchSize: t.batchSize),
                         metrics: ["bleu": bleu.score])
        }, loss: { m, batch in
            tokens += batch.sourceLengths.reduce(0, +) + batch.targetLengths.reduce(0, +)
            return m.loss(batch, labelSmoothing: config.labelSmoothing)
        })
        let tokensPerSecond = outcome.seconds > 0 ? Double(tokens) / outcome.seconds : 0

        observer.say("scoring the best checkpoint on test2016 (greedy, then beam width \(config.beamWidth))")
        let best = try load(URL(fileURLWithPath: outcome.best))
        let attention = try best.translate(Array(data.validation.sources.prefix(attentionCount))).map(AttentionMap.init)
        try RunHistory.attach(RunExtras(attention: attention), in: directory)
        return TranslateTrainingReport(
            data: folder.path, languages: "\(config.source)-\(config.target)", train: data.train.count,
            validation: data.validation.count, sourceVocabularySize: vocabularies.source.count,
            targetVocabularySize: vocabularies.target.count, parameterCount: network.parameterCount,
            training: outcome, tokensPerSecond: tokensPerSecond, test: try best.score(test))
    }

    /// Source and target IDs of every pair.
    static func encode(_ text: ParallelText, _ vocabularies: TranslationVocabularies, _ tokenizer: WordTokenizer) -> [EncodedPair] {
        zip(text.sources, text.targets).map { s, t in
            EncodedPair(source: vocabularies.encodeSource(tokenizer.tokenize(s)),
                        target: vocabularies.target.encode(tokenizer.tokenize(t)))
        }
    }

    /// The mean teacher-forced cross-entropy per target token (no label smoothing) over `pairs`.
    static func validationLoss(_ m: Seq2Seq<Float>, _ pairs: [EncodedPair], batchSize: Int) -> Double {
        var total = 0.0, count = 0
        for start in stride(from: 0, to: pairs.count, by: batchSize) {
            let chunk = pairs[start..<min(start + batchSize, pairs.count)]
            let batch = Seq2SeqBatch(sources: chunk.map(\.source), targets: chunk.map(\.target), config: m.config)
            let n = batch.targetLengths.reduce(0, +)
            total += Double(m.loss(batch).scalars[0]) * Double(n)
            count += n
        }
        return count == 0 ? 0 : total / Double(count)
    }

    public static func load(_ url: URL) throws -> TranslationModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: TranslateConfig.self)
        let vocabularies = try TaskCheckpoint.attachment(info, vocabulariesAttachment, as: TranslationVocabularies.self)
        if vocabularies.source.count < 5 || vocabularies.target.count < 5 {
            throw TaskError("checkpoint \(info.path): vocabularies of \(vocabularies.source.count) and " +
                            "\(vocabularies.target.count) tokens; the file is damaged")
        }
        let network = Seq2Seq<Float>(config.modelConfig(sourceVocabularySize: vocabularies.source.count,
                                                        targetVocabularySize: vocabularies.target.count),
                                     implementation: config.training.kernel.implementation, rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return TranslationModel(config: config, network: network, vocabularies: vocabularies, path: info.path)
    }

    /// test2016 of the checkpoint's data folder (or of `data`, another folder in the same layout), scored
    /// with greedy decoding and with beam search.
    public static func evaluate(_ model: TranslationModel, data: String?, observer: TaskObserver) throws -> TranslateEvaluationReport {
        let folder = try TranslateData.dataFolder(data ?? model.config.data)
        let test = try TranslateData.readSplit(folder, .test2016, model.config)
        return TranslateEvaluationReport(checkpoint: model.path, data: folder.path, test: try model.score(test))
    }
}
