import Foundation

/// Labelled sequences for classification from a CSV file (plain or `.csv.gz`), in one of two layouts.
///
/// **Long** (any number of features, any lengths): one row per time step, with a sequence-id column, a label
/// column, an optional time column, and numeric feature columns (by default every other column):
///
///     id,label,time,x,y
///     walk-1,walking,0,0.12,0.98
///     walk-1,walking,1,0.15,0.91
///     sit-7,sitting,0,0.01,0.02
///     walk-1,walking,2,0.11,0.95         <- rows of one sequence need not be contiguous
///
/// Sequences come in the order their ids first appear. A sequence's rows are ordered by the time column
/// (numbers or ISO dates; a time that repeats within a sequence is an error), or kept in file order without
/// one. Every row of a sequence must carry the same label.
///
/// **Wide** (one feature): one row per sequence, the label column and then the values in order; a shorter
/// sequence leaves its last cells empty.
///
///     label,v1,v2,v3,v4
///     up,1,2,3,4
///     down,4,3,2,
///
/// Classes: `classNames` when given (every label must be one of them: pass the training file's names when
/// reading a test file), else the distinct labels sorted (numerically when all are whole numbers, so "2" comes
/// before "10"; else by text). Numbers are strict decimals within Float's range; a missing cell ("", "NA",
/// "NaN", "?") is an error. Every error is a ``CSVError`` naming the file, line and column.
///
///     let data = try LabeledSequenceCSV.read(URL(fileURLWithPath: "gestures.csv"),
///                                            layout: .long(id: "id", label: "label", time: "time"))
///     let split = ClassificationSplit(stratifying: data, train: 0.8, validation: 0.1, seed: 42)
public enum LabeledSequenceCSV {
    public enum Layout: Sendable, Equatable {
        /// One row per time step. `features` nil: every column but `id`, `label` and `time`.
        case long(id: String = "id", label: String = "label", time: String? = nil, features: [String]? = nil)
        /// One row per sequence: the `label` column, the values in the other columns, in header order.
        case wide(label: String = "label")
    }

    /// Reads `url` (see the type's documentation).
    /// - Throws: ``CSVError``: the file errors of ``CSVTable/init(contentsOf:hasHeader:delimiter:maximumBytes:)``,
    ///   `.unknownColumn`, `.noDataRows` (no rows, or no feature column), `.nonNumeric`, `.outOfRange`,
    ///   `.missingValue` (also an empty id or label), `.badLabel` (a label not in `classNames`, or one that
    ///   changes within a sequence), `.badDate` (times that cannot be ordered), `.dateOrder` (a repeated time).
    public static func read(_ url: URL, layout: Layout, classNames: [String]? = nil, delimiter: Unicode.Scalar = ",",
                            maximumBytes: Int = CSVTable.defaultMaximumBytes) throws -> LabeledSequences {
        try read(table: CSVTable(contentsOf: url, delimiter: delimiter, maximumBytes: maximumBytes), layout: layout,
                 classNames: classNames)
    }

    /// Converts a parsed table (see ``read(_:layout:classNames:delimiter:maximumBytes:)``).
    public static func read(table: CSVTable, layout: Layout, classNames: [String]? = nil) throws -> LabeledSequences {
        guard table.count > 0 else {
            throw CSVError(.noDataRows, source: table.source, message: "has a header but no data rows")
        }
        let reader = CellReader(table: table)
        switch layout {
        case .long(let id, let label, let time, let features):
            return try readLong(reader, id: id, label: label, time: time, features: features, classNames: classNames)
        case .wide(let label):
            return try readWide(reader, label: label, classNames: classNames)
        }
    }

    static func readLong(_ r: CellReader, id: String, label: String, time: String?, features: [String]?,
                         classNames: [String]?) throws -> LabeledSequences {
        let table = r.table
        let idColumn = try table.columnIndex(named: id), labelColumn = try table.columnIndex(named: label)
        let timeColumn = try time.map { try table.columnIndex(named: $0) }
        let names = features ?? table.header.filter { $0 != id && $0 != label && $0 != time }
        guard !names.isEmpty else {
            throw CSVError(.noDataRows, source: table.source, line: 1,
                           message: "has no feature column besides the id, label and time columns")
        }
        let featureColumns = try names.map { try table.columnIndex(named: $0) }
        var keys: [Double]? = nil
        if let timeColumn {
            let texts = table.rows.map { $0[timeColumn].trimmedSpacesAndTabs() }
            keys = try TimeSeries.parseDates(texts, table: table, column: timeColumn).keys
            if keys == nil {
                throw r.error(.badDate, 0, timeColumn, "cannot be ordered: times must be numbers or ISO dates " +
                              "(like 2024-01-31)")
            }
        }
        var groups: [(id: String, rows: [Int])] = [], position: [String: Int] = [:]
        for row in table.rows.indices {
            let key = try r.nonEmpty(row, idColumn, "the sequence id")
            if let k = position[key] { groups[k].rows.append(row) } else {
                position[key] = groups.count
                groups.append((key, [row]))
            }
        }
        var labels: [String] = []
        for group in groups {
            let first = try r.nonEmpty(group.rows[0], labelColumn, "the label")
            for row in group.rows.dropFirst() where table.rows[row][labelColumn].trimmedSpacesAndTabs() != first {
                throw r.error(.badLabel, row, labelColumn, "differs from the label \"\(first)\" of sequence " +
                              "\"\(group.id)\" on line \(table.lineNumbers[group.rows[0]]) (one label per sequence)")
            }
            labels.append(first)
        }
        let classes = try classList(labels, given: classNames, r, groups.map { $0.rows[0] }, labelColumn)
        var examples: [LabeledSequence] = []
        for (g, group) in groups.enumerated() {
            var rows = group.rows
            if let keys {
                rows.sort { (keys[$0], $0) < (keys[$1], $1) }
                for (a, b) in zip(rows, rows.dropFirst()) where keys[a] == keys[b] {
                    throw r.error(.dateOrder, b, timeColumn!, "repeats the time of line \(table.lineNumbers[a]) in " +
                                  "sequence \"\(group.id)\" (each step needs its own time)")
                }
            }
            var values: [Float] = []
            values.reserveCapacity(rows.count * featureColumns.count)
            for row in rows { for j in featureColumns { values.append(try r.number(row, j)) } }
            examples.append(LabeledSequence(values: values, steps: rows.count, label: classes.index[labels[g]]!))
        }
        return LabeledSequences(featureCount: featureColumns.count, classNames: classes.names, examples: examples)
    }

