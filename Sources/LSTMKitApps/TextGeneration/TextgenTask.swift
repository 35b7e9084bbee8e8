import Foundation
import LSTMKit

/// Character-level text generation (Karpathy's char-rnn): `lstm train textgen`, `lstm sample`, and
/// `lstm evaluate` on its checkpoints. Training is stateful truncated backpropagation through time through
/// `Trainer`: the training text is cut into `batchSize` parallel streams read `k1` characters per update,
/// the state carried (detached) from update to update and reset at each epoch.
public enum TextgenTask: ApplicationTask {
    public static let name = "textgen"
    public static let higherIsBetter = false
    /// The attachment holding the character vocabulary.
    static let vocabularyAttachment = "vocabulary"

    public static func train(_ config: TextgenConfig, resume: Bool, observer: TaskObserver) throws -> TextgenTrainingReport {
        try config.validate()
        let path = absolutePath(config.data)
        // The whole corpus's IDs are freed once split (8 bytes per character: 400 MB for a 50 MB text).
        let (train, validation, vocabulary, characterCount) = try { () throws -> (TextCorpus, TextCorpus, Vocabulary, Int) in
            let corpus = try readCorpus(path)
            let (train, validation) = try split(corpus, config: config, path: config.data)
            return (train, validation, corpus.vocabulary, corpus.count)
        }()
        let modelConfig = config.modelConfig(vocabularySize: vocabulary.count)
        let t = config.training
        let weights = RandomSource(seed: t.seed(.weights)), dropout = RandomSource(seed: t.seed(.dropout))
        let model = CharLanguageModel<Float>(config: modelConfig, implementation: t.kernel.implementation,
                                             rng: weights, dropoutRNG: dropout)
        let allUpdates = TruncatedTextBatches(train, batchSize: t.batchSize, k1: config.k1, k2: config.seqLength)
        let ranks = observer.synchronizer.map { ($0.rank, $0.worldSize) } ?? (0, 1)
        if t.batchSize % ranks.1 != 0 {
            throw ConfigError("batchSize", "\(t.batchSize) streams cannot be shared equally by \(ranks.1) ranks; " +
                              "give a multiple of \(ranks.1)")
        }
        // Data parallel: this rank's B / W streams of every update (all of them in one process).
        let updates = allUpdates.shard(rank: ranks.0, of: ranks.1)
        let evaluationStreams = min(t.batchSize, validation.count / 2)

        var saved = config
        saved.data = path
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(task: name, directory: directory, training: t, config: saved, model: model,
                                   monitor: .validationLoss, metricNames: ["bitsPerCharacter"],
                                   randomSources: ["weights": weights, "dropout": dropout],
                                   attachments: [vocabularyAttachment: vocabulary],
                                   metadata: ["characters": String(characterCount)], observer: observer) {
            model.lastImplementation.rawValue
        }
        observer.say("\(config.data): \(characterCount) characters, vocabulary \(vocabulary.count); train \(train.count), " +
                     "validation \(validation.count) (the last \(percent(config.validationFraction)))")
        observer.say("model: embedding \(config.embeddingSize), \(describe(modelConfig.recurrent)), dropout " +
                     "\(config.dropout); \(model.parameterCount) parameters; \(updates.count) updates per epoch of " +
                     "\(t.batchSize) streams x \(config.k1) new characters" +
                     (ranks.1 > 1 ? " (\(updates.streams.count) streams on each of \(ranks.1) ranks)" : "") +
                     (config.k1 == config.seqLength ? "" : " (backpropagating \(config.seqLength))"))
        observer.say("training: \(t.summary); recurrent kernel: \(model.recurrent.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }
        if config.sampleLength > 0 {
            // What `lstm sample` prints from that step's checkpoint (eval mode, the run's seed).
            run.recordSamples { step in
                try TextgenModel(config: config, network: model, vocabulary: vocabulary, step: step, path: "",
                                 trainedCharacters: nil)
                    .sample(prime: "", length: min(config.sampleLength, 500), temperature: 0.8, seed: t.seed)
            }
        }

        let outcome = try run.fit(train: { _ in updates }, validate: { m in
            let e = m.evaluate(validation, batchSize: evaluationStreams, steps: config.seqLength)
            return .init(loss: e.meanLoss, metrics: ["bitsPerCharacter": e.bitsPerCharacter])
        }, stateful: { (m: CharLanguageModel<Float>, update: TruncatedTextBatch, states: [EncoderState<Float>]?) in
            let result = m.loss(update, states: states)
            return (result.loss, result.states)
        })
        let last = model.evaluate(validation, batchSize: evaluationStreams, steps: config.seqLength)
        let trained = run.trainer.history.steps.count * t.batchSize * config.k1
        if !run.isMain {   // data parallel: rank 0 reads the best checkpoint and reports; the others stop here
            return TextgenTrainingReport(
                data: path, characters: characterCount, vocabularySize: vocabulary.count,
                parameterCount: model.parameterCount, training: outcome, best: TextScores(last), last: TextScores(last),
                charactersPerSecond: Double(trained) / max(outcome.seconds, 1e-9), sample: "")
        }
        let bestModel = try load(URL(fileURLWithPath: outcome.best))
        let best = bestModel.network.evaluate(validation, batchSize: evaluationStreams, steps: config.seqLength)
        let sample = config.sampleLength > 0
            ? try bestModel.sample(prime: "", length: config.sampleLength, temperature: 0.8, seed: t.seed) : ""
        if !sample.isEmpty {
            let step = outcome.bestStep ?? outcome.steps
            try RunHistory.attach(RunExtras(samples: [RunSample(step: step, source: RunSample.best, text: sample)]), in: directory)
        }
        return TextgenTrainingReport(
            data: path, characters: characterCount, vocabularySize: vocabulary.count, parameterCount: model.parameterCount,
            training: outcome, best: TextScores(best), last: TextScores(last),
            charactersPerSecond: Double(trained) / max(outcome.seconds, 1e-9), sample: sample)
    }

    public static func load(_ url: URL) throws -> TextgenModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: TextgenConfig.self)
        let vocabulary = try TaskCheckpoint.attachment(info, vocabularyAttachment, as: Vocabulary.self)
        if vocabulary.count < 1 { throw TaskError("checkpoint \(info.path): its vocabulary is empty; the file is damaged") }
        let network = CharLanguageModel<Float>(config: config.modelConfig(vocabularySize: vocabulary.count),
                                               rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return TextgenModel(config: config, network: network, vocabulary: vocabulary, step: info.step ?? 0,
                            path: info.path, trainedCharacters: info.userEntries["characters"].flatMap { Int($0) })
    }

