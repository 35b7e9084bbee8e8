import FuzzSupport
import LSTMKit

/// A search-space specification (`lstm search --space "hidden-size=32,64;lr=log(1e-4,1e-2)"`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSearchSpace(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? SearchSpace(parsing: String(decoding: FuzzInput.bytes(data, size), as: UTF8.self))
    return 0
}

@_cdecl("fuzz_search_space_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzSearchSpace)
}
