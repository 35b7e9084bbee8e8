/// Strict reading of the numbers in data files (CSV cells, `.ts` values), shared by the readers.
///
/// Swift's `Double(String)` goes through C's `strtod` on a NUL-terminated copy, so `"1\u{0}99"` reads as 1 (the
/// prefix before the NUL), and it also accepts hexadecimal (`0x1p3`) and `inf`. Data files hold decimal
/// numbers only, so a cell is a number when it has exactly this form (no spaces, NULs or other bytes):
///
///     [+-]? ( digits [. digits?] | . digits ) ( [eE] [+-]? digits )?
///
///     DecimalText.classify("12.5")        // .number(12.5)
///     DecimalText.classify("1\u{0}99")    // .invalid
///     DecimalText.classify("NaN")         // .notANumber   (readers treat it as missing)
///     DecimalText.classify("-inf")        // .infinite
///     DecimalText.classify("1e39")        // .number(1e39), but DecimalText.fitsFloat(1e39) is false
///
/// The network computes in `Float`, so readers also refuse values beyond Float's range (about 3.4e38), which
/// would become infinity on conversion: ``fitsFloat(_:)``.
enum DecimalText {
    enum Reading: Equatable {
        case number(Double)
        /// "nan" in any case, with an optional sign.
        case notANumber
        /// "inf" or "infinity" in any case, with an optional sign, or a decimal that overflows Double (1e999).
        case infinite
        case invalid
    }

    /// What `text` holds (see the type's documentation); surrounding text must already be trimmed.
    static func classify<S: StringProtocol>(_ text: S) -> Reading {
        let bytes = Array(text.utf8)
        if isDecimal(bytes) {
            guard let value = Double(String(text)) else { return .invalid }
            return value.isFinite ? .number(value) : .infinite
        }
        var word = text.lowercased()[...]
        if word.first == "+" || word.first == "-" { word = word.dropFirst() }
        if word == "nan" { return .notANumber }
        if word == "inf" || word == "infinity" { return .infinite }
        return .invalid
    }

    /// The finite value of a decimal `text`, or nil.
    static func double<S: StringProtocol>(_ text: S) -> Double? {
        if case .number(let v) = classify(text) { return v }
        return nil
    }

    /// Whether `value` stays finite when converted to Float.
    static func fitsFloat(_ value: Double) -> Bool {
        abs(value) <= Double(Float.greatestFiniteMagnitude)
    }

    /// The message for a value beyond Float's range.
    static let tooLargeForFloat = "is too large: its magnitude is beyond Float's range (about 3.4e38), where the network computes"

    /// Whether `bytes` match the decimal grammar of the type's documentation.
    static func isDecimal(_ bytes: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 { i += 1 }
            return i - start
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
        var mantissa = digits()
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        if mantissa == 0 { return false }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            if digits() == 0 { return false }
        }
        return i == bytes.count
    }
}
