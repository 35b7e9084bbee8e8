import Foundation

/// One point of a search space: hyperparameter names mapped to values, in the order the space declares them.
///
///     let config: Configuration = ["learningRate": 0.01, "hiddenSize": 64, "cell": "lstm"]
///     try config.double("learningRate")   // 0.01
///     try config.int("hiddenSize")        // 64
///     try config.double("hiddenSize")     // 64.0 (an int widens to a double)
///     try config.string("cell")           // "lstm"
///     try config.int("layers")            // throws: Configuration: no hyperparameter "layers";
///                                         //   available: learningRate, hiddenSize, cell
///     config.description                  // "learningRate=0.01, hiddenSize=64, cell=lstm"
///
/// The typed accessors throw a `ConfigurationError` naming the key and the available keys, so inside a
/// search objective a misspelled name shows up as a failed trial with that message (and in the table).
/// `description` is stable (declared order, shortest round-trip numbers), so it can key tables and caches.
///
/// Codable as a JSON object `{"cell": "lstm", "hiddenSize": 64, ...}`. A JSON object has no order, so a
/// decoded configuration has its keys sorted; `SearchResults` restores the declared order from its space.
public struct Configuration: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByDictionaryLiteral {
    /// The hyperparameter names, in declared order.
    public private(set) var names: [String]
    /// The values, aligned with `names`.
    public private(set) var values: [HyperparameterValue]

    /// A configuration from (name, value) pairs in order; a repeated name stops with a failure.
    public init(_ pairs: [(String, HyperparameterValue)]) {
        names = []
        values = []
        for (name, value) in pairs {
            if names.contains(name) { failure("Configuration: hyperparameter \"\(name)\" is given twice") }
            names.append(name)
            values.append(value)
        }
    }

    public typealias Key = String
    public typealias Value = HyperparameterValue

    public init(dictionaryLiteral elements: (String, HyperparameterValue)...) { self.init(elements) }

    /// The number of hyperparameters.
    public var count: Int { names.count }

    /// The value named `name`, or nil.
    public subscript(name: String) -> HyperparameterValue? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The value named `name`; throws `ConfigurationError.missing` listing the available names.
    public func value(_ name: String) throws(ConfigurationError) -> HyperparameterValue {
        guard let i = names.firstIndex(of: name) else {
            throw ConfigurationError(kind: .missing, key: name, available: names, found: nil, expected: nil)
        }
        return values[i]
    }

    /// The value named `name` as a Double (an `.int` widens); throws when it is missing or a string.
    public func double(_ name: String) throws(ConfigurationError) -> Double {
        let v = try value(name)
        guard let d = v.doubleValue else { throw wrongType(name, v, expected: "a double") }
        return d
    }

    /// The value named `name` as an Int; throws when it is missing or not an `.int` (a double such as
    /// `64.0` is not accepted: declare the dimension with `integer` or `choice(32, 64)` instead).
    public func int(_ name: String) throws(ConfigurationError) -> Int {
        let v = try value(name)
        guard let i = v.intValue else { throw wrongType(name, v, expected: "an int") }
        return i
    }

    /// The value named `name` as a String; throws when it is missing or a number.
    public func string(_ name: String) throws(ConfigurationError) -> String {
        let v = try value(name)
        guard let s = v.stringValue else { throw wrongType(name, v, expected: "a string") }
        return s
    }

    private func wrongType(_ name: String, _ v: HyperparameterValue, expected: String) -> ConfigurationError {
        ConfigurationError(kind: .wrongType, key: name, available: names, found: v, expected: expected)
    }

    /// `name=value` pairs in declared order, joined by ", " (strings written as in a search-space string).
    public var description: String {
        zip(names, values).map { "\($0)=\($1.specText)" }.joined(separator: ", ")
    }

    /// The same configuration with its names in `order` (names not in `order` keep their place after them).
    func reordered(_ order: [String]) -> Configuration {
        let known = order.filter { names.contains($0) }
        let rest = names.filter { !order.contains($0) }
        return Configuration((known + rest).map { ($0, self[$0]!) })
    }

    private struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        let keys = container.allKeys.map(\.stringValue).sorted()
        self.init(try keys.map { key in
            (key, try container.decode(HyperparameterValue.self, forKey: NameKey(stringValue: key)))
        })
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        for (name, value) in zip(names, values) { try container.encode(value, forKey: NameKey(stringValue: name)) }
    }
}

/// A hyperparameter looked up in a `Configuration` that is missing or has another type.
///
///     Configuration: no hyperparameter "layers"; available: learningRate, hiddenSize
///     Configuration: hyperparameter "cell" is the string "lstm", expected an int; available: learningRate, cell
public struct ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// No hyperparameter has this name.
        case missing
        /// The hyperparameter exists but its value has another type.
        case wrongType
    }

    public let kind: Kind
    /// The name asked for.
    public let key: String
    /// The names the configuration has, in order.
    public let available: [String]
    /// The value found (for `.wrongType`).
    public let found: HyperparameterValue?
    /// What was expected ("an int"), for `.wrongType`.
    public let expected: String?

    public var description: String {
        let list = available.isEmpty ? "(none)" : available.joined(separator: ", ")
        switch kind {
        case .missing:
            return "Configuration: no hyperparameter \"\(key)\"; available: \(list)"
        case .wrongType:
            let value = found.map { "the \($0.typeName) \($0.specText)" } ?? "of another type"
            return "Configuration: hyperparameter \"\(key)\" is \(value), expected \(expected ?? "another type"); "
                + "available: \(list)"
        }
    }
}
