import FuzzSupport
import LSTMKit

/// Parallel text: the input split at its first byte 0xFF into a source and a target file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParallel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (source, target) = FuzzInput.halves(FuzzInput.bytes(data, size))
    _ = try? ParallelText(source: FuzzInput.file(source, name: "train.de"),
                          target: FuzzInput.file(target, name: "train.en"))
    return 0
}

@_cdecl("fuzz_parallel_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzParallel)
}
