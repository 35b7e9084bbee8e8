import Foundation

/// A user-facing error: one line naming the problem and what to do. `lstm` prints it as
/// `Error: <message>` and exits with status 1, without a stack trace.
///
///     throw CLIError("--window 200 is longer than the training part of the series (120 points); " +
///                    "use a smaller --window")
struct CLIError: Error, CustomStringConvertible, LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
    var errorDescription: String? { message }
}

/// Runs `body`, turning any error it throws into a one-line `CLIError` (library errors such as `CSVError`,
/// `CheckpointError`, `GzipError` already describe themselves in one line; the prefix says what was being done).
@discardableResult
func describingErrors<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as CLIError { throw error } catch {
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        throw CLIError("\(what): \(text)")
    }
}
