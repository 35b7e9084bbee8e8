/// An error reading a bundled or downloaded dataset file, named like a compiler diagnostic:
///
///     Data/digits-8x8/digits.csv.gz:12: expected 65 fields (64 pixels and the label), found 64
///     hapt.csv.gz:3: field 4: value "abc" is not a number
///     vowels.ts:20: label "12" is not one of the classes 1, 2, 3, 4, 5, 6, 7, 8, 9
///     missing.csv: no such file
///
/// Match on `kind` in code; show `description` to people.
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist.
        case fileNotFound
        /// The path exists but cannot be read, or is corrupt (bad gzip data, a directory).
        case unreadableFile
        /// The file has no data rows.
        case emptyFile
        /// A header line that is not the expected one.
        case badHeader
        /// A row with the wrong number of fields.
        case wrongFieldCount
        /// A field that should be a finite number is not one.
        case nonNumeric
        /// A label that is not one of the dataset's classes.
        case badLabel
        /// A missing value (`?` in a `.ts` file) where missing values are not allowed or cannot be filled.
        case missingValue
        /// Anything else about the layout (inconsistent sequence lengths, too few rows for one example).
        case badFormat
    }

    public let kind: Kind
    /// The file path.
    public let source: String
    /// The 1-based line of the problem, if one line is at fault.
    public let line: Int?
    /// What is wrong, in words.
    public let message: String

    public init(_ kind: Kind, source: String, line: Int? = nil, _ message: String) {
        self.kind = kind
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String {
        source + (line.map { ":\($0)" } ?? "") + ": " + message
    }
}
