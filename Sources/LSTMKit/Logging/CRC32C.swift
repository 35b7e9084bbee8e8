/// CRC-32C (Castagnoli), the checksum of TFRecord files: reflected polynomial 0x82F63B78, initial value and
/// final XOR 0xFFFFFFFF, one 256-entry table, one byte per step.
///
///     crc = 0xFFFFFFFF
///     for byte in bytes: crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
///     return crc ^ 0xFFFFFFFF
///
/// Known values (RFC 3720, appendix B.4): 32 zero bytes -> 0x8A9136AA, 32 bytes 0xFF -> 0x62A8AB43,
/// bytes 0...31 -> 0x46DD794E; "123456789" -> 0xE3069283.
public enum CRC32C {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        return c
    }

    /// The CRC-32C of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for byte in bytes { crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// TFRecord's masked CRC: `rotate right by 15, plus 0xA282EAD8` (so a CRC stored inside checksummed data
    /// does not checksum to a fixed value).
    public static func masked(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
