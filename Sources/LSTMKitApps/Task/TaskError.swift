import Foundation

/// A configuration value that is not allowed, named by its config field: `hiddenSize must be at least 1,
/// got 0`. The CLI names the option that sets the field (`--hidden-size`), a decoded checkpoint config names
/// the file; either way it is one line and never a trap.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The config field (camelCase, as in the Codable config and the JSON of `--json`).
    public var field: String
    /// What is wrong, with the value ("must be at least 1, got 0").
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field) \(message)" }
}

/// Bad input or a failed step of a task (a missing file, data too short for the split, a checkpoint of
/// another task): one line naming what is wrong and, where there is one, what to do.
public struct TaskError: Error, Equatable, CustomStringConvertible, LocalizedError {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}

/// Runs `body`, turning any error that is not already a `TaskError` or `ConfigError` into a one-line
/// `TaskError` prefixed with what was being done (library errors such as `CSVError` and `CheckpointError`
/// describe themselves in one line).
@discardableResult
public func describingErrors<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as TaskError { throw error } catch let error as ConfigError {
        throw error
    } catch {
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        // "reading F: F:4: ..." says F twice: the library's errors already name their file.
        if what.hasPrefix("reading "), text.contains(what.dropFirst("reading ".count)) { throw TaskError(text) }
        throw TaskError("\(what): \(text)")
    }
}

/// Checks of config values, throwing `ConfigError` naming the field.
public enum Check {
    /// The largest hidden or embedding size a task accepts: an LSTM's W_hh is then 4 * 4096 * 4096 floats
    /// (268 MB); larger sizes are mistakes that would only fail later, allocating gigabytes.
    public static let maximumWidth = 4096
    /// The most stacked layers a task accepts.
    public static let maximumLayers = 64

    public static func atLeast(_ value: Int, _ minimum: Int, _ field: String) throws {
        if value < minimum { throw ConfigError(field, "must be at least \(minimum), got \(value)") }
    }

    public static func atLeast(_ value: Int?, _ minimum: Int, _ field: String) throws {
        if let value { try atLeast(value, minimum, field) }
    }

    /// At most `maximum` (a bound that keeps allocations and run times sane).
    public static func atMost(_ value: Int, _ maximum: Int, _ field: String) throws {
        if value > maximum { throw ConfigError(field, "must be at most \(maximum), got \(value)") }
    }

    public static func positive(_ value: Double, _ field: String) throws {
        if !(value > 0 && value.isFinite) { throw ConfigError(field, "must be a positive number, got \(value)") }
    }

    public static func positive(_ value: Double?, _ field: String) throws {
        if let value { try positive(value, field) }
    }

    public static func nonNegative(_ value: Double, _ field: String) throws {
        if !(value >= 0 && value.isFinite) { throw ConfigError(field, "must be >= 0, got \(value)") }
    }

    public static func probability(_ value: Double, _ field: String) throws {
        if !(value >= 0 && value < 1) { throw ConfigError(field, "must be in [0, 1), got \(value)") }
    }

    public static func fraction(_ value: Double, _ field: String) throws {
        if !(value > 0 && value < 1) { throw ConfigError(field, "must be in (0, 1), got \(value)") }
    }
}
