import Foundation

/// The metadata keys of an LSTMKit checkpoint (all values are strings, as safetensors requires).
///
///     lstmkit.format                  "1", the checkpoint layout version (see `Checkpoint.formatVersion`)
///     lstmkit.version                 the LSTMKit version that wrote the file ("0.1.0")
///     lstmkit.dtype                   the model's scalar type, "F32" or "F64"
///     lstmkit.config                  the model configuration, JSON with sorted keys (any Codable value;
///                                     infinities and NaN as the strings "Infinity", "-Infinity", "NaN")
///     lstmkit.attachment.<name>       a named JSON value: a vocabulary, a scaler, ... (any Codable value)
///     lstmkit.rng.<name>              a RandomSource's state, four decimal UInt64 words: "1,2,3,4"
///     lstmkit.step, lstmkit.epoch     decimal integers >= 0
///     lstmkit.optimizer               the optimizer's type name without generic arguments ("Adam")
///     lstmkit.optimizer.parameterCount, lstmkit.optimizer.stepCount   decimal integers >= 0
///     lstmkit.optimizer.learningRate  the learning rate at save time (Swift's shortest round-trip decimal)
///     anything else                   free-form user entries (keys must not start with "lstmkit.")
enum CheckpointKey {
    static let prefix = "lstmkit."
    static let format = "lstmkit.format"
    static let version = "lstmkit.version"
    static let dtype = "lstmkit.dtype"
    static let config = "lstmkit.config"
    static let attachmentPrefix = "lstmkit.attachment."
    static let rngPrefix = "lstmkit.rng."
    static let step = "lstmkit.step"
    static let epoch = "lstmkit.epoch"
    static let optimizer = "lstmkit.optimizer"
    static let optimizerParameterCount = "lstmkit.optimizer.parameterCount"
    static let optimizerStepCount = "lstmkit.optimizer.stepCount"
    static let optimizerLearningRate = "lstmkit.optimizer.learningRate"
    /// The prefix of optimizer state tensors: `optimizer.<parameter index>.<PyTorch state name>`.
    static let optimizerTensorPrefix = "optimizer."
    /// The prefix of training-state tensors (`Checkpoint.save(stateTensors:)`): `state.<name>`.
    static let stateTensorPrefix = "state."
}

/// What a checkpoint holds besides the parameters, parsed and validated from its metadata: returned by
/// `Checkpoint.load(into:from:...)` and `Checkpoint.readInfo(from:)` for the caller to restore.
///
///     let info = try Checkpoint.readInfo(from: url)            // before building the model
///     let config = try info.config(as: ModelConfig.self)
///     let model = ModelConfig.build(config)
///     try Checkpoint.load(into: model, from: url, optimizer: adam, randomSources: ["data": dataRNG])
public struct CheckpointInfo: Sendable {
    /// The optimizer entries.
    public struct OptimizerInfo: Sendable, Equatable {
        /// The type name without generic arguments ("Adam").
        public var name: String
        public var parameterCount: Int
        public var stepCount: Int
        public var learningRate: Double
    }

    /// The file the information came from.
    public let path: String
    /// Every metadata entry as stored.
    public let metadata: [String: String]
    /// `lstmkit.format`; nil for a file not written by LSTMKit (for example a PyTorch `state_dict`).
    public let formatVersion: String?
    /// The LSTMKit version that wrote the file.
    public let libraryVersion: String?
    /// The model's scalar type when saved ("F32" or "F64").
    public let dtype: String?
    public let step: Int?
    public let epoch: Int?
    /// Saved `RandomSource.state`s by name.
    public let randomStates: [String: [UInt64]]
    /// The model configuration as JSON (decode it with `config(as:)`).
    public let configJSON: String?
    /// Named JSON attachments (decode one with `attachment(_:as:)`).
    public let attachmentJSON: [String: String]
    /// Metadata entries outside the `lstmkit.` namespace.
    public let userEntries: [String: String]
    /// Present when the checkpoint was saved with an optimizer.
    public let optimizer: OptimizerInfo?

