import Foundation

/// The lines of a numeric text file (plain or gzip, told apart by the gzip magic bytes), with fast number
/// parsing that reports the file and line of every problem. Shared by the dataset loaders.
///
/// Implementation goals, in order: exact error positions, then speed (the HAPT file has 1.1 million rows,
/// so numbers are parsed with `strtod` straight from the bytes, without building a String per field).
struct NumericTextFile {
    /// The path, used in every error.
    let source: String
    /// The decompressed bytes followed by one 0 byte (so `strtod` always stops).
    private let bytes: [UInt8]
    /// The byte range of every non-blank line and its 1-based line number.
    private(set) var lines: [(number: Int, range: Range<Int>)] = []

    /// The default limit on a file's size, on disk and decompressed: 1 GiB.
    static let defaultMaximumBytes = 1 << 30

    /// Reads `url`; gzip data is decompressed (`TextLines.contents(of:maximumBytes:)`).
    /// - Throws: `DatasetError`: `.fileNotFound`, `.unreadableFile` (also corrupt gzip, or more than
    ///   `maximumBytes` on disk or decompressed), `.emptyFile`.
    init(_ url: URL, maximumBytes: Int = defaultMaximumBytes) throws {
        source = url.path
        var raw = [UInt8](try TextLines.contents(of: url, maximumBytes: maximumBytes))
        raw.append(0)
        bytes = raw
        var start = 0, number = 1
        for i in 0..<(bytes.count - 1) where bytes[i] == UInt8(ascii: "\n") {
            addLine(start..<i, number)
            start = i + 1
            number += 1
        }
        addLine(start..<(bytes.count - 1), number)
        if lines.isEmpty { throw DatasetError(.emptyFile, source: source, "the file is empty (no data rows)") }
    }

    private mutating func addLine(_ range: Range<Int>, _ number: Int) {
        var end = range.upperBound
        if end > range.lowerBound && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let r = range.lowerBound..<end
        if r.contains(where: { bytes[$0] != UInt8(ascii: " ") && bytes[$0] != UInt8(ascii: "\t") }) {
            lines.append((number, r))
        }
    }

    /// The text of a byte range.
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Whether the line starts with `prefix`.
    func line(_ range: Range<Int>, startsWith prefix: UInt8) -> Bool { bytes[range.lowerBound] == prefix }

    /// The ranges of the fields of `range` separated by `separator`.
    func fields(_ range: Range<Int>, separator: UInt8 = UInt8(ascii: ",")) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        for i in range where bytes[i] == separator {
            result.append(start..<i)
            start = i + 1
        }
        result.append(start..<range.upperBound)
        return result
    }

    /// The finite number in `field`, or a `.nonNumeric` error naming the line and `what`.
    func number(_ field: Range<Int>, line: Int, what: @autoclosure () -> String) throws -> Double {
        var value = Double.nan
        var ok = false
        var lower = field.lowerBound, upper = field.upperBound
        while lower < upper && (bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t")) { lower += 1 }
        while upper > lower && (bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t")) {
            upper -= 1
        }
        if lower < upper {
            bytes.withUnsafeBufferPointer { buffer in
                let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var end: UnsafeMutablePointer<CChar>? = nil
                value = strtod(base + lower, &end)
                ok = end.map { UnsafePointer($0) == base + upper } ?? false
            }
        }
        guard ok, value.isFinite else {
            throw DatasetError(.nonNumeric, source: source, line: line,
                               "\(what()): value \"\(text(field))\" is not a number")
        }
        return value
    }

    /// The number in `field` as a Float: as ``number(_:line:what:)``, and a `.nonNumeric` error when it is
    /// beyond Float's range (1e39 would become infinity).
    func float(_ field: Range<Int>, line: Int, what: @autoclosure () -> String) throws -> Float {
        let value = try number(field, line: line, what: what())
        if !DecimalText.fitsFloat(value) {
            throw DatasetError(.nonNumeric, source: source, line: line,
                               "\(what()): value \"\(text(field))\" \(DecimalText.tooLargeForFloat)")
        }
        return Float(value)
    }

    /// The whole number in `field` (|value| < 2^53, so converting it cannot trap), or a `.nonNumeric` error.
    func integer(_ field: Range<Int>, line: Int, what: @autoclosure () -> String) throws -> Int {
        let value = try number(field, line: line, what: what())
        guard value.rounded() == value, abs(value) < 9_007_199_254_740_992 else {
            throw DatasetError(.nonNumeric, source: source, line: line,
                               "\(what()): value \"\(text(field))\" is not a whole number")
        }
        return Int(value)
    }

    /// Whether `field` is `?` or `NaN` (any case), surrounded by optional spaces: a missing value in a `.ts` file.
    func isMissing(_ field: Range<Int>) -> Bool {
        let t = text(field).trimmingCharacters(in: .whitespaces).lowercased()
        return t == "?" || t == "nan"
    }

    /// The integer in `field` (a number with no fractional part), or a `.badLabel` error.
    func label(_ field: Range<Int>, line: Int, allowed: ClosedRange<Int>, names: String) throws -> Int {
        let t = text(field).trimmingCharacters(in: .whitespaces)
        guard let v = Double(t), v.rounded() == v, v >= Double(allowed.lowerBound), v <= Double(allowed.upperBound)
        else {
            throw DatasetError(.badLabel, source: source, line: line, "label \"\(t)\" is not one of \(names)")
        }
        return Int(v)
    }

    /// A `.wrongFieldCount` error unless `count == expected`.
    func expectFields(_ count: Int, _ expected: Int, line: Int, _ what: String) throws {
        if count != expected {
            throw DatasetError(.wrongFieldCount, source: source, line: line,
                               "expected \(expected) fields (\(what)), found \(count)")
        }
    }
}
