/// An error reading a CSV file or turning its cells into a time series.
///
/// The description names where the problem is, like a compiler diagnostic: the source (a file path, or the
/// name given for a string), the 1-based physical line, the column (name and 1-based position) and the
/// offending value, then what is wrong:
///
///     data/co2.csv:7: column "co2" (2): value "abc" is not a number
///     data/co2.csv:1: unknown column "co3"; available columns: "date", "co2"
///     data/missing.csv: file not found
///
/// Match on `kind` in code; show `description` to people.
public struct CSVError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist.
        case fileNotFound
        /// The path exists but cannot be read (a directory, no permission, an I/O error, corrupt gzip, not UTF-8).
        case unreadableFile
        /// The file is larger than the reader's limit (on disk, or once decompressed).
        case tooLarge
        /// The file or string has no content (or only blank lines).
        case emptyFile
        /// There is a header but no data rows (where data is needed).
        case noDataRows
        /// A quoted field is never closed.
        case unterminatedQuote
        /// A quote inside an unquoted field, or a character right after a closing quote.
        case unexpectedQuote
        /// A row has a different number of fields than the header.
        case wrongFieldCount
        /// A column name that is not in the header.
        case unknownColumn
        /// A column name that appears more than once in the header.
        case ambiguousColumn
        /// A cell that should be a number is not one (or is infinite).
        case nonNumeric
        /// A finite number beyond the range the network computes in (Float, about 3.4e38).
        case outOfRange
        /// A missing cell ("", "NA", "NaN", "?") where missing values are not allowed or cannot be filled.
        case missingValue
        /// A date that does not have the format of the others in its column.
        case badDate
        /// Dates that are not strictly increasing (or a time that repeats within one sequence).
        case dateOrder
        /// A class label that is not one of the classes, or that changes within one sequence.
        case badLabel
        /// The rows hold several series (interleaved or one after another), told apart by the column in
        /// ``CSVError/column``: read them one series per value of that column.
        case severalSeries
    }

    /// What went wrong.
    public let kind: Kind
    /// The file path, or the name given to a string source (default "<string>").
    public let source: String
    /// The 1-based physical line of the row (where the row starts, for rows spanning lines), if known.
    public let line: Int?
    /// The column name, if one is involved.
    public let column: String?
    /// The 1-based position of the column in the row, if known.
    public let columnNumber: Int?
    /// The offending cell text, if one is involved.
    public let value: String?
    /// What is wrong, in words.
    public let message: String

    public init(_ kind: Kind, source: String, line: Int? = nil, column: String? = nil, columnNumber: Int? = nil,
                value: String? = nil, message: String) {
        self.kind = kind
        self.source = source
        self.line = line
        self.column = column
        self.columnNumber = columnNumber
        self.value = value
        self.message = message
    }

    public var description: String {
        var text = source
        if let line { text += ":\(line)" }
        text += ": "
        if let column {
            text += "column \"\(column)\""
            if let columnNumber { text += " (\(columnNumber))" }
            text += ": "
        } else if let columnNumber {
            text += "field \(columnNumber): "
        }
        if let value { text += "value \"\(value)\" " }
        return text + message
    }
}
