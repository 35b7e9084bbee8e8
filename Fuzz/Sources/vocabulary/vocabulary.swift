import FuzzSupport
import LSTMKit

/// A vocabulary file (JSON, as checkpoints and `--vocabulary` carry it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVocabulary(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? Vocabulary(contentsOf: FuzzInput.file(FuzzInput.bytes(data, size), name: "vocabulary.json"))
    return 0
}

@_cdecl("fuzz_vocabulary_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzVocabulary)
}
