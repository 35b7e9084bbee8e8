import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TimeSeriesCSVTests {
    let prices = """
        date,open,close,volume
        2024-01-02,10,11,100
        2024-01-03,11,12.5,200
        2024-01-04,12.5,12,150
        """

    @Test func selectsColumnsByNameInTheOrderGiven() throws {
        let s = try TimeSeries(csvString: prices, columns: ["close", "open"], dateColumn: "date")
        #expect(s.columns == ["close", "open"])
        #expect(s.count == 3)
        #expect(s.featureCount == 2)
        #expect(s.values == [11, 10, 12.5, 11, 12, 12.5])
        #expect(s.dates == ["2024-01-02", "2024-01-03", "2024-01-04"])
        #expect(s.parsedDates?.map(\.description) == ["2024-01-02", "2024-01-03", "2024-01-04"])
        #expect(s.lineNumbers == [2, 3, 4])
        #expect(try s.column("open") == [10, 11, 12.5])
    }

    @Test func defaultColumnsAreAllButTheDateColumn() throws {
        let s = try TimeSeries(csvString: prices, dateColumn: "date")
        #expect(s.columns == ["open", "close", "volume"])
        let noDate = try TimeSeries(csvString: "a,b\n1,2\n3,4\n")
        #expect(noDate.columns == ["a", "b"])
        #expect(noDate.dates == nil)
    }

    @Test func spacesAroundNumbersAreIgnored() throws {
        let s = try TimeSeries(csvString: "v\n 1.5 \n\t2e1\n-3\n")
        #expect(s.values == [1.5, 20, -3])
    }

    @Test func unknownColumnListsAvailable() {
        let e = thrownCSVError { _ = try TimeSeries(csvString: prices, source: "p.csv", columns: ["Close"]) }
        #expect(e?.kind == .unknownColumn)
        #expect(e?.description == "p.csv:1: unknown column \"Close\"; available columns: \"date\", \"open\", \"close\", \"volume\"")
        let d = thrownCSVError { _ = try TimeSeries(csvString: prices, source: "p.csv", dateColumn: "Date") }
        #expect(d?.description.hasPrefix("p.csv:1: unknown column \"Date\"") == true)
        let only = thrownCSVError { _ = try TimeSeries(csvString: "date\n2024-01\n", dateColumn: "date") }
        #expect(only?.kind == .unknownColumn)
    }

    @Test func nonNumericNamesFileLineColumnAndValue() {
        let text = "date,open,close\n2024-01-02,1,2\n2024-01-03,3,n/a\n"
        let e = thrownCSVError { _ = try TimeSeries(csvString: text, source: "p.csv", dateColumn: "date") }
        #expect(e?.kind == .nonNumeric)
        #expect(e?.line == 3)
        #expect(e?.description == "p.csv:3: column \"close\" (3): value \"n/a\" is not a number")
        let inf = thrownCSVError { _ = try TimeSeries(csvString: "v\n1\ninf\n", source: "i.csv") }
        #expect(inf?.description == "i.csv:3: column \"v\" (1): value \"inf\" is not a finite number")
    }

    @Test func headerOnlyHasNoDataRows() {
        let e = thrownCSVError { _ = try TimeSeries(csvString: "a,b\n", source: "h.csv") }
        #expect(e?.kind == .noDataRows)
        #expect(e?.description == "h.csv: has a header but no data rows")
    }

    @Test func missingFileAndEmptyFile() throws {
        let dir = try csvTestDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("gone.csv")
        let e = thrownCSVError { _ = try TimeSeries(csv: missing) }
        #expect(e?.description == "\(missing.path): file not found")
        let empty = dir.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        #expect(thrownCSVError { _ = try TimeSeries(csv: empty) }?.kind == .emptyFile)
        let good = dir.appendingPathComponent("s.csv")
        try "t,v\n2020-01,1\n2020-02,2\n".write(to: good, atomically: true, encoding: .utf8)
        let s = try TimeSeries(csv: good, dateColumn: "t")
        #expect(s.values == [1, 2])
        #expect(s.source == good.path)
    }

    // MARK: - Missing values

    /// One column `[1, -, -, 4, -]` with every missing token, plus a full second column.
    let gappy = "t,a,b\n1,1,10\n2,,20\n3,NA,30\n4,4,40\n5,?,50\n"

    @Test func missingIsAnErrorByDefault() {
        let e = thrownCSVError { _ = try TimeSeries(csvString: gappy, source: "g.csv", dateColumn: "t") }
        #expect(e?.kind == .missingValue)
        #expect(e?.line == 3)
        #expect(e?.column == "a")
        #expect(e?.description.hasPrefix("g.csv:3: column \"a\" (2): value \"\" is missing (the rule is .error") == true)
    }

    @Test func forwardFill() throws {
        let s = try TimeSeries(csvString: gappy, dateColumn: "t", missing: .forwardFill)
        #expect(try s.column("a") == [1, 1, 1, 4, 4])
        #expect(try s.column("b") == [10, 20, 30, 40, 50])
        let e = thrownCSVError {
            _ = try TimeSeries(csvString: "t,a\n1,NaN\n2,3\n", source: "f.csv", missing: .forwardFill)
        }
        #expect(e?.kind == .missingValue)
        #expect(e?.description.hasPrefix("f.csv:2: column \"a\" (2): value \"NaN\" is missing and cannot be forward-filled") == true)
    }

    @Test func linearInterpolate() throws {
        let s = try TimeSeries(csvString: gappy, dateColumn: "t", missing: .linearInterpolate)
        #expect(try s.column("a") == [1, 2, 3, 4, 4])
        let ends = try TimeSeries(csvString: "a\n?\n2\n\n6\nNA\n", missing: .linearInterpolate)
        // Blank lines are skipped by the CSV reader, so the column is [?, 2, 6, NA].
        #expect(ends.values == [2, 2, 6, 6])
        let e = thrownCSVError { _ = try TimeSeries(csvString: "a,b\n,1\nNA,2\n", source: "l.csv", missing: .linearInterpolate) }
        #expect(e?.kind == .missingValue)
        #expect(e?.description.hasPrefix("l.csv:2: column \"a\" (1): value \"\" is missing, and so is every other value") == true)
    }

    @Test func dropRemovesRowsWithAnyGap() throws {
        let s = try TimeSeries(csvString: gappy, dateColumn: "t", missing: .drop)
        #expect(s.values == [1, 10, 4, 40])
        #expect(s.dates == ["1", "4"])
        #expect(s.lineNumbers == [2, 5])
        let e = thrownCSVError { _ = try TimeSeries(csvString: "a\nNA\n?\n", source: "d.csv", missing: .drop) }
        #expect(e?.kind == .noDataRows)
        #expect(e?.description == "d.csv: every row has a missing value, so .drop leaves no rows")
    }

    @Test func constantFill() throws {
        let s = try TimeSeries(csvString: gappy, columns: ["a"], missing: .constant(-1))
        #expect(s.values == [1, -1, -1, 4, -1])
    }

    @Test func customMissingTokensAndNaNText() throws {
        let s = try TimeSeries(csvString: "a\n1\n-999\nnan\n4\n", missing: .linearInterpolate, missingTokens: ["-999"])
        #expect(s.values == [1, 2, 3, 4])       // "nan" parses as NaN, which is always missing
        let e = thrownCSVError { _ = try TimeSeries(csvString: "a\n1\nNA\n", missingTokens: ["-999"]) }
        #expect(e?.kind == .nonNumeric)          // "NA" is no longer a missing token
    }

    // MARK: - Dates

    @Test func outOfOrderDatesNameBothLines() {
        let text = "date,v\n2024-01-03,1\n2024-01-02,2\n"
        let e = thrownCSVError { _ = try TimeSeries(csvString: text, source: "o.csv", dateColumn: "date") }
        #expect(e?.kind == .dateOrder)
        #expect(e?.description == "o.csv:3: column \"date\" (1): value \"2024-01-02\" is earlier than the previous "
                + "row's date \"2024-01-03\" (line 2); pass dateOrder: .sortIncreasing to sort the rows, or .unchecked to keep them")
        let dup = thrownCSVError { _ = try TimeSeries(csvString: "d,v\n1949,1\n1949,2\n", dateColumn: "d") }
        #expect(dup?.description.contains("value \"1949\" repeats the previous row's date") == true)
    }

    @Test func sortIncreasingReordersRowsBeforeFilling() throws {
        let text = "date,v\n2024-03,3\n2024-01,1\n2024-02,\n"
        let s = try TimeSeries(csvString: text, dateColumn: "date", missing: .linearInterpolate, dateOrder: .sortIncreasing)
        #expect(s.dates == ["2024-01", "2024-02", "2024-03"])
        #expect(s.values == [1, 2, 3])
        #expect(s.lineNumbers == [3, 4, 2])
        let unchecked = try TimeSeries(csvString: text, dateColumn: "date", missing: .constant(0), dateOrder: .unchecked)
        #expect(unchecked.values == [3, 1, 0])
        let words = "when,v\nMarch,1\nJanuary,2\n"
        let e = thrownCSVError { _ = try TimeSeries(csvString: words, dateColumn: "when", dateOrder: .sortIncreasing) }
        #expect(e?.kind == .badDate)
        #expect(try TimeSeries(csvString: words, dateColumn: "when").dates == ["March", "January"])
    }

    @Test func datesOfTheWrongKindAreNamed() {
        let e = thrownCSVError { _ = try TimeSeries(csvString: "d,v\n2024-01-05,1\n2024-02-30,2\n", source: "b.csv", dateColumn: "d") }
        #expect(e?.kind == .badDate)
        #expect(e?.description == "b.csv:3: column \"d\" (1): value \"2024-02-30\" is not an ISO-like date "
                + "(YYYY-MM, YYYY-MM-DD or YYYYMMDD) like the first date \"2024-01-05\" (line 2)")
        let n = thrownCSVError { _ = try TimeSeries(csvString: "d,v\n1949.5,1\nlater,2\n", dateColumn: "d") }
        #expect(n?.description.contains("value \"later\" is not a number like the first date \"1949.5\"") == true)
    }

    // MARK: - Robustness

    /// Random text from CSV-ish characters never crashes: every outcome is a series or a CSVError.
    @Test func randomTextOnlyThrowsCSVErrors() {
        let alphabet = Array("ab,,,\"\"\n\n\r 1.5-9NA?e2024")
        let rng = RandomSource(seed: 42)
        let rules: [MissingValueRule] = [.error, .forwardFill, .linearInterpolate, .drop, .constant(0)]
        var loaded = 0
        for trial in 0..<400 {
            let length = rng.int(in: 0..<40)
            let text = "a,b\n" + String((0..<length).map { _ in alphabet[rng.int(in: 0..<alphabet.count)] })
            for (k, rule) in rules.enumerated() {
                do {
                    let s = try TimeSeries(csvString: text, dateColumn: trial % 2 == 0 ? "a" : nil, missing: rule,
                                           dateOrder: k % 2 == 0 ? .sortIncreasing : .requireIncreasing)
                    let finite = s.values.allSatisfy { $0.isFinite }
                    #expect(finite)
                    loaded += 1
                } catch is CSVError {
                } catch {
                    Issue.record("unexpected error \(error) for \(text.debugDescription)")
                }
            }
        }
        #expect(loaded > 0)
    }
}
