import Foundation
import LSTMKit

extension PyTorchImport {
    /// A char-rnn state_dict (Embedding + LSTM/GRU + Linear) as a textgen model, its config and vocabulary.
    static func textgen(_ stateDict: PyTorchStateDict, options: Options, output: URL) throws
        -> (TextgenConfig, CharLanguageModel<Float>, Vocabulary, [String: String]) {
        let (recurrentModule, others) = try modules(stateDict, expecting: "textgen")
        let model = "textgen (Embedding + LSTM/GRU + Linear)"
        let embeddingModule = try module(others, fields: ["weight"], role: "embedding", stateDict, model: model)
        let headModule = try module(others, fields: ["bias", "weight"], role: "linear", stateDict, model: model)
        let embedding = stateDict.tensors[embeddingModule + "weight"]!
        guard embedding.rank == 2 else {
            throw TaskError("\(stateDict.path): the embedding '\(stateDict.fileName(embeddingModule + "weight"))' has shape " +
                            "\(embedding.shape), expected [V, E]")
        }
        let recurrent = try imported { try stateDict.recurrentConfig(module: recurrentModule) }
        if recurrent.bidirectional {
            throw TaskError("\(stateDict.path): the recurrent layers '\(stateDict.fileName(recurrentModule))' are bidirectional; " +
                            "a language model reads forward only")
        }
        let (count, width) = (embedding.shape[0], embedding.shape[1])
        if recurrent.inputSize != width {
            throw TaskError("\(stateDict.path): the embedding '\(stateDict.fileName(embeddingModule + "weight"))' has E = " +
                            "\(width) columns, but '\(stateDict.fileName(recurrentModule + "weight_ih_l0"))' reads D = \(recurrent.inputSize)")
        }
        guard let data = options.data else {
            throw ConfigError("data", "is required for textgen: the text the model was trained on (what `lstm evaluate` scores)")
        }
        let path = absolutePath(data)
        let corpus = try TextgenTask.readCorpus(path)
        let vocabulary = try textgenVocabulary(options.vocabulary, corpus: corpus, path: path)
        if vocabulary.count != count {
            throw TaskError("\(options.vocabulary ?? path): the vocabulary has \(vocabulary.count) characters, but the " +
                            "embedding '\(stateDict.fileName(embeddingModule + "weight"))' has \(count) rows")
        }
        if options.vocabulary != nil, let missing = corpus.vocabulary.tokens.first(where: { !vocabulary.contains($0) }) {
            throw TaskError("\(path): character \(TextgenTask.describe(character: missing)) is not in the vocabulary " +
                            "\(options.vocabulary!)")
        }

        var config = TextgenConfig()
        config.data = path
        config.embeddingSize = width
        config.model = recurrent
        config.output = output.deletingLastPathComponent().path
        config.sampleLength = 0
        try config.validate()
        let network = CharLanguageModel<Float>(config: config.modelConfig(vocabularySize: count), rng: RandomSource(seed: 0))
        var names = stateDict.recurrentNames(network.recurrent, modelPath: "recurrent.", module: recurrentModule)
        names["embedding.weight"] = embeddingModule + "weight"
        names["head.weight"] = headModule + "weight"
        names["head.bias"] = headModule + "bias"
        try imported { try stateDict.load(into: network, names: names) }
        network.eval()
        return (config, network, vocabulary,
                ["embedding": embeddingModule, "recurrent": recurrentModule, "head": headModule])
    }

