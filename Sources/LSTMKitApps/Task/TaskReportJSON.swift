import Foundation

/// The one JSON encoding of every `--json` output and report: camelCase keys (the Swift property names),
/// sorted, no escaped slashes; NaN and infinities, which JSON cannot express, as null.
public enum ReportJSON {
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let sentinel = "__lstmkit_not_finite__"
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: sentinel,
                                                                      negativeInfinity: sentinel, nan: sentinel)
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"\(sentinel)\"", with: "null")
    }
}

/// Formats a number with a fixed number of decimals: `fixed(1.23456, 3)` is "1.235".
public func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

/// "12.5%" or "10%".
public func percent(_ fraction: Double) -> String {
    let value = fraction * 100
    return value == value.rounded() ? "\(Int(value))%" : "\(fixed(value, 1))%"
}
