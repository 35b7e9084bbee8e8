import Foundation

/// Saving and restoring a model, its optimizer and the training state in one safetensors file.
///
///     try Checkpoint.save(model, to: url, optimizer: adam, config: config, step: step, epoch: epoch,
///                         randomSources: ["data": dataRNG, "dropout": dropoutRNG],
///                         attachments: ["vocabulary": vocabulary])
///
///     let info = try Checkpoint.load(into: model, from: url, optimizer: adam,
///                                    randomSources: ["data": dataRNG, "dropout": dropoutRNG],
///                                    options: .init(expectedConfig: config))
///     let firstEpoch = (info.epoch ?? -1) + 1
///
/// The file: one tensor per parameter under its `namedParameters()` path (`layers.0.cell.weightIH`), the
/// optimizer's `stateTensors` under `optimizer.<parameter index>.<name>` (`optimizer.0.exp_avg`), and string
/// metadata (format version, LSTMKit version, config, attachments, RNG states, step, epoch, optimizer step
/// count and learning rate, user entries; the keys are listed at `CheckpointKey` and read back by
/// `CheckpointInfo`). It is plain safetensors: `safetensors.torch.load_file` reads it.
///
/// Loading validates everything before it changes anything: if it throws, the model, the optimizer and the
/// random sources are untouched.
///
/// ## Loading a PyTorch `state_dict`
/// A `state_dict` saved with `safetensors.torch.save_file(model.state_dict(), "model.safetensors")` loads
/// with a name map from LSTMKit paths to PyTorch names (`options.nameMap`). LSTMKit uses PyTorch's layouts
/// (gate order i, f, g, o; r, z, n; weights [out, in]), so only the names differ:
///
///     LSTMKit path (RecurrentStack)          PyTorch nn.LSTM / nn.GRU / nn.RNN
///     layers.<k>.cell.weightIH               weight_ih_l<k>
///     layers.<k>.cell.weightHH               weight_hh_l<k>
///     layers.<k>.cell.biasIH                 bias_ih_l<k>
///     layers.<k>.cell.biasHH                 bias_hh_l<k>
///     layers.<k>.cell.weightHR               weight_hr_l<k>          (LSTM with proj_size)
///     reverseLayers.<k>.cell.<field>         <name>_l<k>_reverse     (bidirectional)
///     Linear: weight, bias                   nn.Linear: weight, bias (same names)
///     Embedding, LayerNorm: weight (, bias)  nn.Embedding, nn.LayerNorm: the same names
///
/// `RecurrentStack.pytorchParameterNames()` returns the first rows for a stack; when the stack is a property
/// of a bigger model, prefix both sides with `prefixedNameMap`:
///
///     final class Tagger: Module {          // PyTorch: self.lstm = nn.LSTM(...); self.fc = nn.Linear(...)
///         let lstm: LSTM<Float>; let fc: Linear<Float>; var isTraining = true
///     }
///     let names = Checkpoint.prefixedNameMap(tagger.lstm.pytorchParameterNames(),
///                                            modelPrefix: "lstm.", filePrefix: "lstm.")
///     try Checkpoint.load(into: tagger, from: url, options: .init(nameMap: names))
///
/// Paths without an entry are looked up unchanged (`fc.weight`). Files without `lstmkit.format` (like
/// PyTorch's) are accepted as parameters-only files; PyTorch's own metadata (`{"format": "pt"}`) appears in
/// `CheckpointInfo.userEntries`. Float64 PyTorch tensors load into a Float model with
/// `allowDTypeConversion`. The same `nameMap` passed to `save` writes a file in PyTorch naming.
public enum Checkpoint {
    /// The layout version written to `lstmkit.format`; `load` accepts only this version.
    public static let formatVersion = "1"

    /// Options for `load`.
    public struct LoadOptions {
        /// Model path -> tensor name in the file (for files from other frameworks; see the `Checkpoint`
        /// documentation). Paths without an entry use their own name. Every key must be a parameter path of
        /// the model (a key that is not is a programming error and stops the program).
        public var nameMap: [String: String]
        /// Convert F64 tensors into a Float model (rounding to nearest) and F32 into a Double model, instead
        /// of throwing `.dtypeMismatch`.
        public var allowDTypeConversion: Bool
        /// Skip tensors the model does not have (PyTorch's `strict=False`) instead of throwing
        /// `.unexpectedTensor`.
        public var ignoreUnexpectedTensors: Bool
        /// Checks the saved config; returns nil when it matches, else the problem.
        var configCheck: ((String?) -> String?)?

