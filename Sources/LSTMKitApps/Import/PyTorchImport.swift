import Foundation
import LSTMKit

/// Imports a PyTorch `state_dict` (saved with `safetensors.torch.save_file`) as an LSTMKit checkpoint:
/// `lstm import FILE --as lstm|gru|textgen|classify` (docs/interop.md).
///
///     lstm, gru   an nn.LSTM / nn.GRU saved on its own -> a `RecurrentEncoder` checkpoint
///                 (config: `RecurrentEncoderConfig`; load it with `PyTorchImport.loadRecurrent`)
///     textgen     nn.Embedding(V, E) + nn.LSTM/GRU(E, H, L) + nn.Linear(H, V), a char-rnn -> a
///                 `lstm train textgen` checkpoint (`lstm sample`, `lstm evaluate`); the vocabulary is
///                 given (a JSON list of the V characters in ID order) or sorted(set(text)) of `data`
///     classify    nn.LSTM/GRU(D, H, L, bidirectional=b) + nn.Linear(dirs * H, C) on the last layer's final h
///                 of each direction -> a `lstm train classify` checkpoint (`lstm predict`, `lstm evaluate`);
///                 the classes are the labels of `data` in LSTMKit's order
///
/// The modules are found by their tensors, whatever their attribute names: the recurrent one by
/// `weight_ih_l0`, the embedding as the module with only a `weight`, the linear head as the one with `weight`
/// and `bias`. Every check is a one-line error naming the file and the tensor; nothing is written then.
public enum PyTorchImport {
    /// What the file is imported as.
    public enum Target: String, CaseIterable, Sendable {
        case lstm, gru, textgen, classify
    }

    /// What the state_dict cannot say.
    public struct Options: Sendable {
        /// Import only the tensors under this prefix (nil: remove the prefix common to all names).
        public var prefix: String?
        /// textgen: the text (vocabulary when `vocabulary` is nil; what `lstm evaluate` scores); classify: the
        /// labeled sequences (a CSV or `.ts` pair as `lstm train classify --data` reads; the classes).
        public var data: String?
        /// textgen: a JSON file with the list of the V characters in ID order.
        public var vocabulary: String?
        /// classify: the class names in output order; must equal the classes LSTMKit reads from `data`.
        public var classes: [String]?

        public init(prefix: String? = nil, data: String? = nil, vocabulary: String? = nil, classes: [String]? = nil) {
            self.prefix = prefix
            self.data = data
            self.vocabulary = vocabulary
            self.classes = classes
        }
    }

    /// What was imported.
    public struct Report: TaskReport, Sendable {
        public var file: String
        public var target: String
        public var output: String
        /// The prefix removed from the names ("" for none).
        public var prefix: String
        /// Tensors outside an explicit prefix, not imported.
        public var ignored: [String]
        public var convertedFromDouble: Bool
        /// Which PyTorch module became which LSTMKit part, after the prefix: ["recurrent": "lstm.", "head": "fc.", ...]
        /// ("" for the top level).
        public var modules: [String: String]
        /// The recurrent architecture read from the shapes.
        public var recurrent: RecurrentEncoderConfig
        public var parameterCount: Int
        /// textgen: V; classify: the class names.
        public var vocabularySize: Int?
        public var classes: [String]?

        public var lines: [String] {
            let r = recurrent
            var lines = ["imported \(file)" + (prefix.isEmpty ? "" : " (prefix '\(prefix)' removed)") +
                         (convertedFromDouble ? " (float64 rounded to float32)" : "")]
            if !ignored.isEmpty {
                lines.append("ignored \(ignored.count) tensors outside the prefix: " +
                             ignored.prefix(5).joined(separator: ", ") + (ignored.count > 5 ? ", ..." : ""))
            }
            for role in ["embedding", "recurrent", "head"] where modules[role] != nil {
                let module = prefix + modules[role]!
                lines.append("  \(role): \(module.isEmpty ? "(top level)" : module)")
            }
            lines.append("recurrent: \(r.cell.rawValue), D = \(r.inputSize), H = \(r.hiddenSize), \(r.layerCount) layer" +
                         (r.layerCount > 1 ? "s" : "") + (r.bidirectional ? ", bidirectional" : "") +
                         (r.projectionSize > 0 ? ", projection \(r.projectionSize)" : ""))
            if let vocabularySize { lines.append("vocabulary: \(vocabularySize) characters") }
            if let classes { lines.append("classes: \(classes.joined(separator: ", "))") }
            lines.append("wrote \(output) (\(target), \(parameterCount) parameters)")
            return lines
        }
    }

    /// The user-metadata key naming the imported file.
    public static let importedFromKey = "importedFrom"

