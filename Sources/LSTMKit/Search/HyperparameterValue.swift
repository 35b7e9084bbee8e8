import Foundation

/// One value of a hyperparameter: an integer, a real number or a string.
///
///     let values: [HyperparameterValue] = [64, 1e-3, "lstm"]   // .int(64), .double(0.001), .string("lstm")
///     values[1].doubleValue                                    // 0.001
///     values[0].doubleValue                                    // 64.0 (an int widens to a double)
///     values[0].description                                    // "64"
///
/// `description` is the plain text used in tables and CSV cells: an int as digits, a double in Swift's
/// shortest round-trip form (`0.001`, `1e-05`, `2.0`, so a double always shows a `.` or an exponent), a
/// string as itself. `specText` is the form used in search-space strings, where a string is quoted when
/// it would otherwise read as a number or contains punctuation.
///
/// Codable as a plain JSON value (`64`, `0.001`, `"lstm"`). JSON does not keep the difference between
/// `2` and `2.0`: a whole-number double decodes as `.int`. `SearchResults` restores the declared types from
/// its search space when it decodes.
public enum HyperparameterValue: Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    case int(Int)
    case double(Double)
    case string(String)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    /// The value as a Double: a double as is, an int widened; nil for a string.
    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        case .string: return nil
        }
    }

    /// The value of an `.int`; nil for a double (even a whole one) or a string.
    public var intValue: Int? {
        if case .int(let v) = self { return v }
        return nil
    }

    /// The value of a `.string`; nil otherwise.
    public var stringValue: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// "int", "double" or "string", for error messages.
    public var typeName: String {
        switch self {
        case .int: return "int"
        case .double: return "double"
        case .string: return "string"
        }
    }

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return v.description
        case .string(let v): return v
        }
    }

    /// The value as written in a search-space string (`choice(32, 0.5, lstm, "a b")`): numbers as in
    /// `description`, a string bare when it is a plain word (letters, digits, `_ - .`, not starting like a
    /// number), otherwise in double quotes with `\"` and `\\` escaped.
    public var specText: String {
        guard case .string(let s) = self else { return description }
        if HyperparameterValue.isBareWord(s) { return s }
        var text = "\""
        for c in s {
            if c == "\"" || c == "\\" { text.append("\\") }
            text.append(c)
        }
        return text + "\""
    }

    /// True when `s` can be written without quotes in a search-space string.
    static func isBareWord(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        let lowered = s.lowercased()
        if ["nan", "inf", "infinity"].contains(lowered) { return false }   // Double("nan") would parse them
        return s.unicodeScalars.allSatisfy { isWordCharacter($0) }
    }

    /// Letters, digits, `_`, `-` and `.`: the characters of names and bare strings.
    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "."
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let v = try? container.decode(Int.self) {
            self = .int(v)
        } else if let v = try? container.decode(Double.self) {
            self = .double(v)
        } else if let v = try? container.decode(String.self) {
            self = .string(v)
        } else {
            throw DecodingError.typeMismatch(
                HyperparameterValue.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a number or a string"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let v): try container.encode(v)
        case .double(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        }
    }
}