        public init(nameMap: [String: String] = [:], allowDTypeConversion: Bool = false,
                    ignoreUnexpectedTensors: Bool = false) {
            self.nameMap = nameMap
            self.allowDTypeConversion = allowDTypeConversion
            self.ignoreUnexpectedTensors = ignoreUnexpectedTensors
        }

        /// Also requires the saved `lstmkit.config` to decode as `C` and equal `expectedConfig`; otherwise
        /// `load` throws `.configMismatch` ("the checkpoint is from another model or task") showing both.
        public init<C: Codable & Equatable>(
            expectedConfig: C, nameMap: [String: String] = [:], allowDTypeConversion: Bool = false,
            ignoreUnexpectedTensors: Bool = false
        ) {
            self.init(nameMap: nameMap, allowDTypeConversion: allowDTypeConversion,
                      ignoreUnexpectedTensors: ignoreUnexpectedTensors)
            let expectedText = (try? Checkpoint.encodeJSON(expectedConfig)) ?? "\(expectedConfig)"
            configCheck = { stored in
                guard let stored else {
                    return "has no model config, but the expected config is \(expectedText)"
                }
                let mismatch = "is from another model or task: its config is \(stored), but the expected " +
                    "config is \(expectedText)"
                guard let decoded = try? Checkpoint.decodeJSON(stored, as: C.self) else {
                    return mismatch + " (the saved config does not decode as \(C.self))"
                }
                return decoded == expectedConfig ? nil : mismatch
            }
        }
    }

    /// Writes `model`'s parameters and the training state to `url` atomically (see `SafeTensors.write(to:)`).
    ///
    /// - Parameters:
    ///   - model: the module whose `namedParameters()` are written, keyed by their dotted paths.
    ///   - url: the file to write (through a temporary file in the same folder, then renamed).
    ///   - optimizer: saved as its `stateTensors`, `stepCount`, `learningRate` and type name.
    ///   - config: the model configuration, stored as JSON (sorted keys) under `lstmkit.config`.
    ///   - step: the training step, stored as a decimal integer (must be >= 0).
    ///   - epoch: the epoch, stored as a decimal integer (must be >= 0).
    ///   - randomSources: generators whose `state` is stored under `lstmkit.rng.<name>`.
    ///   - attachments: Codable values (a vocabulary, a scaler) stored as JSON under
    ///     `lstmkit.attachment.<name>`.
    ///   - userMetadata: free-form entries; keys must not start with `lstmkit.`.
    ///   - nameMap: model path -> tensor name to write (for example PyTorch names).
    ///   - stateTensors: extra tensors of the training state (a stateful run's carried recurrent state),
    ///     stored as `state.<name>`; `load` skips them, `readStateTensors(from:)` returns them.
    /// - Throws: `CheckpointError`: `.unencodable` (a value fails to encode, a reserved key, two parameters
    ///   with one name, a negative step), `.writeFailed`. Nothing is written if encoding fails.
    public static func save<M: Module>(
        _ model: M, to url: URL, optimizer: (any Optimizer<M.Scalar>)? = nil, config: (any Encodable)? = nil,
        step: Int? = nil, epoch: Int? = nil, randomSources: [String: RandomSource] = [:],
        attachments: [String: any Encodable] = [:], userMetadata: [String: String] = [:],
        nameMap: [String: String] = [:], stateTensors: [String: AnyTensor] = [:]
    ) throws {
        let path = url.path
        func unencodable(_ problem: String) -> CheckpointError { CheckpointError(.unencodable, path: path, problem) }
        func encoded(_ value: any Encodable, _ what: String) throws -> String {
            do { return try encodeJSON(value) } catch { throw unencodable("cannot encode \(what): \(error)") }
        }

        var metadata: [String: String] = [:]
        for (key, value) in userMetadata {
            if key.hasPrefix(CheckpointKey.prefix) {
                throw unencodable("user metadata key '\(key)' is reserved " +
                                  "(keys starting with 'lstmkit.' are LSTMKit's)")
            }
            metadata[key] = value
        }
        metadata[CheckpointKey.format] = formatVersion
        metadata[CheckpointKey.version] = LSTMKit.version
        metadata[CheckpointKey.dtype] = M.Scalar.dtypeName
        if let config { metadata[CheckpointKey.config] = try encoded(config, "the model config") }
        for (name, value) in attachments {
            metadata[CheckpointKey.attachmentPrefix + name] = try encoded(value, "attachment '\(name)'")
        }
        for (name, rng) in randomSources {
            metadata[CheckpointKey.rngPrefix + name] = rng.state.map(String.init).joined(separator: ",")
        }
        for (key, value) in [(CheckpointKey.step, step), (CheckpointKey.epoch, epoch)] {
            guard let value else { continue }
            if value < 0 { throw unencodable("\(key) is \(value), must be >= 0") }
            metadata[key] = String(value)
        }

        var file = SafeTensors(metadata: metadata)
        for (modelPath, parameter) in model.namedParameters() {
            let name = nameMap[modelPath] ?? modelPath
            if name.hasPrefix(CheckpointKey.optimizerTensorPrefix) || name.hasPrefix(CheckpointKey.stateTensorPrefix) {
                throw unencodable("parameter '\(modelPath)' would be stored as '\(name)', a name reserved for " +
                                  "optimizer and training state (rename it with nameMap)")
            }
            if file.tensors[name] != nil {
                throw unencodable("two parameters would be stored under the name '\(name)' (check nameMap)")
            }
            file.tensors[name] = AnyTensor(parameter.data)
        }
        if let optimizer {
            file.metadata[CheckpointKey.optimizer] = optimizerName(optimizer)
            file.metadata[CheckpointKey.optimizerParameterCount] = String(optimizer.parameters.count)
            file.metadata[CheckpointKey.optimizerStepCount] = String(optimizer.stepCount)
            file.metadata[CheckpointKey.optimizerLearningRate] = "\(optimizer.learningRate)"
            for (key, tensor) in optimizer.stateTensors {
                file.tensors[CheckpointKey.optimizerTensorPrefix + key] = AnyTensor(tensor)
            }
        }
        for (name, tensor) in stateTensors { file.tensors[CheckpointKey.stateTensorPrefix + name] = tensor }
        try file.write(to: url)
    }

