import Foundation

/// The cells of a CSV file as strings, parsed by the rules of RFC 4180, with the line each row starts on.
///
///     let table = try CSVTable(string: """
///         date,price,note
///         2024-01,10.5,"first, with a comma"
///         2024-02,11,"a ""quoted"" word"
///         """)
///     table.header                          // ["date", "price", "note"]
///     try table.column(named: "price")      // ["10.5", "11"]
///     table.rows[1][2]                      // "a \"quoted\" word"
///     table.lineNumbers                     // [2, 3]
///
/// Parsing rules (RFC 4180, plus what real files need):
/// - Fields are separated by `delimiter` (default ","); records end with LF or CRLF (a lone CR too).
/// - A field that starts with a quote is quoted: it runs to the next lone quote, may contain delimiters and
///   line breaks, and `""` inside it stands for one quote. Anything but a delimiter or a line end right after
///   the closing quote is an error, as is a quote inside an unquoted field (`ab"c`).
/// - The first record is the header when `hasHeader` is true; otherwise the columns are named "column1",
///   "column2", ...
/// - Every record must have as many fields as the header (an error names the line and both counts).
/// - Blank lines (empty or only spaces/tabs) are skipped; a UTF-8 byte order mark is ignored; the last line
///   may or may not end with a line break.
/// - Cells are kept exactly as written (no trimming); converting them is ``TimeSeries``' job.
///
/// Errors are ``CSVError``s naming the source, the line and the field.
public struct CSVTable: Sendable, Equatable {
    /// The file path, or the name given to a string source; used in error messages.
    public let source: String
    /// The column names (from the header row, or "column1", "column2", ... without one).
    public let header: [String]
    /// The data rows; each has `header.count` cells.
    public let rows: [[String]]
    /// The 1-based physical line on which each row starts (the header is line 1 when present).
    public let lineNumbers: [Int]

    /// Parses CSV text. `source` names the text in error messages.
    public init(string: String, source: String = "<string>", hasHeader: Bool = true,
                delimiter: Unicode.Scalar = ",") throws {
        if !delimiter.isASCII || delimiter == "\"" || delimiter == "\n" || delimiter == "\r" {
            failure("CSVTable: delimiter \(delimiter.escaped(asASCII: true)) must be an ASCII character other than a quote or a line break")
        }
        let records = try CSVTable.parse(Array(string.utf8), delimiter: UInt8(delimiter.value), source: source)
        guard let first = records.first else {
            throw CSVError(.emptyFile, source: source, message: "is empty (no header and no rows)")
        }
        let header = hasHeader ? first.fields : (1...first.fields.count).map { "column\($0)" }
        let dataRecords = hasHeader ? Array(records.dropFirst()) : records
        for record in dataRecords where record.fields.count != header.count {
            throw CSVError(.wrongFieldCount, source: source, line: record.line,
                           message: "row has \(record.fields.count) fields, the header has \(header.count)")
        }
        self.source = source
        self.header = header
        self.rows = dataRecords.map(\.fields)
        self.lineNumbers = dataRecords.map(\.line)
    }

    /// Reads and parses a CSV file (UTF-8), plain or gzip-compressed (`.csv.gz`: told apart by the gzip magic
    /// bytes, whatever the name). Errors name the path: file not found, a directory, unreadable, corrupt gzip,
    /// larger than `maximumBytes` (on disk or decompressed; ``CSVError/Kind/tooLarge``), not UTF-8 (naming the
    /// line), empty, and every parse error of ``init(string:source:hasHeader:delimiter:)``.
    public init(contentsOf url: URL, hasHeader: Bool = true, delimiter: Unicode.Scalar = ",",
                maximumBytes: Int = CSVTable.defaultMaximumBytes) throws {
        let text = try CSVTable.readText(url, maximumBytes: maximumBytes)
        try self.init(string: text, source: url.path, hasHeader: hasHeader, delimiter: delimiter)
    }

    /// A table made of some rows of another (their line numbers kept), for splitting a table by a column.
    init(source: String, header: [String], rows: [[String]], lineNumbers: [Int]) {
        self.source = source
        self.header = header
        self.rows = rows
        self.lineNumbers = lineNumbers
    }

    /// The number of data rows.
    public var count: Int { rows.count }

    /// The 0-based position of the column called `name`.
    /// Throws ``CSVError/Kind/unknownColumn`` listing the available names, or ``CSVError/Kind/ambiguousColumn``.
    public func columnIndex(named name: String) throws -> Int {
        let matches = header.indices.filter { header[$0] == name }
        if matches.count == 1 { return matches[0] }
        let available = header.map { "\"\($0)\"" }.joined(separator: ", ")
        if matches.isEmpty {
            throw CSVError(.unknownColumn, source: source, line: header.isEmpty ? nil : 1,
                           message: "unknown column \"\(name)\"; available columns: \(available)")
        }
        throw CSVError(.ambiguousColumn, source: source, line: 1,
                       message: "column name \"\(name)\" appears \(matches.count) times in the header "
                           + "(positions \(matches.map { $0 + 1 })); available columns: \(available)")
    }