    /// Reads `file`, builds the model, loads and checks the weights, and writes the checkpoint to `output`
    /// (atomically): FILE.safetensors, or DIR/best.safetensors for any other path.
    @discardableResult
    public static func run(_ file: String, as target: Target, options: Options = Options(), output: String) throws -> Report {
        let source = absolutePath(file)
        guard FileManager.default.fileExists(atPath: source) else { throw TaskError("\(file): no such file") }
        let stateDict = try describingErrors("reading \(source)") {
            try PyTorchStateDict(contentsOf: URL(fileURLWithPath: source), prefix: options.prefix)
        }
        var report = Report(file: source, target: target.rawValue, output: "", prefix: stateDict.prefix,
                            ignored: stateDict.ignored, convertedFromDouble: stateDict.convertedFromDouble, modules: [:],
                            recurrent: RecurrentEncoderConfig(inputSize: 1, hiddenSize: 1), parameterCount: 0)
        let url = outputURL(output)
        let metadata = [importedFromKey: source]
        switch target {
        case .lstm, .gru:
            let encoder = try imported { try stateDict.recurrentEncoder(cell: target == .lstm ? .lstm : .gru) }
            report.recurrent = encoder.config
            report.modules = ["recurrent": ""]
            report.parameterCount = encoder.parameterCount
            try write(url) { try Checkpoint.save(encoder, to: url, config: encoder.config, userMetadata: metadata) }
        case .textgen:
            let (config, network, vocabulary, modules) = try textgen(stateDict, options: options, output: url)
            report.recurrent = config.model
            report.modules = modules
            report.parameterCount = network.parameterCount
            report.vocabularySize = vocabulary.count
            try write(url) {
                try Checkpoint.save(network, to: url, config: config, step: 0,
                                    attachments: [TextgenTask.vocabularyAttachment: vocabulary],
                                    userMetadata: metadata.merging([TaskCheckpoint.taskKey: TextgenTask.name]) { $1 })
            }
        case .classify:
            let (config, network, classes, scaler, modules) = try classify(stateDict, options: options, output: url)
            report.recurrent = network.config.recurrent
            report.modules = modules
            report.parameterCount = network.parameterCount
            report.classes = classes
            try write(url) {
                try Checkpoint.save(network, to: url, config: config, step: 0,
                                    attachments: [ClassifyTask.scalerAttachment: scaler,
                                                  ClassifyTask.classNamesAttachment: classes],
                                    userMetadata: metadata.merging([TaskCheckpoint.taskKey: ClassifyTask.name]) { $1 })
            }
        }
        report.output = url.path
        return report
    }

    /// A `lstm import --as lstm|gru` checkpoint as the encoder it holds (eval mode).
    public static func loadRecurrent(_ path: String) throws -> RecurrentEncoder<Float> {
        let url = TaskCheckpoint.resolve(path)
        let info = try describingErrors("cannot read the checkpoint \(url.path)") { try Checkpoint.readInfo(from: url) }
        let config = try describingErrors("checkpoint \(url.path)") { try info.config(as: RecurrentEncoderConfig.self) }
        if let (field, message) = config.problem { throw TaskError("checkpoint \(url.path): config field \(field) \(message)") }
        let encoder = RecurrentEncoder<Float>(config, rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(encoder, info)
        return encoder
    }

    // MARK: Helpers

    /// The checkpoint file of `--output`: a path ending in `.safetensors` itself, any other path a directory
    /// (as `lstm train --output DIR`) holding best.safetensors, which every command reads for DIR.
    static func outputURL(_ output: String) -> URL {
        if output.lowercased().hasSuffix(".safetensors") { return URL(fileURLWithPath: absolutePath(output)) }
        return URL(fileURLWithPath: absolutePath(output)).appendingPathComponent("best.safetensors")
    }

    /// Library errors (`CheckpointError`) as one-line task errors.
    static func imported<T>(_ body: () throws -> T) throws -> T {
        try describingErrors("cannot import") { try body() }
    }

    /// Creates the output's folder (only now: every check has passed) and writes.
    static func write(_ url: URL, _ save: () throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        try describingErrors("cannot create the folder \(folder.path)") {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try describingErrors("cannot write \(url.path)") { try save() }
    }

    /// The one recurrent module and the other modules by their fields, or an error naming what was found.
    static func modules(_ stateDict: PyTorchStateDict, expecting what: String) throws
        -> (recurrent: String, others: [String: [String]]) {
        let recurrent = stateDict.recurrentModules
        guard recurrent.count == 1 else {
            throw TaskError("\(stateDict.path): \(what) needs one nn.LSTM or nn.GRU, found " + (recurrent.isEmpty
                ? "none (no tensor name ends in weight_ih_l0)"
                : "\(recurrent.count): \(recurrent.map { "'\(stateDict.fileName($0))'" }.joined(separator: ", ")) (use --prefix)"))
        }
        return (recurrent[0], stateDict.otherModules(excluding: recurrent))
    }

    /// The module among `others` whose fields are exactly `fields` (the only one), or an error.
    static func module(_ others: [String: [String]], fields: [String], role: String, _ stateDict: PyTorchStateDict,
                       model: String) throws -> String {
        let matches = others.filter { $0.value == fields }.keys.sorted()
        guard matches.count == 1 else {
            let found = others.keys.sorted().map { "'\(stateDict.fileName($0))' (\(others[$0]!.joined(separator: ", ")))" }
            throw TaskError("\(stateDict.path): \(model) needs one \(role) module with \(fields.joined(separator: " and ")); " +
                            "found \(matches.count) among the other modules: \(found.isEmpty ? "none" : found.joined(separator: ", "))")
        }
        return matches[0]
    }
}
