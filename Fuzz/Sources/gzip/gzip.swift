import Foundation
import FuzzSupport
import LSTMKit

/// gzip through CZlib's inflate, with a small output cap (1 MiB) so that a zip bomb must stop at the cap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Data(FuzzInput.bytes(data, size))
    if let output = try? Gzip.decompress(input, maximumBytes: 1 << 20) {
        precondition(output.count <= 1 << 20, "gzip: \(output.count) bytes past the cap")
    }
    return 0
}

@_cdecl("fuzz_gzip_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzGzip)
}
