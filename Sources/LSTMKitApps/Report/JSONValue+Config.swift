import Foundation
import LSTMKit

/// A task's config in a run history: LSTMKit's `JSONValue` (the safetensors header reader's), made from any
/// `Encodable` and shown by the report as a table of dotted paths.
extension JSONValue {
    /// `value` encoded with `JSONEncoder` and read back as a `JSONValue`.
    public init(encoding value: some Encodable) throws {
        let data = try RunHistory.encoder.encode(value)
        self = try RunHistory.decoder.decode(JSONValue.self, from: data)
    }

    /// The leaves as (dotted path, printed value), objects in key order: `training.learningRate  0.002`.
    public func flattened(prefix: String = "") -> [(path: String, value: String)] {
        switch self {
        case .null: return [(prefix, "none")]
        case let .bool(b): return [(prefix, String(b))]
        case let .int(i): return [(prefix, String(i))]
        case let .double(n):
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
