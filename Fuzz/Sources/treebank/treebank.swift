import FuzzSupport
import LSTMKit

/// A Penn-style sentiment treebank file (bracketed trees with labels).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTreebank(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? TreebankFile.read(FuzzInput.file(FuzzInput.bytes(data, size), name: "train.txt"))
    return 0
}

@_cdecl("fuzz_treebank_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzTreebank)
}
