import Foundation
import Testing
import LSTMKit

@Suite struct TFRecordTests {
    /// An independent reader of the framing: length (little-endian uint64), its masked CRC, the payload, the
    /// payload's masked CRC.
    static func parse(_ data: Data) -> [(length: UInt64, lengthCRC: UInt32, payload: [UInt8], payloadCRC: UInt32)] {
        let b = [UInt8](data)
        func le(_ at: Int, _ n: Int) -> UInt64 { (0..<n).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * $1) } }
        var out: [(UInt64, UInt32, [UInt8], UInt32)] = []
        var at = 0
        while at < b.count {
            let n = Int(le(at, 8))
            out.append((UInt64(n), UInt32(le(at + 8, 4)), Array(b[at + 12..<at + 12 + n]), UInt32(le(at + 12 + n, 4))))
            at += 16 + n
        }
        return out
    }

    @Test func framingRoundTrip() throws {
        let payloads = [Data(), Data("brain.Event:2".utf8), Data((0..<300).map { UInt8($0 % 251) })]
        let file = payloads.map(TFRecord.frame).reduce(Data(), +)
        #expect(file.count == payloads.map { $0.count + 16 }.reduce(0, +))
        let records = Self.parse(file)
        #expect(records.count == 3)
        for (record, payload) in zip(records, payloads) {
            #expect(record.length == UInt64(payload.count))
            #expect(record.payload == [UInt8](payload))
            let lengthBytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * $0)) }
            #expect(record.lengthCRC == CRC32C.masked(CRC32C.checksum(lengthBytes)))
            #expect(record.payloadCRC == CRC32C.masked(CRC32C.checksum(payload)))
        }
        #expect(try TFRecord.read(file) == payloads)
    }

    @Test func corruptionIsNamed() {
        var file = TFRecord.frame(Data("abc".utf8)) + TFRecord.frame(Data("defg".utf8))
        file[19 + 12] ^= 0x01   // a payload byte of record 1
        #expect(throws: TFRecordError("record 1: payload checksum mismatch at byte 19")) { try TFRecord.read(file) }
        #expect(throws: TFRecordError("record 0: truncated payload (3 bytes announced) at byte 0")) {
            try TFRecord.read(TFRecord.frame(Data("abc".utf8)).prefix(14))
        }
    }
}
