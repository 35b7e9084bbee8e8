import Foundation

/// A WAV file that cannot be read: one line naming the file and the problem,
/// `data/0_george_0.wav: compressed format 7 (mu-law) is not supported; convert it to PCM`.
public struct WAVError: Error, CustomStringConvertible, Equatable, Sendable, LocalizedError {
    /// The file path (or the name given to `WAVFile(data:source:)`).
    public let source: String
    /// What is wrong, in words.
    public let problem: String

    public init(source: String, _ problem: String) {
        self.source = source
        self.problem = problem
    }

    public var description: String { "\(source): \(problem)" }
    public var errorDescription: String? { description }
}
