import Foundation
import FuzzSupport
import LSTMKit

/// A WAV file (RIFF chunks, fmt, PCM/float samples), then its mono mix.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWAV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let wav = try? WAVFile(data: Data(FuzzInput.bytes(data, size)), source: "fuzz.wav") { _ = wav.mono() }
    return 0
}

@_cdecl("fuzz_wav_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzWAV)
}
