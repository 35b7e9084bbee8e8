import Foundation

/// Why a checkpoint could not be read, written or loaded into a model.
///
/// The `description` always names the file and the problem:
///
///     checkpoint /runs/a/model.safetensors: tensor 'layers.0.cell.weightHH' has shape [16, 4], the model
///     expects [16, 8]
///
/// `kind` groups the problems for code that wants to react to one of them (tests, a CLI exit code).
public struct CheckpointError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The class of problem.
    public enum Kind: Sendable, Equatable {
        /// The file is missing or cannot be read.
        case unreadable
        /// The bytes are not a valid safetensors file (length prefix, JSON header, offsets, dtypes, shapes).
        case malformed
        /// The file could not be written (temporary file, write or rename failed); the target is unchanged.
        case writeFailed
        /// A value to be saved cannot be encoded (a config that throws, a reserved metadata key, a name clash).
        case unencodable
        /// `lstmkit.format` names a version this library does not read.
        case unsupportedFormat
        /// A model parameter has no tensor in the file.
        case missingTensor
        /// The file holds a tensor the model does not have.
        case unexpectedTensor
        /// A tensor's shape differs from the parameter's.
        case shapeMismatch
        /// A tensor's dtype differs from the model's scalar type (and conversion was not allowed).
        case dtypeMismatch
        /// The saved model configuration differs from the expected one.
        case configMismatch
        /// The optimizer state does not fit the optimizer (type, parameter count, state names, shapes).
        case optimizerMismatch
        /// A metadata entry is missing or cannot be parsed (step, epoch, RNG state, config, attachment).
        case badMetadata
    }

    /// The file the problem concerns.
    public let path: String
    public let kind: Kind
    /// What is wrong, in words (without the path).
    public let problem: String

    public init(_ kind: Kind, path: String, _ problem: String) {
        self.kind = kind
        self.path = path
        self.problem = problem
    }

    public var description: String { "checkpoint \(path): \(problem)" }
    public var errorDescription: String? { description }
}
