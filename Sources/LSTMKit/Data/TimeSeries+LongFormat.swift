import Foundation

/// Several series in one CSV file, told apart by a series-id column ("long format"):
///
///     date,ticker,close
///     2024-01-02,AAPL,185.6
///     2024-01-02,MSFT,370.9
///     2024-01-03,AAPL,184.3
///     2024-01-03,MSFT,370.6
///
///     let table = try CSVTable(contentsOf: URL(fileURLWithPath: "prices.csv"))
///     try TimeSeries.seriesIDs(in: table, seriesColumn: "ticker")          // ["AAPL", "MSFT"]
///     let all = try TimeSeries.split(table: table, seriesColumn: "ticker", columns: ["close"], dateColumn: "date")
///     all[1].id, all[1].series.count                                        // "MSFT", 2
///     let msft = try TimeSeries(table: table, seriesColumn: "ticker", id: "MSFT", columns: ["close"],
///                               dateColumn: "date")
///
/// Each series gets the rows with its id, in file order, then sorted by the date column (the default
/// `dateOrder: .sortIncreasing`), so the file may be ordered by date, by id, or not at all; a date that repeats
/// within one series is an error naming both lines and the series. Line numbers stay those of the file.
extension TimeSeries {
    /// The distinct values of `seriesColumn`, in order of first appearance.
    /// - Throws: ``CSVError``: an unknown column, or an empty id cell (``CSVError/Kind/missingValue``).
    public static func seriesIDs(in table: CSVTable, seriesColumn: String) throws -> [String] {
        try groups(table, seriesColumn).map(\.id)
    }

    /// One series per value of `seriesColumn`, in order of first appearance. The other parameters are those of
    /// ``init(table:columns:dateColumn:missing:dateOrder:missingTokens:)``; `columns` defaults to every column
    /// but the series-id and date columns.
    /// - Throws: ``CSVError`` as ``seriesIDs(in:seriesColumn:)`` and as the single-series reader; an error
    ///   inside one series ends with `(series "ID")`.
    public static func split(table: CSVTable, seriesColumn: String, columns: [String]? = nil,
                             dateColumn: String? = nil, missing: MissingValueRule = .error,
                             dateOrder: DateOrder = .sortIncreasing,
                             missingTokens: Set<String> = TimeSeries.defaultMissingTokens) throws
        -> [(id: String, series: TimeSeries)] {
        let names = columns ?? table.header.filter { $0 != seriesColumn && $0 != dateColumn }
        return try groups(table, seriesColumn).map { group in
            (group.id, try series(of: group, table, names, dateColumn, missing, dateOrder, missingTokens))
        }
    }

    /// The series of the rows whose `seriesColumn` is `id` (see ``split(table:seriesColumn:columns:dateColumn:missing:dateOrder:missingTokens:)``).
    /// - Throws: as `split`, and ``CSVError/Kind/noDataRows`` when no row has this id (listing the ids).
    public init(table: CSVTable, seriesColumn: String, id: String, columns: [String]? = nil,
                dateColumn: String? = nil, missing: MissingValueRule = .error, dateOrder: DateOrder = .sortIncreasing,
                missingTokens: Set<String> = TimeSeries.defaultMissingTokens) throws {
        let all = try TimeSeries.groups(table, seriesColumn)
        guard let group = all.first(where: { $0.id == id }) else {
            let shown = all.prefix(20).map { "\"\($0.id)\"" }.joined(separator: ", ") + (all.count > 20 ? ", ..." : "")
            throw CSVError(.noDataRows, source: table.source, column: seriesColumn,
                           message: "no row has the series id \"\(id)\"; the ids are \(shown)")
        }
        let names = columns ?? table.header.filter { $0 != seriesColumn && $0 != dateColumn }
        self = try TimeSeries.series(of: group, table, names, dateColumn, missing, dateOrder, missingTokens)
    }

    /// The row indices of each id, in order of first appearance.
    static func groups(_ table: CSVTable, _ seriesColumn: String) throws -> [(id: String, rows: [Int])] {
        let j = try table.columnIndex(named: seriesColumn)
        var position: [String: Int] = [:]
        var result: [(id: String, rows: [Int])] = []
        for (r, row) in table.rows.enumerated() {
            let id = row[j].trimmedSpacesAndTabs()
            if id.isEmpty {
                throw CSVError(.missingValue, source: table.source, line: table.lineNumbers[r], column: seriesColumn,
                               columnNumber: j + 1, value: row[j], message: "is empty: every row needs a series id")
            }
            if let k = position[id] { result[k].rows.append(r) } else {
                position[id] = result.count
                result.append((id, [r]))
            }
        }
        if result.isEmpty { throw CSVError(.noDataRows, source: table.source, message: "has a header but no data rows") }
        return result
    }