    static func readWide(_ r: CellReader, label: String, classNames: [String]?) throws -> LabeledSequences {
        let table = r.table
        let labelColumn = try table.columnIndex(named: label)
        let valueColumns = table.header.indices.filter { $0 != labelColumn }
        guard !valueColumns.isEmpty else {
            throw CSVError(.noDataRows, source: table.source, line: 1, message: "has no value column besides the label")
        }
        let labels = try table.rows.indices.map { try r.nonEmpty($0, labelColumn, "the label") }
        let classes = try classList(labels, given: classNames, r, Array(table.rows.indices), labelColumn)
        var examples: [LabeledSequence] = []
        for (row, cells) in table.rows.enumerated() {
            let filled = valueColumns.filter { !cells[$0].trimmedSpacesAndTabs().isEmpty }
            guard let last = filled.last else {
                throw r.error(.missingValue, row, valueColumns[0], "is empty: the sequence has no values")
            }
            let used = valueColumns.prefix { $0 <= last }
            if let gap = used.first(where: { cells[$0].trimmedSpacesAndTabs().isEmpty }) {
                throw r.error(.missingValue, row, gap, "is empty before the last value of the row (only the " +
                              "trailing cells of a shorter sequence may be empty)")
            }
            let values = try used.map { try r.number(row, $0) }
            examples.append(LabeledSequence(values: values, steps: values.count, label: classes.index[labels[row]]!))
        }
        return LabeledSequences(featureCount: 1, classNames: classes.names, examples: examples)
    }

    /// The class names (given, or sorted) and the index of each; a label outside `given` is an error.
    static func classList(_ labels: [String], given: [String]?, _ r: CellReader, _ rows: [Int], _ column: Int) throws
        -> (names: [String], index: [String: Int]) {
        let names: [String]
        if let given {
            if let k = labels.firstIndex(where: { !given.contains($0) }) {
                throw r.error(.badLabel, rows[k], column, "is not one of the classes \(given.joined(separator: ", "))")
            }
            names = given
        } else {
            let distinct = Array(Set(labels))
            let numeric = distinct.allSatisfy { Int($0) != nil }
            names = numeric ? distinct.sorted { (Int($0)!, $0) < (Int($1)!, $1) } : distinct.sorted()
        }
        return (names, Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
    }

    /// Reads cells of a table with errors naming the line and column.
    struct CellReader {
        let table: CSVTable

        func error(_ kind: CSVError.Kind, _ row: Int, _ j: Int, _ message: String) -> CSVError {
            CSVError(kind, source: table.source, line: table.lineNumbers[row], column: table.header[j],
                     columnNumber: j + 1, value: table.rows[row][j], message: message)
        }

        func nonEmpty(_ row: Int, _ j: Int, _ what: String) throws -> String {
            let text = table.rows[row][j].trimmedSpacesAndTabs()
            if text.isEmpty { throw error(.missingValue, row, j, "is empty: every row needs \(what)") }
            return text
        }

        func number(_ row: Int, _ j: Int) throws -> Float {
            let text = table.rows[row][j].trimmedSpacesAndTabs()
            switch DecimalText.classify(text) {
            case .number(let v):
                if !DecimalText.fitsFloat(v) { throw error(.outOfRange, row, j, DecimalText.tooLargeForFloat) }
                return Float(v)
            case .notANumber:
                throw error(.missingValue, row, j, "is missing (NaN); fill or remove it before reading")
            case .infinite: throw error(.nonNumeric, row, j, "is not a finite number")
            case .invalid:
                if TimeSeries.defaultMissingTokens.contains(text) {
                    throw error(.missingValue, row, j, "is missing; fill or remove it before reading")
                }
                throw error(.nonNumeric, row, j, "is not a number")
            }
        }
    }
}
