import FuzzSupport
import LSTMKit

/// A safetensors file from memory (header, dtypes, offsets, shapes), then every tensor converted to Float and
/// the same bytes through `Checkpoint.readInfo` (the file path, with its metadata entries).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    if let file = try? SafeTensors(bytes: bytes) {
        for (_, tensor) in file.tensors { _ = tensor.converted(to: Float.self) }
    }
    _ = try? Checkpoint.readInfo(from: FuzzInput.file(bytes, name: "x.safetensors"))
    return 0
}

@_cdecl("fuzz_safetensors_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzSafeTensors)
}
