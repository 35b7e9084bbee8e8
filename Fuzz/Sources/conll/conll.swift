import FuzzSupport
import LSTMKit

/// A CoNLL tagging file (columns, sentence breaks, tag scheme checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCoNLL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInput.file(FuzzInput.bytes(data, size), name: "train.txt")
    _ = try? CoNLLFile.read(url)
    _ = try? CoNLLFile.read(url, scheme: .iob2)
    return 0
}

@_cdecl("fuzz_conll_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzCoNLL)
}