    private static func series(of group: (id: String, rows: [Int]), _ table: CSVTable, _ names: [String],
                               _ dateColumn: String?, _ missing: MissingValueRule, _ dateOrder: DateOrder,
                               _ missingTokens: Set<String>) throws -> TimeSeries {
        let part = CSVTable(source: table.source, header: table.header, rows: group.rows.map { table.rows[$0] },
                            lineNumbers: group.rows.map { table.lineNumbers[$0] })
        do {
            return try TimeSeries(table: part, columns: names, dateColumn: dateColumn, missing: missing,
                                  dateOrder: dateOrder, missingTokens: missingTokens)
        } catch let error as CSVError {
            throw CSVError(error.kind, source: error.source, line: error.line, column: error.column,
                           columnNumber: error.columnNumber, value: error.value,
                           message: error.message + " (series \"\(group.id)\")")
        }
    }
}

/// A sign that a table read as one series holds several, told apart by a text column (a ticker, a station,
/// a sensor id): which column, its distinct values, and how the rows are laid out.
///
/// ``CSVTable/severalSeriesHint(dateColumn:valueColumns:)`` finds it. With a date column the evidence is
/// strong (the dates repeat or go back, but within each value of the column they never repeat), and
/// ``TimeSeries/init(table:columns:dateColumn:missing:dateOrder:missingTokens:)`` throws
/// ``CSVError/Kind/severalSeries`` instead of a date-order error. Without dates it is only a suspicion (a
/// weekday or regime column looks the same), so the reader does not throw: call the function and show
/// ``message`` as a warning.
public struct SeveralSeriesHint: Sendable, Equatable {
    public enum Layout: String, Sendable {
        /// The rows of the series alternate (or mix).
        case interleaved
        /// Each series' rows form one block, the blocks one after another ("glued end to end").
        case consecutive
    }

    /// The column whose values tell the series apart.
    public let column: String
    /// Its distinct values, in order of first appearance.
    public let ids: [String]
    public let layout: Layout
    /// Whether a date column confirms it (dates unique within each id, not across the table).
    public let confirmedByDates: Bool

    /// One line, neutral about how the caller passes the column (the CLI adds its option name).
    public var message: String {
        let shown = ids.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") + (ids.count > 5 ? ", ..." : "")
        let what = "column \"\(column)\" has \(ids.count) distinct values (\(shown))"
        let how = layout == .interleaved ? "interleaved" : "glued end to end"
        let claim = confirmedByDates ? "rows of several series are \(how): \(what), and within each value the "
            + "dates do not repeat" : "\(what) in a pattern of several series \(how)"
        return claim + "; pass the series-id column to read one series per value"
    }
}

extension CSVTable {
    /// The text column that best explains these rows as several series, or nil (see ``SeveralSeriesHint``).
    ///
    /// A candidate is a column other than `dateColumn` and `valueColumns` with no empty cell and at least one
    /// cell that is not a number, with 2 or more distinct values averaging at least 2 rows each. With a date
    /// column, the candidate must make the dates unique within each of its values while they are not strictly
    /// increasing over the whole table. Without one, its values must form one block each, or repeat with a
    /// fixed period. The candidate with the fewest values wins.
    public func severalSeriesHint(dateColumn: String?, valueColumns: [String]) -> SeveralSeriesHint? {
        let excluded = Set(valueColumns + (dateColumn.map { [$0] } ?? []))
        var dates: [String]? = nil
        var keys: [Double]? = nil
        if let dateColumn, let j = try? columnIndex(named: dateColumn) {
            let d = rows.map { $0[j].trimmedSpacesAndTabs() }
            dates = d
            keys = (try? TimeSeries.parseDates(d, table: self, column: j))?.keys
            let ordered = keys.map { k in k.indices.dropFirst().allSatisfy { k[$0] > k[$0 - 1] } } ?? (Set(d).count == d.count)
            if ordered { return nil }
        }
        var best: SeveralSeriesHint? = nil
        for j in header.indices where !excluded.contains(header[j]) {
            let cells = rows.map { $0[j].trimmedSpacesAndTabs() }
            if cells.contains(where: \.isEmpty) || cells.allSatisfy({ DecimalText.classify($0) != .invalid }) { continue }
            var position: [String: Int] = [:]
            var ids: [String] = [], members: [[Int]] = []
            for (r, id) in cells.enumerated() {
                if let k = position[id] { members[k].append(r) } else {
                    position[id] = ids.count
                    ids.append(id)
                    members.append([r])
                }
            }
            if ids.count < 2 || ids.count * 2 > cells.count { continue }
            let blocks = members.allSatisfy { m in m.last! - m.first! + 1 == m.count }
            if let dates {
                let unique = members.allSatisfy { m in
                    keys.map { k in Set(m.map { k[$0] }).count == m.count } ?? (Set(m.map { dates[$0] }).count == m.count)
                }
                if !unique { continue }
            } else {
                let periodic = cells.indices.allSatisfy { cells[$0] == ids[$0 % ids.count] }
                if !(blocks || periodic) { continue }
            }
            if best == nil || ids.count < best!.ids.count {
                best = SeveralSeriesHint(column: header[j], ids: ids, layout: blocks ? .consecutive : .interleaved,
                                         confirmedByDates: dates != nil)
            }
        }
        return best
    }
}
