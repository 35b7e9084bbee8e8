import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TimeSeriesTests {
    @Test func rowsColumnsAndTensor() throws {
        let s = TimeSeries(rows: [[1, 2], [3, 4], [5, 6]], columns: ["a", "b"], dates: ["2020-01", "2020-02", "2020-03"])
        #expect(s.count == 3 && s.featureCount == 2)
        #expect(s[1, 1] == 4)
        #expect(try s.column("b") == [2, 4, 6])
        let t: Tensor<Float> = s.tensor()
        #expect(t.shape == [3, 2])
        #expect(t.scalars == [1, 2, 3, 4, 5, 6])
        #expect(try s.tensor(Double.self, columns: ["b"]).scalars == [2, 4, 6])
        #expect(s.parsedDates?.count == 3)
        #expect(s.lineNumbers == [1, 2, 3])
        let tail = s.rows(1..<3)
        #expect(tail.values == [3, 4, 5, 6] && tail.dates == ["2020-02", "2020-03"] && tail.lineNumbers == [2, 3])
        let e = thrownCSVError { _ = try s.column("c") }
        #expect(e?.description == "<memory>: unknown column \"c\"; available columns: \"a\", \"b\"")
    }

    @Test func univariate() {
        let s = TimeSeries([1, 2, 3], name: "v")
        #expect(s.columns == ["v"])
        #expect(s.tensor(Double.self).shape == [3, 1])
    }

    @Test func isoLikeDates() {
        #expect(TimeSeriesDate("1986-03-13")?.description == "1986-03-13")
        #expect(TimeSeriesDate("19580329")?.description == "1958-03-29")
        #expect(TimeSeriesDate("1949-02")?.description == "1949-02")
        #expect(TimeSeriesDate(" 2017-11-10T09:30:05Z ")?.description == "2017-11-10 09:30:05")
        #expect(TimeSeriesDate("2017-11-10 09:30")?.secondsOfDay == 34_200.0)
        #expect(TimeSeriesDate("2017-11-10T09:30:05.25")?.secondsOfDay == 34_205.25)
        #expect(TimeSeriesDate("2000-02-29") != nil)                     // leap year
        for bad in ["1949.0833", "1949", "2001-02-29", "1900-02-29", "2020-13-01", "2020-1-5", "20201340",
                    "2020-01-01T25:00", "2020-01-01T+1:30", "2020-01-01 10:00:1e1", "2020-01-01 10:00:05.", "2020-01-01x", "", "abc"] {
            #expect(TimeSeriesDate(bad) == nil, "\(bad) parsed")
        }
        #expect(TimeSeriesDate("1999-12-31")! < TimeSeriesDate("2000-01")!)
        #expect(TimeSeriesDate("2000-01")! < TimeSeriesDate("2000-01-02")!)
        #expect(TimeSeriesDate("2000-01-02 00:00:01")! > TimeSeriesDate("2000-01-02")!)
        // Consecutive days differ by 1 across month and year ends.
        #expect(TimeSeriesDate("2000-03-01")!.ordinal - TimeSeriesDate("2000-02-29")!.ordinal == 1)
        #expect(TimeSeriesDate("2000-01-01")!.ordinal - TimeSeriesDate("1999-12-31")!.ordinal == 1)
    }
}
