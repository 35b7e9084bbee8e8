import FuzzSupport
import LSTMKit

/// A time-series CSV (header, numbers, optional date column), as `lstm train forecast` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimeSeriesCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInput.file(FuzzInput.bytes(data, size), name: "series.csv")
    _ = try? TimeSeries(csv: url)
    _ = try? TimeSeries(csv: url, dateColumn: "date", missing: .linearInterpolate)
    return 0
}

@_cdecl("fuzz_timeseries_csv_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzTimeSeriesCSV)
}
