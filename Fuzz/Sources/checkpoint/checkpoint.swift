import FuzzSupport
import LSTMKitApps

/// A task checkpoint as `lstm evaluate`/`predict` load it: header, task, config (decoded and validated), tensor
/// shapes against the model the config builds, finite weights, scaler and class names.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzInput.file(FuzzInput.bytes(data, size), name: "best.safetensors")
    _ = try? TaskCheckpoint.load(url.path)
    return 0
}

@_cdecl("fuzz_checkpoint_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzCheckpoint)
}