    /// The vocabulary: the JSON list of characters in `file`, or sorted(set(text)) (by Unicode scalars, as
    /// Python sorts strings).
    static func textgenVocabulary(_ file: String?, corpus: TextCorpus, path: String) throws -> Vocabulary {
        guard let file else {
            let characters = corpus.vocabulary.tokens.sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
            return Vocabulary(tokens: characters, specials: .empty)
        }
        let characters: [String]
        do {
            characters = try JSONDecoder().decode([String].self, from: Data(contentsOf: URL(fileURLWithPath: absolutePath(file))))
        } catch {
            throw ConfigError("vocabulary", "\(file): not a readable JSON list of strings (\(error.localizedDescription))")
        }
        var seen = Set<String>()
        for (id, c) in characters.enumerated() {
            if c.count != 1 {
                throw ConfigError("vocabulary", "\(file): entry \(id) \(TextgenTask.describe(character: c)) is not one character")
            }
            if !seen.insert(c).inserted {
                throw ConfigError("vocabulary", "\(file): character \(TextgenTask.describe(character: c)) appears twice")
            }
        }
        if characters.isEmpty { throw ConfigError("vocabulary", "\(file): the list is empty") }
        return Vocabulary(tokens: characters, specials: .empty)
    }

    /// A recurrent classifier state_dict (LSTM/GRU + Linear on the last layer's final h) as a classify model,
    /// its config, class names and an identity scaler.
    static func classify(_ stateDict: PyTorchStateDict, options: Options, output: URL) throws
        -> (ClassifyConfig, SequenceClassifier<Float>, [String], StandardScaler, [String: String]) {
        let (recurrentModule, others) = try modules(stateDict, expecting: "classify")
        let headModule = try module(others, fields: ["bias", "weight"], role: "linear", stateDict,
                                    model: "classify (LSTM/GRU + Linear)")
        let recurrent = try imported { try stateDict.recurrentConfig(module: recurrentModule) }
        let head = stateDict.tensors[headModule + "weight"]!
        guard head.rank == 2, head.shape[0] >= 2 else {
            throw TaskError("\(stateDict.path): the linear head '\(stateDict.fileName(headModule + "weight"))' has shape " +
                            "\(head.shape), expected [C, \(recurrent.outputSize)] with C >= 2 classes")
        }
        guard let data = options.data else {
            throw ConfigError("data", "is required for classify: the labeled sequences (their classes; what `lstm evaluate` scores)")
        }
        var config = ClassifyConfig()
        config.data = absolutePath(data)
        config.model = recurrent
        config.pooling = .last
        config.output = output.deletingLastPathComponent().path
        try config.validate()
        let (split, _) = try ClassifyData.load(config)
        let classes = split.train.classNames
        if split.train.featureCount != recurrent.inputSize {
            throw TaskError("\(data): \(split.train.featureCount) features per step, but " +
                            "'\(stateDict.fileName(recurrentModule + "weight_ih_l0"))' reads D = \(recurrent.inputSize)")
        }
        if classes.count != head.shape[0] {
            throw TaskError("\(data): \(classes.count) classes (\(classes.joined(separator: ", "))), but the linear head " +
                            "'\(stateDict.fileName(headModule + "weight"))' has \(head.shape[0]) outputs")
        }
        if let given = options.classes, given != classes {
            throw ConfigError("classes", "\(given.joined(separator: ",")) differ from the classes of \(data) in LSTMKit's " +
                              "order (\(classes.joined(separator: ","))); output k of the model is class k")
        }
        let network = SequenceClassifier<Float>(config.modelConfig(featureCount: recurrent.inputSize, classCount: classes.count),
                                                rng: RandomSource(seed: 0))
        var names = stateDict.recurrentNames(network.recurrent, modelPath: "recurrent.", module: recurrentModule)
        names["head.weight"] = headModule + "weight"
        names["head.bias"] = headModule + "bias"
        try imported { try stateDict.load(into: network, names: names) }
        network.eval()
        // The imported model reads the features as they are: the scaler is the identity.
        var scaler = StandardScaler(withMean: false, withStd: false)
        scaler.fit(values: [Double](repeating: 0, count: recurrent.inputSize), featureCount: recurrent.inputSize)
        return (config, network, classes, scaler, ["recurrent": recurrentModule, "head": headModule])
    }
}
