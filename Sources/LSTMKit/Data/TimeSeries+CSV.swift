import Foundation

/// How the row order of a ``TimeSeries`` is checked against its date column.
///
/// Dates are compared when the column is ISO-like (``TimeSeriesDate``: "1986-03-13", "1949-02", "19580329")
/// or numeric (decimal years like "1949.0833", years like "1700"); the kind is decided by the first date, and
/// every other date must then have the same kind (else ``CSVError/Kind/badDate`` naming the line). Other date
/// text (say "Jan 1949") is kept as strings and not checked.
public enum DateOrder: Sendable, Equatable {
    /// Each date must be later than the one before (else ``CSVError/Kind/dateOrder`` naming the line and both
    /// dates). This catches files stored newest-first and duplicated rows.
    case requireIncreasing
    /// Sort the rows by date (stable), then require no duplicates. Throws if the dates cannot be compared.
    case sortIncreasing
    /// Keep the file order without checking.
    case unchecked
}

extension TimeSeries {
    /// The cells read as missing by default (after trimming spaces): "", "NA", "NaN", "?".
    public static let defaultMissingTokens: Set<String> = ["", "NA", "NaN", "?"]

    /// Reads a time series from a CSV file with a header row.
    ///
    ///     let co2 = try TimeSeries(csv: URL(fileURLWithPath: "co2-weekly-statsmodels.csv"),
    ///                              columns: ["co2"], dateColumn: "date", missing: .linearInterpolate)
    ///     co2.count             // 2284
    ///     co2.parsedDates?[0]   // 1958-03-29
    ///
    /// - Parameters:
    ///   - columns: the value columns, by header name, in the order wanted (default: every column but the
    ///     date column). An unknown name throws, listing the available columns.
    ///   - dateColumn: a column kept as strings in ``dates`` (parsed into ``parsedDates`` when ISO-like).
    ///   - missing: what to do with missing cells (see ``MissingValueRule``).
    ///   - dateOrder: how the row order is checked against the dates (see ``DateOrder``).
    ///   - missingTokens: the cell texts (after trimming spaces and tabs) that mean "missing".
    ///   - url: the CSV file, with a header line.
    ///   - delimiter: the field separator.
    /// - Throws: ``CSVError`` for a missing, unreadable, too large or empty file, malformed CSV, an unknown
    ///   column, a non-numeric value (naming line, column and value; numbers are strictly decimal, so a NUL or
    ///   other byte inside a number is an error, see `DecimalText`), a value beyond Float's range
    ///   (``CSVError/Kind/outOfRange``), a missing value the rule cannot fill, bad dates, or dates out of order
    ///   (``CSVError/Kind/severalSeries`` instead when a text column explains the disorder as several series:
    ///   see ``CSVTable/severalSeriesHint(dateColumn:valueColumns:)``).
    public init(csv url: URL, columns: [String]? = nil, dateColumn: String? = nil,
                missing: MissingValueRule = .error, dateOrder: DateOrder = .requireIncreasing,
                missingTokens: Set<String> = TimeSeries.defaultMissingTokens, delimiter: Unicode.Scalar = ",") throws {
        try self.init(table: CSVTable(contentsOf: url, delimiter: delimiter), columns: columns,
                      dateColumn: dateColumn, missing: missing, dateOrder: dateOrder, missingTokens: missingTokens)
    }

    /// Reads a time series from CSV text with a header row; `source` names the text in error messages.
    /// The other parameters are those of ``init(csv:columns:dateColumn:missing:dateOrder:missingTokens:delimiter:)``.
    public init(csvString: String, source: String = "<string>", columns: [String]? = nil, dateColumn: String? = nil,
                missing: MissingValueRule = .error, dateOrder: DateOrder = .requireIncreasing,
                missingTokens: Set<String> = TimeSeries.defaultMissingTokens, delimiter: Unicode.Scalar = ",") throws {
        try self.init(table: CSVTable(string: csvString, source: source, delimiter: delimiter), columns: columns,
                      dateColumn: dateColumn, missing: missing, dateOrder: dateOrder, missingTokens: missingTokens)
    }