    /// The cells of the column called `name`, one per row.
    public func column(named name: String) throws -> [String] {
        let j = try columnIndex(named: name)
        return rows.map { $0[j] }
    }

    // MARK: - Reading files

    /// The default limit on the bytes of one file, compressed or decompressed: 512 MiB.
    public static let defaultMaximumBytes = 512 << 20

    /// The contents of `url` as UTF-8 text (gzip data, told by its magic bytes, is decompressed first), or a
    /// ``CSVError`` saying why not.
    static func readText(_ url: URL, maximumBytes: Int = defaultMaximumBytes) throws -> String {
        let path = url.path
        guard url.isFileURL else {
            throw CSVError(.unreadableFile, source: url.absoluteString, message: "is not a file URL")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CSVError(.fileNotFound, source: path, message: "file not found")
        }
        if isDirectory.boolValue {
            throw CSVError(.unreadableFile, source: path, message: "is a directory, not a file")
        }
        var data: Data
        do {
            data = try TextFileIO.readData(url, maximumBytes: maximumBytes)
        } catch {
            let tooLarge = error.reason.contains("more than the limit")
            throw CSVError(tooLarge ? .tooLarge : .unreadableFile, source: path, message: error.reason)
        }
        if data.isEmpty { throw CSVError(.emptyFile, source: path, message: "is empty (0 bytes)") }
        if Gzip.isGzip(data) {
            do { data = try Gzip.decompress(data, source: path, maximumBytes: maximumBytes) } catch let error as GzipError {
                let tooLarge = error.problem.contains("decompresses to more than")
                throw CSVError(tooLarge ? .tooLarge : .unreadableFile, source: path, message: error.problem)
            }
            if data.isEmpty { throw CSVError(.emptyFile, source: path, message: "is empty once decompressed") }
        } else if url.pathExtension.lowercased() == "gz" {
            throw CSVError(.unreadableFile, source: path,
                           message: "is named .gz but is not gzip data (it does not start with the magic bytes 1f 8b)")
        }
        switch TextFileIO.decodeUTF8(data) {
        case .success(let text): return text
        case .failure(let bad):
            throw CSVError(.unreadableFile, source: path, line: bad.line,
                           message: "is not valid UTF-8 text: byte 0x" + String(bad.byte, radix: 16, uppercase: true)
                               + " at offset \(bad.byteOffset) (save the file as UTF-8)")
        }
    }

    // MARK: - Parsing

    struct Record {
        var fields: [String]
        var line: Int
    }

    /// The RFC 4180 state machine over UTF-8 bytes.
    static func parse(_ bytes: [UInt8], delimiter: UInt8, source: String) throws -> [Record] {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        enum State { case fieldStart, unquoted, quoted, afterQuote }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var line = 1, recordLine = 1, quoteLine = 1
        var sawQuote = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            let blank = !sawQuote && fields.count == 1 && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
            if !blank { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
            sawQuote = false
            state = .fieldStart
        }
        func unexpectedQuote(_ message: String) -> CSVError {
            CSVError(.unexpectedQuote, source: source, line: line, columnNumber: fields.count + 1, message: message)
        }

        while i < bytes.count {
            let b = bytes[i]
            i += 1
            switch state {
            case .quoted:
                if b == quote {
                    if i < bytes.count && bytes[i] == quote { field.append(quote); i += 1 } else { state = .afterQuote }
                } else {
                    if b == lf { line += 1 }
                    field.append(b)
                }
            case .fieldStart, .unquoted, .afterQuote:
                if b == delimiter {
                    endField()
                    state = .fieldStart
                } else if b == lf || b == cr {
                    if b == cr && i < bytes.count && bytes[i] == lf { i += 1 }
                    endRecord()
                    line += 1
                    recordLine = line
                } else if state == .afterQuote {
                    throw unexpectedQuote("unexpected character \"\(Unicode.Scalar(b).escaped(asASCII: true))\" "
                                          + "after a closing quote (a quoted field must end at a delimiter or line end)")
                } else if b == quote {
                    if state == .unquoted {
                        let text = String(decoding: field, as: UTF8.self)
                        throw unexpectedQuote("quote inside the unquoted field \"\(text)\" (quote the whole field and double inner quotes)")
                    }
                    state = .quoted
                    sawQuote = true
                    quoteLine = line
                } else {
                    field.append(b)
                    state = .unquoted
                }
            }
        }
        if state == .quoted {
            throw CSVError(.unterminatedQuote, source: source, line: quoteLine, columnNumber: fields.count + 1,
                           message: "quoted field is never closed (opened on this line, still open at end of input)")
        }
        if !(state == .fieldStart && fields.isEmpty && field.isEmpty) { endRecord() }
        return records
    }
}
