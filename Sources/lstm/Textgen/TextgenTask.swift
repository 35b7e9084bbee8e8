import Foundation
import LSTMKit
import LSTMKitApps

/// What `lstm train textgen` stores as the checkpoint's config: the model, and how the text was split and
/// scored, so `lstm evaluate` recomputes the same validation figure from the checkpoint alone.
struct TextgenRunConfig: Codable, Equatable {
    var model: CharLanguageModelConfig
    /// The last fraction of the text (in characters) that is validation.
    var validationFraction: Double
    /// T, characters per stream and batch (also the evaluation's chunk length).
    var seqLength: Int
    /// B, parallel streams in training.
    var batchSize: Int
    /// Parallel streams the validation text is read in.
    var evaluationBatchSize: Int
    var learningRate: Double
    var schedule: String
    var clipNorm: Double
    /// The planned number of optimizer steps.
    var steps: Int
    var seed: UInt64
    /// Characters in the whole data file.
    var characters: Int
}

/// `lstm train textgen`, `lstm sample` and `lstm evaluate` for character language models.
enum TextgenTask: EvaluableTask {
    static let name = "textgen"
    static let defaultData = "Data/tiny-shakespeare/input.txt"
    /// The attachment holding the character vocabulary.
    static let vocabularyAttachment = "vocabulary"

    /// The characters of a UTF-8 text file (with `vocabulary`: encoded with it; every character must be in it).
    static func readCorpus(_ path: String, vocabulary: Vocabulary? = nil, option: String = "--data") throws -> TextCorpus {
        if path == defaultData && !FileManager.default.fileExists(atPath: path) {
            throw CLIError("\(option) \(path): no such file; run from the repository root (where Data/ is) " +
                           "or pass \(option) FILE")
        }
        do {
            return try TextCorpus(contentsOf: URL(fileURLWithPath: path), vocabulary: vocabulary)
        } catch TextCorpusError.unknownToken(_, let token, let position) {
            throw CLIError("\(option) \(path): character \(describe(token)) (character \(position)) is not in the " +
                           "model's vocabulary of \(vocabulary?.count ?? 0) characters")
        } catch {
            throw CLIError("reading \(option): \(error)")
        }
    }

    /// Splits `corpus` by position (the last `validationFraction` is validation), with one-line errors when a
    /// part is too short for `batchSize` training streams.
    static func split(_ corpus: TextCorpus, validationFraction: Double, batchSize: Int,
                      path: String) throws -> (train: TextCorpus, validation: TextCorpus) {
        let validationCount = Int((Double(corpus.count) * validationFraction).rounded())
        let trainCount = corpus.count - validationCount
        if validationCount < 2 {
            throw CLIError("\(path) has \(corpus.count) characters, so --validation-fraction \(validationFraction) " +
                           "leaves \(validationCount) for validation (at least 2 are needed); use a longer text " +
                           "or a larger fraction")
        }
        if trainCount / batchSize < 2 {
            throw CLIError("\(path) has \(trainCount) training characters, too few for --batch-size \(batchSize) " +
                           "streams of at least 2 characters; use a smaller --batch-size or a longer text")
        }
        return corpus.split(validationFraction: validationFraction)
    }

    /// The model, run config and vocabulary of a textgen checkpoint (already checked to be one).
    static func loadModel(_ url: URL, info: CheckpointInfo) throws
        -> (model: CharLanguageModel<Float>, config: TextgenRunConfig, vocabulary: Vocabulary) {
        let path = url.path
        let config: TextgenRunConfig, vocabulary: Vocabulary
        do {
            config = try info.config(as: TextgenRunConfig.self)
            vocabulary = try info.attachment(vocabularyAttachment, as: Vocabulary.self)
        } catch {
            throw CLIError("checkpoint \(path) has no usable textgen config or vocabulary (\(error)); " +
                           "train it again with `lstm train textgen`")
        }
        if vocabulary.count != config.model.vocabularySize {
            throw CLIError("checkpoint \(path): its vocabulary has \(vocabulary.count) characters but its model " +
                           "\(config.model.vocabularySize); the file is damaged")
        }
        let model = CharLanguageModel<Float>(config: config.model, rng: RandomSource(seed: 0))
        _ = try describingErrors("cannot load the checkpoint") {
            try Checkpoint.load(into: model, from: url, options: .init(expectedConfig: config))
        }
        model.eval()
        return (model, config, vocabulary)
    }

    static func evaluate(checkpoint: URL, info: CheckpointInfo, data: String?, console: Console) throws {
        let (model, config, vocabulary) = try loadModel(checkpoint, info: info)
        guard let path = data ?? info.userEntries["data"] else {
            throw CLIError("checkpoint \(checkpoint.path) does not record its data file; pass --data FILE")
        }
        let corpus = try readCorpus(path, vocabulary: vocabulary, option: "--data")
        let (_, validation) = try split(corpus, validationFraction: config.validationFraction, batchSize: 1,
                                        path: path)
        if data == nil && corpus.count != config.characters {
            console.say("note: \(path) has \(corpus.count) characters, but \(config.characters) when the model " +
                        "was trained; the validation part differs")
        }
        let started = Date()
        let result = model.evaluate(validation, batchSize: config.evaluationBatchSize, steps: config.seqLength)
        let seconds = Date().timeIntervalSince(started)
        if console.json {
            try console.emit(["task": name, "checkpoint": checkpoint.path, "data": path,
                              "validationFraction": config.validationFraction,
                              "validationLoss": result.meanLoss, "bitsPerCharacter": result.bitsPerCharacter,
                              "perplexity": result.perplexity, "characters": result.characters,
                              "step": info.step ?? 0, "seconds": seconds])
        } else {
            console.say("validation: last \(percent(config.validationFraction)) of \(path), " +
                        "\(result.characters) characters (step \(info.step ?? 0) checkpoint)")
            console.say("loss \(fixed(result.meanLoss, 4)) nats/char, \(fixed(result.bitsPerCharacter, 4)) bits/char, " +
                        "perplexity \(fixed(result.perplexity, 3))  (\(fixed(seconds, 1)) s)")
        }
    }

    /// "\"a\"" for printable characters, "\"\\n\" (U+000A)" for the others.
    static func describe(_ character: String) -> String {
        let codes = character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
        let printable = character.unicodeScalars.allSatisfy { !$0.properties.generalCategory.isControl }
        let shown = printable ? character : character.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "\"\(shown)\" (\(codes))"
    }

    static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        return value == value.rounded() ? "\(Int(value))%" : "\(fixed(value, 1))%"
    }
}

private extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format || self == .lineSeparator || self == .paragraphSeparator }
}