    /// Converts the cells of a parsed table (see ``init(csv:columns:dateColumn:missing:dateOrder:missingTokens:delimiter:)``).
    public init(table: CSVTable, columns: [String]? = nil, dateColumn: String? = nil,
                missing: MissingValueRule = .error, dateOrder: DateOrder = .requireIncreasing,
                missingTokens: Set<String> = TimeSeries.defaultMissingTokens) throws {
        if case .constant(let c) = missing, !c.isFinite {
            failure("TimeSeries: MissingValueRule.constant(\(c)) must be finite")
        }
        let source = table.source
        guard !table.rows.isEmpty else {
            throw CSVError(.noDataRows, source: source, message: "has a header but no data rows")
        }
        let dateIndex = try dateColumn.map { try table.columnIndex(named: $0) }
        let names = columns ?? table.header.indices.filter { $0 != dateIndex }.map { table.header[$0] }
        guard !names.isEmpty else {
            throw CSVError(.unknownColumn, source: source, line: 1,
                           message: "no value columns to read (the only column is the date column \"\(dateColumn ?? "")\")")
        }
        let picked = try names.map { try table.columnIndex(named: $0) }

        // Cells to numbers, nil where missing.
        var cells = [[Double?]]()                               // [N][F]
        cells.reserveCapacity(table.count)
        for (r, row) in table.rows.enumerated() {
            cells.append(try picked.map { j in
                let text = row[j].trimmedSpacesAndTabs()
                if missingTokens.contains(text) { return nil }
                func bad(_ message: String) -> CSVError {
                    CSVError(.nonNumeric, source: source, line: table.lineNumbers[r], column: table.header[j],
                             columnNumber: j + 1, value: row[j], message: message)
                }
                switch DecimalText.classify(text) {
                case .number(let v):
                    if !DecimalText.fitsFloat(v) {
                        throw CSVError(.outOfRange, source: source, line: table.lineNumbers[r], column: table.header[j],
                                       columnNumber: j + 1, value: row[j], message: DecimalText.tooLargeForFloat)
                    }
                    return v
                case .notANumber: return nil
                case .infinite: throw bad("is not a finite number")
                case .invalid: throw bad("is not a number")
                }
            })
        }

        // Dates, their kind, and the row order.
        var lines = table.lineNumbers
        var dates = dateIndex.map { j in table.rows.map { $0[j].trimmedSpacesAndTabs() } }
        var parsed: [TimeSeriesDate]? = nil
        var keys: [Double]? = nil
        if let dateIndex, let dateStrings = dates {
            (parsed, keys) = try TimeSeries.parseDates(dateStrings, table: table, column: dateIndex)
        }
        if let dateIndex, let keysNow = keys, dateOrder != .unchecked {
            if dateOrder == .sortIncreasing {
                let order = keysNow.indices.sorted { (keysNow[$0], $0) < (keysNow[$1], $1) }
                cells = order.map { cells[$0] }
                lines = order.map { lines[$0] }
                keys = order.map { keysNow[$0] }
                parsed = parsed.map { p in order.map { p[$0] } }
                dates = dates.map { d in order.map { d[$0] } }
            }
            let k = keys!, d = dates!
            for t in k.indices.dropFirst() where !(k[t] > k[t - 1]) {
                if let hint = table.severalSeriesHint(dateColumn: table.header[dateIndex], valueColumns: names) {
                    throw CSVError(.severalSeries, source: source, line: lines[t], column: hint.column,
                                   columnNumber: table.header.firstIndex(of: hint.column).map { $0 + 1 },
                                   message: hint.message)
                }
                let what = k[t] == k[t - 1] ? "repeats" : "is earlier than"
                let hint = dateOrder == .sortIncreasing ? "remove the duplicate row"
                    : "pass dateOrder: .sortIncreasing to sort the rows, or .unchecked to keep them"
                throw CSVError(.dateOrder, source: source, line: lines[t], column: table.header[dateIndex],
                               columnNumber: dateIndex + 1, value: d[t],
                               message: "\(what) the previous row's date \"\(d[t - 1])\" (line \(lines[t - 1])); \(hint)")
            }
        } else if dateOrder == .sortIncreasing, let dateIndex, keys == nil {
            throw CSVError(.badDate, source: source, line: table.lineNumbers[0], column: table.header[dateIndex],
                           columnNumber: dateIndex + 1, value: dates?.first,
                           message: "cannot be ordered (dates must be ISO-like, like 2024-01-31, or numbers) "
                               + "so the rows cannot be sorted")
        }

        // Missing values.
        let f = picked.count
        func gapError(_ t: Int, _ k: Int, _ message: String) -> CSVError {
            // The raw cell text, found again through the (possibly sorted) line number.
            let r = table.lineNumbers.firstIndex(of: lines[t]) ?? 0
            return CSVError(.missingValue, source: source, line: lines[t], column: table.header[picked[k]],
                            columnNumber: picked[k] + 1, value: table.rows[r][picked[k]], message: message)
        }
        var keep = Array(cells.indices)
        var columnsFilled = [[Double]](repeating: [], count: f)
        switch missing {
        case .error:
            for t in cells.indices {
                if let k = cells[t].firstIndex(where: { $0 == nil }) {
                    throw gapError(t, k, "is missing (the rule is .error; read with missing: .forwardFill, "
                                   + ".linearInterpolate, .drop or .constant(x) to fill it)")
                }
            }
            for k in 0..<f { columnsFilled[k] = cells.map { $0[k]! } }
        case .constant(let c):
            for k in 0..<f { columnsFilled[k] = cells.map { $0[k] ?? c } }
        case .drop:
            keep = cells.indices.filter { t in !cells[t].contains(where: { $0 == nil }) }
            if keep.isEmpty {
                throw CSVError(.noDataRows, source: source, message: "every row has a missing value, so .drop leaves no rows")
            }
            for k in 0..<f { columnsFilled[k] = keep.map { cells[$0][k]! } }
        case .forwardFill:
            for k in 0..<f {
                switch MissingValueRule.forwardFilled(cells.map { $0[k] }) {
                case .success(let v): columnsFilled[k] = v
                case .failure(let gap):
                    throw gapError(gap.position, k, "is missing and cannot be forward-filled: no earlier value in "
                                   + "the column (use .linearInterpolate, .drop or .constant(x))")
                }
            }
        case .linearInterpolate:
            for k in 0..<f {
                guard let v = MissingValueRule.interpolated(cells.map { $0[k] }) else {
                    throw gapError(0, k, "is missing, and so is every other value in the column: nothing to interpolate from")
                }
                columnsFilled[k] = v
            }
        }
        var values = [Double]()
        values.reserveCapacity(keep.count * f)
        for r in 0..<keep.count { for k in 0..<f { values.append(columnsFilled[k][r]) } }
        self.init(columns: names, values: values, dates: dates.map { d in keep.map { d[$0] } },
                  parsedDates: parsed.map { p in keep.map { p[$0] } }, lineNumbers: keep.map { lines[$0] },
                  source: source)
    }

