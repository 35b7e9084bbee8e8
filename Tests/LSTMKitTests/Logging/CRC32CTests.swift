import Foundation
import Testing
import LSTMKit

@Suite struct CRC32CTests {
    /// RFC 3720 (iSCSI), appendix B.4, and the common check value of "123456789".
    @Test func knownVectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    /// The mask is `rotate right 15 + 0xA282EAD8` (TensorFlow's crc32c::Mask).
    @Test func mask() {
        #expect(CRC32C.masked(0) == 0xA282_EAD8)
        #expect(CRC32C.masked(0x0000_8000) == 0xA282_EAD9)   // bit 15 rotates to bit 0
        #expect(CRC32C.masked(1) == 0xA282_EAD8 &+ 0x0002_0000)
    }
}
