import FuzzSupport
import LSTMKit

/// A labeled-sequence CSV in both layouts (long: id, time, label, features; wide: label and values).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabeledCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInput.file(FuzzInput.bytes(data, size), name: "sequences.csv")
    _ = try? LabeledSequenceCSV.read(url, layout: .long(time: "time"))
    _ = try? LabeledSequenceCSV.read(url, layout: .wide())
    return 0
}

@_cdecl("fuzz_labeled_csv_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzLabeledCSV)
}
