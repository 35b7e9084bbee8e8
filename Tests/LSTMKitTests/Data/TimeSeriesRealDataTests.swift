import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// A file of the committed `Data/` folder; records a failure (never a skip) when it is missing.
func committedDataFile(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
    let url = repositoryRoot.appendingPathComponent("Data").appendingPathComponent(relative)   // repositoryRoot: DatasetTestFiles.swift
    try #require(FileManager.default.fileExists(atPath: url.path),
                 "missing committed data file \(url.path) (see Data/*/SOURCE.md)", sourceLocation: sourceLocation)
    return url
}

/// The formats of the real datasets, from verbatim excerpts (no file access).
@Suite struct TimeSeriesRealFormatTests {
    @Test func airPassengersRExport() throws {
        let s = try TimeSeries(csvString: TimeSeriesExcerpts.airPassengers, columns: ["AirPassengers"], dateColumn: "time")
        #expect(s.count == 20)
        #expect(Array(s.values.prefix(3)) == [112, 118, 132])
        #expect(s.values.last == 170)
        #expect(s.dates?[1] == "1949.08333333333")     // decimal years: kept as strings, checked as numbers
        #expect(s.parsedDates == nil)
        #expect(s.lineNumbers.first == 2)
    }

    @Test func co2WeeklyCompactDatesAndGaps() throws {
        let text = TimeSeriesExcerpts.co2Weekly
        let e = thrownCSVError { _ = try TimeSeries(csvString: text, source: "co2.csv", dateColumn: "date") }
        #expect(e?.description.hasPrefix("co2.csv:8: column \"co2\" (2): value \"\" is missing") == true)

        let s = try TimeSeries(csvString: text, dateColumn: "date", missing: .linearInterpolate)
        #expect(s.count == 20)
        #expect(s.parsedDates?.first?.description == "1958-03-29")
        let co2 = try s.column("co2")
        #expect(Swift.abs(co2[6] - 317.2) < 1e-12)                  // 1958-05-10, between 316.9 and 317.5
        let expected = [317.55, 317.2, 316.85, 316.5, 316.15]       // five weeks between 317.9 and 315.8
        for (k, v) in expected.enumerated() { #expect(Swift.abs(co2[9 + k] - v) < 1e-12) }

        let dropped = try TimeSeries(csvString: text, dateColumn: "date", missing: .drop)
        #expect(dropped.count == 14)
    }

    @Test func co2MonthlyAndSunspotsRExports() throws {
        let co2 = try TimeSeries(csvString: TimeSeriesExcerpts.co2Monthly, columns: ["co2"], dateColumn: "time")
        #expect(co2.count == 20)
        #expect(co2.values.first == 315.42)
        let sun = try TimeSeries(csvString: TimeSeriesExcerpts.sunspotMonthly, columns: ["sunspot.month"], dateColumn: "time")
        #expect(sun.count == 20)
        #expect(Array(sun.values.prefix(2)) == [58, 62.6])
        let yearly = try TimeSeries(csvString: TimeSeriesExcerpts.sunspotYearly, columns: ["SUNACTIVITY"], dateColumn: "YEAR")
        #expect(yearly.count == 20)
        #expect(yearly.dates?.first == "1700")
        #expect(yearly.values.prefix(3) == [5, 11, 16])
    }

    @Test func msftOHLCV() throws {
        let s = try TimeSeries(csvString: TimeSeriesExcerpts.msft, columns: ["Open", "High", "Low", "Close", "Volume"],
                               dateColumn: "Date")
        #expect(s.count == 20)
        #expect(s.featureCount == 5)
        #expect(s.parsedDates?.first == TimeSeriesDate("1986-03-13"))
        #expect(Array(s.values.prefix(5)) == [0.0672, 0.07533, 0.0672, 0.07533, 1_371_330_506])
        let all = try TimeSeries(csvString: TimeSeriesExcerpts.msft, dateColumn: "Date")
        #expect(all.columns == ["Open", "High", "Low", "Close", "Volume", "OpenInt"])
    }
}

/// The full committed files (`Data/*/`, provenance in each folder's SOURCE.md).
@Suite struct TimeSeriesRealFileTests {
    @Test func airPassengers() throws {
        let s = try TimeSeries(csv: try committedDataFile("airpassengers/AirPassengers.csv"), columns: ["AirPassengers"],
                               dateColumn: "time")
        #expect(s.count == 144)
        #expect(s.values.first == 112)
        #expect(s.values.last == 432)
    }

    @Test func co2() throws {
        let url = try committedDataFile("co2-mauna-loa/co2-weekly-statsmodels.csv")
        let e = thrownCSVError { _ = try TimeSeries(csv: url, dateColumn: "date") }
        #expect(e?.kind == .missingValue)
        #expect(e?.line == 8)
        let weekly = try TimeSeries(csv: url, dateColumn: "date", missing: .linearInterpolate)
        #expect(weekly.count == 2284)
        #expect(weekly.parsedDates?.last?.description == "2001-12-29")
        #expect(try TimeSeries(csv: url, dateColumn: "date", missing: .drop).count == 2284 - 59)
        let monthly = try TimeSeries(csv: try committedDataFile("co2-mauna-loa/co2-monthly-R.csv"), columns: ["co2"],
                                     dateColumn: "time")
        #expect(monthly.count == 468)
    }

    @Test func sunspots() throws {
        let monthly = try TimeSeries(csv: try committedDataFile("sunspots/sunspot.month.csv"), columns: ["sunspot.month"],
                                     dateColumn: "time")
        #expect(monthly.count == 3177)
        let yearly = try TimeSeries(csv: try committedDataFile("sunspots/sunspots-yearly-statsmodels.csv"),
                                    columns: ["SUNACTIVITY"], dateColumn: "YEAR")
        #expect(yearly.count == 309)
        #expect(yearly.dates?.last == "2008")
    }

    @Test func msft() throws {
        let s = try TimeSeries(csv: try committedDataFile("msft-stock/msft.csv"), columns: ["Open", "High", "Low", "Close", "Volume"],
                               dateColumn: "Date")
        #expect(s.count == 7983)
        #expect(s.dates?.last == "2017-11-10")
        #expect(try s.column("Close").last == 83.87)
        let windows = try SlidingWindows<Float>(series: s, window: 30, inputColumns: ["Open", "High", "Low", "Close"],
                                                targetColumns: ["Close"])
        #expect(windows.inputs.shape == [30, 7983 - 30, 4])
    }
}
