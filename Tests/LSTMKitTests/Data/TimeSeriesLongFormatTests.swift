import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TimeSeriesLongFormatTests {
    /// Two tickers interleaved by date, the second starting later.
    static let prices = """
        date,ticker,close
        2024-01-02,AAPL,185
        2024-01-02,MSFT,370
        2024-01-03,AAPL,184
        2024-01-03,MSFT,371
        2024-01-04,MSFT,372
        2024-01-04,AAPL,183
        """

    @Test func splitsBySeriesIdInFirstAppearanceOrder() throws {
        let table = try CSVTable(string: Self.prices, source: "p.csv")
        #expect(try TimeSeries.seriesIDs(in: table, seriesColumn: "ticker") == ["AAPL", "MSFT"])
        let all = try TimeSeries.split(table: table, seriesColumn: "ticker", dateColumn: "date")
        #expect(all.map(\.id) == ["AAPL", "MSFT"])
        #expect(all[0].series.columns == ["close"] && all[0].series.values == [185, 184, 183])
        #expect(all[0].series.lineNumbers == [2, 4, 7] && all[1].series.dates == ["2024-01-02", "2024-01-03", "2024-01-04"])
        let msft = try TimeSeries(table: table, seriesColumn: "ticker", id: "MSFT", columns: ["close"], dateColumn: "date")
        #expect(msft.values == [370, 371, 372])
        let none = thrownCSVError { _ = try TimeSeries(table: table, seriesColumn: "ticker", id: "IBM") }
        #expect(none?.kind == .noDataRows && none?.message == "no row has the series id \"IBM\"; the ids are \"AAPL\", \"MSFT\"")
    }

    @Test func rowsOfASeriesAreSortedByDateAndRepeatsAreErrors() throws {
        let text = "d,id,v\n2024-03,a,3\n2024-01,a,1\n2024-02,b,5\n2024-02,a,2\n"
        let table = try CSVTable(string: text, source: "s.csv")
        let a = try TimeSeries.split(table: table, seriesColumn: "id", dateColumn: "d")[0].series
        #expect(a.values == [1, 2, 3] && a.lineNumbers == [3, 5, 2])
        let dup = try CSVTable(string: "d,id,v\n2024-01,a,1\n2024-01,b,2\n2024-01,a,3\n", source: "dup.csv")
        let e = thrownCSVError { _ = try TimeSeries.split(table: dup, seriesColumn: "id", dateColumn: "d") }
        #expect(e?.kind == .dateOrder && e?.line == 4)
        #expect(e?.description.hasSuffix("repeats the previous row's date \"2024-01\" (line 2); remove the duplicate row (series \"a\")") == true)
        let empty = thrownCSVError { _ = try TimeSeries.seriesIDs(in: try CSVTable(string: "id,v\na,1\n ,2\n"), seriesColumn: "id") }
        #expect(empty?.kind == .missingValue && empty?.line == 3)
    }

    @Test func interleavedSeriesReadAsOneNameTheColumn() throws {
        let e = thrownCSVError { _ = try TimeSeries(csvString: Self.prices, source: "p.csv", columns: ["close"], dateColumn: "date") }
        #expect(e?.kind == .severalSeries && e?.column == "ticker" && e?.line == 3)
        #expect(e?.description == "p.csv:3: column \"ticker\" (2): rows of several series are interleaved: column \"ticker\" has 2 "
                + "distinct values (\"AAPL\", \"MSFT\"), and within each value the dates do not repeat; pass the series-id "
                + "column to read one series per value")
        // Glued end to end: the dates go back when the next series starts.
        let glued = "date,ticker,close\n2024-01-02,A,1\n2024-01-03,A,2\n2024-01-02,B,3\n2024-01-03,B,4\n"
        let g = thrownCSVError { _ = try TimeSeries(csvString: glued, columns: ["close"], dateColumn: "date") }
        #expect(g?.kind == .severalSeries && g?.message.contains("glued end to end") == true)
        // Sorting does not hide it either (the dates repeat).
        let s = thrownCSVError { _ = try TimeSeries(csvString: glued, columns: ["close"], dateColumn: "date", dateOrder: .sortIncreasing) }
        #expect(s?.kind == .severalSeries)
        // A plain disorder without such a column stays a date-order error.
        let plain = thrownCSVError { _ = try TimeSeries(csvString: "date,v\n2024-01-03,1\n2024-01-02,2\n", dateColumn: "date") }
        #expect(plain?.kind == .dateOrder)
    }

    @Test func hintWithoutDatesIsAWarningOnly() throws {
        let glued = try CSVTable(string: "ticker,close\nA,1\nA,2\nA,3\nB,7\nB,8\nB,9\n")
        #expect(try TimeSeries(table: glued, columns: ["close"]).count == 6)       // read, as asked
        let hint = glued.severalSeriesHint(dateColumn: nil, valueColumns: ["close"])
        #expect(hint == SeveralSeriesHint(column: "ticker", ids: ["A", "B"], layout: .consecutive, confirmedByDates: false))
        #expect(hint?.message == "column \"ticker\" has 2 distinct values (\"A\", \"B\") in a pattern of several series "
                + "glued end to end; pass the series-id column to read one series per value")
        let alternating = try CSVTable(string: "id,v\nx,1\ny,2\nx,3\ny,4\n")
        #expect(alternating.severalSeriesHint(dateColumn: nil, valueColumns: ["v"])?.layout == .interleaved)
        // No hint: a single series, a numeric column, a column of unique values, a mixed pattern.
        #expect(try CSVTable(string: "v\n1\n2\n").severalSeriesHint(dateColumn: nil, valueColumns: ["v"]) == nil)
        #expect(try CSVTable(string: "n,v\n1,1\n1,2\n2,3\n2,4\n").severalSeriesHint(dateColumn: nil, valueColumns: ["v"]) == nil)
        #expect(try CSVTable(string: "k,v\na,1\nb,2\nc,3\n").severalSeriesHint(dateColumn: nil, valueColumns: ["v"]) == nil)
        #expect(try CSVTable(string: "k,v\na,1\nb,2\nb,3\na,4\n").severalSeriesHint(dateColumn: nil, valueColumns: ["v"]) == nil)
        // With increasing dates nothing is suspicious.
        let ordered = try CSVTable(string: "d,k,v\n2024-01,a,1\n2024-02,a,2\n2024-03,b,3\n2024-04,b,4\n")
        #expect(ordered.severalSeriesHint(dateColumn: "d", valueColumns: ["v"]) == nil)
    }

    @Test func hostileNumbers() {
        let nul = thrownCSVError { _ = try TimeSeries(csvString: "v\n1\n1\u{0}99\n", source: "n.csv") }
        #expect(nul?.kind == .nonNumeric && nul?.line == 3)
        let huge = thrownCSVError { _ = try TimeSeries(csvString: "v\n1\n1e308\n", source: "h.csv") }
        #expect(huge?.kind == .outOfRange && huge?.description.hasPrefix("h.csv:3: column \"v\" (1): value \"1e308\" is too large") == true)
        let hex = thrownCSVError { _ = try TimeSeries(csvString: "v\n0x10\n") }
        #expect(hex?.kind == .nonNumeric)
        let inf = thrownCSVError { _ = try TimeSeries(csvString: "v\n-inf\n") }
        #expect(inf?.message == "is not a finite number")
    }

    @Test func gzipSeriesFile() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let gz = try dir.gzipped("s.csv", "t,v\n1,10\n2,20\n")
        let s = try TimeSeries(csv: gz, dateColumn: "t")
        #expect(s.values == [10, 20] && s.source == gz.path)
    }
}
