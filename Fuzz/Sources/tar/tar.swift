import Foundation
import FuzzSupport
import LSTMKit

/// A tar archive (ustar headers, sizes in octal, padding), as the dataset downloads are unpacked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTar(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? TarArchive(data: Data(FuzzInput.bytes(data, size)), source: "fuzz.tar")
    return 0
}

@_cdecl("fuzz_tar_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzTar)
}
