import CZlib
import Foundation
import Testing
import LSTMKit

@Suite struct PNGImageTests {
    /// A 3 x 2 image: the signature, IHDR with the CRC-32 Python's binascii.crc32 gives for it (0xB81F39C6),
    /// IDAT inflating to the two rows each after a filter byte 0, and the standard IEND chunk (CRC 0xAE426082).
    @Test func threeByTwo() throws {
        let pixels: [UInt8] = [0, 128, 255, 10, 20, 30]
        let png = [UInt8](PNGImage.grayscale(width: 3, height: 2, pixels: pixels))
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[8..<33]) == [0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0] +
                [0xB8, 0x1F, 0x39, 0xC6])
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
        let idatLength = png[33..<37].reduce(0) { $0 << 8 | Int($1) }
        #expect(Array(png[37..<41]) == Array("IDAT".utf8) && 41 + idatLength + 4 + 12 == png.count)
        let compressed = Array(png[41..<(41 + idatLength)])
        var rows = [UInt8](repeating: 0, count: 8)
        var size = uLong(rows.count)
        #expect(uncompress(&rows, &size, compressed, uLong(compressed.count)) == Z_OK)
        #expect(size == 8 && rows == [0, 0, 128, 255, 0, 10, 20, 30])
    }
}
