import ArgumentParser
import Foundation
import LSTMKitApps

/// The one user-facing error of `lstm`: one line naming the problem and what to do, printed as
/// `Error: <message>` with exit status 1 and no stack trace. Every bad input ends here: the CLI's own
/// checks, a task's `ConfigError` (named by its option: `hiddenSize` is `--hidden-size`), a task's
/// `TaskError`, and argument-parser errors (an unknown option, a missing value).
struct CLIError: Error, CustomStringConvertible, LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
    var errorDescription: String? { message }

    /// The one-line message for any error.
    static func message(for error: Error, command: ParsableCommand.Type? = nil) -> String {
        switch error {
        case let error as CLIError: return error.message
        case let error as ConfigError: return "\(option(for: error.field)) \(error.message)"
        case let error as TaskError: return error.message
        default:
            // Argument-parser messages can span lines ("... one of the following:\n- a\n- b"): join them.
            let lines = LSTMCommand.message(for: error).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let first = lines.first else { return String(describing: error) }
            let rest = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
            return rest.isEmpty ? first : first + " " + rest.joined(separator: first.hasSuffix(":") ? ", " : "; ")
        }
    }

    /// The option that sets a config field: `--` and the field in kebab case (`clipNorm` -> `--clip-norm`),
    /// with the few names that differ (`layerCount` is `--layers`).
    static func option(for field: String) -> String {
        let name = field.split(separator: ".").last.map(String.init) ?? field
        if let alias = fieldAliases[name] { return alias }
        var kebab = ""
        for c in name {
            if c.isUppercase { kebab += "-" + c.lowercased() } else { kebab.append(c) }
        }
        return "--" + kebab
    }

    static let fieldAliases = ["layerCount": "--layers", "updateEvery": "--tbptt", "inputSize": "--data",
                               "wordEmbeddingSize": "--embedding-size", "featureEmbeddingSize": "--feature-size",
                               "characterEmbeddingSize": "--char-embedding-size",
                               "characterHiddenSize": "--char-hidden-size",
                               "environment": "--env"]
}

extension CLIError {
    /// Runs `body`, turning any error into a `CLIError` with the one-line message.
    static func wrapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw CLIError(message(for: error)) }
    }
}
