import FuzzSupport
import LSTMKit

/// A standard MIDI file (header, tracks, running status, variable-length numbers, meta events).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIDI(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? MIDIFile.parse(FuzzInput.bytes(data, size))
    return 0
}

@_cdecl("fuzz_midi_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.run(argc, argv, fuzzMIDI)
}