    /// Parses and validates the `lstmkit.` entries of `metadata`. Unknown `lstmkit.` keys are ignored (kept in
    /// `metadata`); a file without `lstmkit.format` is accepted as a foreign file (parameters only).
    /// - Throws: `CheckpointError`: `.unsupportedFormat` for a format other than `Checkpoint.formatVersion`,
    ///   `.badMetadata` for an entry that does not parse.
    public init(path: String, metadata: [String: String]) throws {
        func bad(_ problem: String) -> CheckpointError { CheckpointError(.badMetadata, path: path, problem) }
        func count(_ key: String) throws -> Int? {
            guard let text = metadata[key] else { return nil }
            guard let value = Int(text), value >= 0 else {
                throw bad("metadata '\(key)' is \(jsonString(text)), not an integer >= 0")
            }
            return value
        }

        self.path = path
        self.metadata = metadata
        formatVersion = metadata[CheckpointKey.format]
        if let formatVersion, formatVersion != Checkpoint.formatVersion {
            throw CheckpointError(.unsupportedFormat, path: path,
                                  "format version \(jsonString(formatVersion)) is not supported (this LSTMKit " +
                                  "\(LSTMKit.version) reads format \(jsonString(Checkpoint.formatVersion)))")
        }
        libraryVersion = metadata[CheckpointKey.version]
        dtype = metadata[CheckpointKey.dtype]
        step = try count(CheckpointKey.step)
        epoch = try count(CheckpointKey.epoch)
        configJSON = metadata[CheckpointKey.config]

        var states: [String: [UInt64]] = [:], attachments: [String: String] = [:], user: [String: String] = [:]
        for (key, value) in metadata {
            if key.hasPrefix(CheckpointKey.rngPrefix) {
                let name = String(key.dropFirst(CheckpointKey.rngPrefix.count))
                let words = value.split(separator: ",", omittingEmptySubsequences: false).map { UInt64($0) }
                guard words.count == 4, !words.contains(nil) else {
                    throw bad("metadata '\(key)' is \(jsonString(value)), not a random state of four " +
                              "comma-separated UInt64 words")
                }
                states[name] = words.map { $0! }
            } else if key.hasPrefix(CheckpointKey.attachmentPrefix) {
                attachments[String(key.dropFirst(CheckpointKey.attachmentPrefix.count))] = value
            } else if !key.hasPrefix(CheckpointKey.prefix) {
                user[key] = value
            }
        }
        randomStates = states
        attachmentJSON = attachments
        userEntries = user

        if let name = metadata[CheckpointKey.optimizer] {
            let rateText = metadata[CheckpointKey.optimizerLearningRate] ?? ""
            guard let parameterCount = try count(CheckpointKey.optimizerParameterCount),
                  let stepCount = try count(CheckpointKey.optimizerStepCount) else {
                throw bad("metadata names optimizer \(jsonString(name)) but lacks " +
                          "'\(CheckpointKey.optimizerParameterCount)' or '\(CheckpointKey.optimizerStepCount)'")
            }
            guard let rate = Double(rateText), rate.isFinite, rate >= 0 else {
                throw bad("metadata '\(CheckpointKey.optimizerLearningRate)' is \(jsonString(rateText)), " +
                          "not a finite number >= 0")
            }
            optimizer = OptimizerInfo(name: name, parameterCount: parameterCount, stepCount: stepCount,
                                      learningRate: rate)
        } else {
            optimizer = nil
        }
    }

    /// The model configuration decoded as `C`.
    /// - Throws: `CheckpointError` (`.badMetadata`) if there is none or it does not decode as `C`.
    public func config<C: Decodable>(as type: C.Type = C.self) throws -> C {
        guard let configJSON else { throw CheckpointError(.badMetadata, path: path, "has no model config") }
        return try decode(configJSON, as: C.self, what: "the model config")
    }

    /// The attachment `name` (a vocabulary, a scaler, ...) decoded as `T`.
    /// - Throws: `CheckpointError` (`.badMetadata`) if there is none or it does not decode as `T`.
    public func attachment<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let json = attachmentJSON[name] else {
            throw CheckpointError(.badMetadata, path: path,
                                  "has no attachment \(jsonString(name)) (it has \(attachmentJSON.keys.sorted()))")
        }
        return try decode(json, as: T.self, what: "attachment \(jsonString(name))")
    }

    /// Sets `rng.state` to the saved state `name`.
    /// - Throws: `CheckpointError` (`.badMetadata`) if the checkpoint has no state under that name.
    public func restoreRandomState(_ rng: RandomSource, named name: String) throws {
        guard let state = randomStates[name] else {
            throw CheckpointError(.badMetadata, path: path,
                                  "has no random state \(jsonString(name)) (it has \(randomStates.keys.sorted()))")
        }
        rng.state = state
    }

    private func decode<T: Decodable>(_ json: String, as type: T.Type, what: String) throws -> T {
        do {
            return try Checkpoint.decodeJSON(json, as: T.self)
        } catch {
            throw CheckpointError(.badMetadata, path: path, "\(what) does not decode as \(T.self): \(error)")
        }
    }
}
