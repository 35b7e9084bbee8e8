import Foundation
import Testing
import LSTMKit

@Suite struct PNGImageTests {
    /// CRC-32 (IEEE 802.3, reflected 0xEDB88320) bit by bit: the PNG chunk checksum, computed here without zlib.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A 3 x 2 image: the signature, IHDR with the CRC-32 Python's binascii.crc32 gives for it (0xB81F39C6),
    /// an IDAT chunk holding a zlib stream with a correct CRC, and the standard IEND chunk (CRC 0xAE426082).
    /// (Scripts/check-reports.sh inflates a report's PNG with Python's zlib and compares every pixel.)
    @Test func threeByTwo() throws {
        #expect(Self.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        let png = [UInt8](PNGImage.grayscale(width: 3, height: 2, pixels: [0, 128, 255, 10, 20, 30]))
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[8..<33]) == [0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0] +
                [0xB8, 0x1F, 0x39, 0xC6])
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
        let length = png[33..<37].reduce(0) { $0 << 8 | Int($1) }
        try #require(Array(png[37..<41]) == Array("IDAT".utf8) && 41 + length + 4 + 12 == png.count)
        #expect(png[41] == 0x78 && (Int(png[41]) << 8 | Int(png[42])) % 31 == 0)   // a zlib header (RFC 1950)
        let crc = png[(41 + length)..<(45 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(crc == Self.crc32(Array(png[37..<(41 + length)])))
    }
}
