import Foundation

/// Any JSON value: how a run history keeps a task's config without knowing its type (the report shows it
/// as a table of dotted paths).
public indirect enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `value` encoded with `JSONEncoder` and read back as a `JSONValue`.
    public init(encoding value: some Encodable) throws {
        let data = try RunHistory.encoder.encode(value)
        self = try RunHistory.decoder.decode(JSONValue.self, from: data)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(n): try c.encode(n)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }

    /// The leaves as (dotted path, printed value), objects in key order: `training.learningRate  0.002`.
    public func flattened(prefix: String = "") -> [(path: String, value: String)] {
        switch self {
        case .null: return [(prefix, "none")]
        case let .bool(b): return [(prefix, String(b))]
        case let .number(n):
            return [(prefix, n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n))]
        case let .string(s): return [(prefix, s)]
        case let .array(a):
            if a.allSatisfy({ if case .object = $0 { return false } else { return true } }) {
                return [(prefix, "[" + a.map { $0.flattened().first?.value ?? "" }.joined(separator: ", ") + "]")]
            }
            return a.enumerated().flatMap { $0.element.flattened(prefix: prefix + "." + String($0.offset)) }
        case let .object(o):
            return o.keys.sorted().flatMap { key in
                o[key]!.flattened(prefix: prefix.isEmpty ? key : prefix + "." + key)
            }
        }
    }
}