    /// Decides the kind of a date column from its first value and parses all of it: ISO-like dates give
    /// `parsed` and `keys` (ordinals), numbers give `keys` only, anything else neither.
    static func parseDates(_ dates: [String], table: CSVTable, column j: Int) throws
        -> (parsed: [TimeSeriesDate]?, keys: [Double]?) {
        func bad(_ r: Int, _ expected: String) -> CSVError {
            CSVError(.badDate, source: table.source, line: table.lineNumbers[r], column: table.header[j],
                     columnNumber: j + 1, value: dates[r],
                     message: "is not \(expected) like the first date \"\(dates[0])\" (line \(table.lineNumbers[0]))")
        }
        if TimeSeriesDate(dates[0]) != nil {
            var parsed = [TimeSeriesDate]()
            for r in dates.indices {
                guard let d = TimeSeriesDate(dates[r]) else { throw bad(r, "an ISO-like date (YYYY-MM, YYYY-MM-DD or YYYYMMDD)") }
                parsed.append(d)
            }
            return (parsed, parsed.map(\.ordinal))
        }
        if DecimalText.double(dates[0]) != nil {
            var keys = [Double]()
            for r in dates.indices {
                guard let v = DecimalText.double(dates[r]) else { throw bad(r, "a number") }
                keys.append(v)
            }
            return (nil, keys)
        }
        return (nil, nil)
    }
}