    public static func evaluate(_ model: TextgenModel, data: String?, observer: TaskObserver) throws -> TextgenEvaluationReport {
        let path = data.map(absolutePath) ?? model.config.data
        let corpus = try readCorpus(path, vocabulary: model.vocabulary)
        var notes: [String] = []
        if data == nil, let trained = model.trainedCharacters, trained != corpus.count {
            notes.append("note: \(path) has \(corpus.count) characters, but \(trained) when the model was trained; " +
                         "the validation part differs")
        }
        let (_, validation) = try split(corpus, config: model.config, path: path)
        let started = Date()
        let result = model.network.evaluate(validation, batchSize: min(model.config.training.batchSize, validation.count / 2),
                                            steps: model.config.seqLength)
        return TextgenEvaluationReport(checkpoint: model.path, data: path, step: model.step,
                                       validationFraction: model.config.validationFraction,
                                       validation: TextScores(result), seconds: Date().timeIntervalSince(started),
                                       notes: notes)
    }

    // MARK: Data

    /// The characters of a UTF-8 text file (with `vocabulary`: encoded with it; every character must be in it).
    static func readCorpus(_ path: String, vocabulary: Vocabulary? = nil) throws -> TextCorpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ConfigError("data", "\(path): no such file" +
                              (path.hasSuffix("Data/tiny-shakespeare/input.txt") ? " (run from the repository root)" : ""))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > TextgenConfig.maximumBytes {
            throw ConfigError("data", "\(path) has \(size) bytes, more than the \(TextgenConfig.maximumBytes >> 20) MB " +
                              "a character model reads; cut it or train on a part")
        }
        do {
            return try TextCorpus(contentsOf: URL(fileURLWithPath: path), vocabulary: vocabulary)
        } catch TextCorpusError.unknownToken(_, let token, let position) {
            throw TaskError("\(path): character \(describe(character: token)) (character \(position)) is not in the " +
                            "model's vocabulary of \(vocabulary?.count ?? 0) characters")
        } catch {
            let text = "\(error)"
            throw TaskError(text.contains(path) ? text : "reading \(path): \(text)")
        }
    }

    /// The split by position (the last `validationFraction` is validation), with one-line errors when a
    /// part is too short for the training streams.
    static func split(_ corpus: TextCorpus, config: TextgenConfig, path: String) throws
        -> (train: TextCorpus, validation: TextCorpus) {
        let validationCount = Int((Double(corpus.count) * config.validationFraction).rounded())
        let trainCount = corpus.count - validationCount
        if validationCount < 2 {
            throw ConfigError("validationFraction", "\(config.validationFraction) leaves \(validationCount) of the " +
                              "\(corpus.count) characters of \(path) for validation (at least 2 are needed)")
        }
        if trainCount / config.training.batchSize < 2 {
            throw ConfigError("batchSize", "\(config.training.batchSize) streams need at least 2 characters each, " +
                              "but \(path) has \(trainCount) training characters")
        }
        return corpus.split(validationFraction: config.validationFraction)
    }

    /// "LSTM 256 x 2" (with the cell's name, directions, projection and regularization when set).
    static func describe(_ c: RecurrentEncoderConfig) -> String {
        var text = "\(c.cell.rawValue.uppercased()) \(c.hiddenSize) x \(c.layerCount)"
        if c.bidirectional { text += " bidirectional" }
        if c.projectionSize > 0 { text += ", projection \(c.projectionSize)" }
        if c.residual { text += ", residual" }
        if c.recurrentDropout > 0 { text += ", recurrent dropout \(c.recurrentDropout)" }
        if c.zoneout > 0 { text += ", zoneout \(c.zoneout)" }
        if c.weightDrop > 0 { text += ", weight drop \(c.weightDrop)" }
        return text
    }

    /// "\"a\" (U+0061)" for printable characters, "\"\\n\" (U+000A)" for the others.
    public static func describe(character: String) -> String {
        let codes = character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
        let printable = character.unicodeScalars.allSatisfy {
            ![.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
        }
        let shown = printable ? character : character.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "\"\(shown)\" (\(codes))"
    }
}
