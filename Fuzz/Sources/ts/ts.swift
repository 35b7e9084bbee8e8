import FuzzSupport
import LSTMKit

/// A sktime/UEA `.ts` file, its header claims, cases and labels.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInput.file(FuzzInput.bytes(data, size), name: "train.ts")
    if let file = try? TSFile.read(url) { _ = try? file.labeledSequences() }
    return 0
}

@_cdecl("fuzz_ts_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzTS)
}
