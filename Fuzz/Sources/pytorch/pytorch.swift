import FuzzSupport
import LSTMKit

/// A PyTorch state_dict saved with safetensors, as `lstm import` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPyTorch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInput.file(FuzzInput.bytes(data, size), name: "model.safetensors")
    _ = try? PyTorchStateDict(contentsOf: url)
    return 0
}

@_cdecl("fuzz_pytorch_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzPyTorch)
}