    /// The training-state tensors saved with `save(stateTensors:)`, by name (without the `state.` prefix).
    public static func readStateTensors(from url: URL) throws -> [String: AnyTensor] {
        let file = try SafeTensors(contentsOf: url)
        var result: [String: AnyTensor] = [:]
        for (name, tensor) in file.tensors where name.hasPrefix(CheckpointKey.stateTensorPrefix) {
            result[String(name.dropFirst(CheckpointKey.stateTensorPrefix.count))] = tensor
        }
        return result
    }

    /// Reads and validates a checkpoint's metadata (for example to build the model from its config before
    /// loading the weights).
    public static func readInfo(from url: URL) throws -> CheckpointInfo {
        let file = try SafeTensors(contentsOf: url)
        return try CheckpointInfo(path: url.path, metadata: file.metadata)
    }

    /// Loads a checkpoint into an existing model (and optimizer and random sources), after checking:
    /// the format version; the config (with `LoadOptions(expectedConfig:)`); a tensor for every parameter
    /// (`.missingTensor` naming it) with the parameter's shape (`.shapeMismatch` naming both shapes) and the
    /// model's dtype (`.dtypeMismatch`, unless `allowDTypeConversion`); no other tensors (`.unexpectedTensor`,
    /// unless `ignoreUnexpectedTensors`; optimizer state is not counted); the optimizer state against the
    /// optimizer (`.optimizerMismatch`); a saved state for every requested random source (`.badMetadata`).
    ///
    /// Then it assigns every parameter's `data`, the optimizer's `stateTensors`, `stepCount` and
    /// `learningRate` (as PyTorch's `optimizer.load_state_dict` restores `lr`), and the random sources'
    /// states. Optimizer state in the file is ignored when no optimizer is given (loading for inference).
    /// Gradients are not saved or touched.
    ///
    /// - Returns: the metadata: step, epoch, all RNG states, config, attachments, user entries.
    /// - Throws: `CheckpointError`; if it throws, nothing was modified.
    @discardableResult
    public static func load<M: Module>(
        into model: M, from url: URL, optimizer: (any Optimizer<M.Scalar>)? = nil,
        randomSources: [String: RandomSource] = [:], options: LoadOptions = LoadOptions()
    ) throws -> CheckpointInfo {
        typealias S = M.Scalar
        let path = url.path
        let file = try SafeTensors(contentsOf: url)
        let info = try CheckpointInfo(path: path, metadata: file.metadata)
        if let check = options.configCheck, let problem = check(info.configJSON) {
            throw CheckpointError(.configMismatch, path: path, problem)
        }

        // Parameters: every one present, with the right dtype and shape.
        let parameters = model.namedParameters()
        let modelPaths = Set(parameters.map(\.path))
        for key in options.nameMap.keys.sorted() where !modelPaths.contains(key) {
            failure("Checkpoint.load: nameMap entry '\(key)' is not a parameter path of the model")
        }
        var planned: [(Parameter<S>, Tensor<S>)] = []
        var missing: [String] = []
        var used = Set<String>()
        for (modelPath, parameter) in parameters {
            let name = options.nameMap[modelPath] ?? modelPath
            guard let stored = file.tensors[name] else {
                missing.append(name == modelPath ? "'\(name)'" : "'\(name)' (for the parameter '\(modelPath)')")
                continue
            }
            used.insert(name)
            let tensor = try convertedTensor(stored, name, S.self, options.allowDTypeConversion, path)
            if tensor.shape != parameter.shape {
                throw CheckpointError(.shapeMismatch, path: path, "tensor '\(name)' has shape \(tensor.shape), " +
                                      "the model expects \(parameter.shape)" +
                                      (name == modelPath ? "" : " for the parameter '\(modelPath)'"))
            }
            planned.append((parameter, tensor))
        }
        if !missing.isEmpty {
            throw CheckpointError(.missingTensor, path: path, "missing tensor\(missing.count > 1 ? "s" : "") " +
                                  "for \(missing.count) model parameter\(missing.count > 1 ? "s" : ""): " +
                                  listed(missing))
        }
        let hasOptimizerState = info.optimizer != nil
        let unexpected = file.tensors.keys.sorted().filter { key in
            !used.contains(key) && !(hasOptimizerState && key.hasPrefix(CheckpointKey.optimizerTensorPrefix))
                && !key.hasPrefix(CheckpointKey.stateTensorPrefix)
        }
        if !unexpected.isEmpty && !options.ignoreUnexpectedTensors {
            throw CheckpointError(.unexpectedTensor, path: path, "the file has \(unexpected.count) tensor" +
                                  "\(unexpected.count > 1 ? "s" : "") the model does not have: " +
                                  listed(unexpected.map { "'\($0)'" }))
        }

        // Optimizer state and random states.
        let optimizerState = try optimizer.map {
            try validatedOptimizerState(file, info, $0, allowDTypeConversion: options.allowDTypeConversion)
        }
        for name in randomSources.keys.sorted() where info.randomStates[name] == nil {
            throw CheckpointError(.badMetadata, path: path, "has no random state '\(name)' " +
                                  "(it has \(info.randomStates.keys.sorted()))")
        }

        // Everything checked: assign.
        for (parameter, tensor) in planned { parameter.data = tensor }
        if let optimizer, let optimizerState, let saved = info.optimizer {
            optimizer.stateTensors = optimizerState
            optimizer.stepCount = saved.stepCount
            optimizer.learningRate = saved.learningRate
        }
        for (name, rng) in randomSources { rng.state = info.randomStates[name]! }
        return info
    }

    /// `map` with `modelPrefix` added to every key and `filePrefix` to every value: the names of a stack
    /// held in a property of a bigger model (see "Loading a PyTorch state_dict" above).
    public static func prefixedNameMap(
        _ map: [String: String], modelPrefix: String, filePrefix: String
    ) -> [String: String] {
        Dictionary(uniqueKeysWithValues: map.map { (modelPrefix + $0.key, filePrefix + $0.value) })
    }

    /// JSON with sorted keys (a stable text for configs and attachments). Non-finite numbers, which JSON
    /// cannot express, are written as the strings "Infinity", "-Infinity" and "NaN" (so a config holding
    /// `maxNorm: .infinity` or a history with a NaN loss still saves).
    static func encodeJSON(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes JSON written by `encodeJSON`.
    static func decodeJSON<T: Decodable>(_ json: String, as type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(T.self, from: Data(json.utf8))
    }

    /// "a, b, c" for at most 10 items, then "and N more".
    private static func listed(_ items: [String]) -> String {
        let shown = items.prefix(10).joined(separator: ", ")
        return items.count > 10 ? "\(shown) and \(items.count - 10) more" : shown
    }
}
