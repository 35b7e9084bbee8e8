import Foundation

/// The sample encodings `WAVFile` reads and writes: RIFF/WAVE `WAVE_FORMAT_PCM` (1) with 8-bit unsigned or
/// 16/24/32-bit signed little-endian integers, and `WAVE_FORMAT_IEEE_FLOAT` (3) with 32/64-bit floats, in a plain
/// or a `WAVE_FORMAT_EXTENSIBLE` (0xFFFE) `fmt ` chunk.
public enum WAVSampleFormat: String, Codable, CaseIterable, Sendable {
    case pcm8, pcm16, pcm24, pcm32, float32, float64

    /// The format tag of the `fmt ` chunk (or of the extensible sub-format GUID).
    public var formatTag: Int { isFloat ? 3 : 1 }
    public var bitsPerSample: Int {
        switch self {
        case .pcm8: 8
        case .pcm16: 16
        case .pcm24: 24
        case .pcm32, .float32: 32
        case .float64: 64
        }
    }
    public var isFloat: Bool { self == .float32 || self == .float64 }
    public var bytesPerSample: Int { bitsPerSample / 8 }

    /// The format of a format tag and bit depth, or nil when WAVFile cannot decode it.
    init?(formatTag: Int, bitsPerSample: Int) {
        switch (formatTag, bitsPerSample) {
        case (1, 8): self = .pcm8
        case (1, 16): self = .pcm16
        case (1, 24): self = .pcm24
        case (1, 32): self = .pcm32
        case (3, 32): self = .float32
        case (3, 64): self = .float64
        default: return nil
        }
    }

    /// Names of the common compressed format tags, for the error that refuses them.
    static func compressedName(_ tag: Int) -> String? {
        switch tag {
        case 0x0002: "Microsoft ADPCM"
        case 0x0006: "A-law"
        case 0x0007: "mu-law"
        case 0x0011: "IMA ADPCM"
        case 0x0031: "GSM 6.10"
        case 0x0050: "MPEG"
        case 0x0055: "MPEG layer 3"
        case 0x0160, 0x0161, 0x0162: "Windows Media Audio"
        case 0x00FF, 0x1610: "AAC"
        case 0xF1AC: "FLAC"
        default: nil
        }
    }

    /// Sample `i` of `bytes` (little-endian), scaled to [-1, 1): integers divided by 2^(bits - 1) (8-bit
    /// samples are unsigned with 128 as zero); floats as stored.
    @inline(__always)
    func sample(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Float {
        switch self {
        case .pcm8: return (Float(bytes[offset]) - 128) / 128
        case .pcm16:
            let v = Int16(bitPattern: UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            return Float(v) / 32768
        case .pcm24:
            let u = UInt32(bytes[offset]) << 8 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 24
            return Float(Int32(bitPattern: u) >> 8) / 8_388_608
        case .pcm32:
            return Float(Double(Int32(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian))
                         / 2_147_483_648)
        case .float32:
            return Float(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
        case .float64:
            return Float(Double(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian))
        }
    }

    /// Appends `value` (clamped to [-1, 1] for the integer formats) in this encoding.
    func append(_ value: Float, to data: inout Data) {
        func integer(_ bits: Int) -> Int64 {
            let scale = Double(Int64(1) << (bits - 1))
            return Int64((Double(max(-1, min(1, value))) * scale).rounded()).clamped(-Int64(scale), Int64(scale) - 1)
        }
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        switch self {
        case .pcm8: data.append(UInt8(integer(8) + 128))
        case .pcm16: put(Int16(integer(16)))
        case .pcm24:
            let v = UInt32(bitPattern: Int32(integer(24)))
            data.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF)])
        case .pcm32: put(Int32(integer(32)))
        case .float32: put(value.bitPattern)
        case .float64: put(Double(value).bitPattern)
        }
    }
}

extension Int64 {
    fileprivate func clamped(_ low: Int64, _ high: Int64) -> Int64 { Swift.max(low, Swift.min(high, self)) }
}
