import Foundation

/// The TFRecord framing of TensorBoard event files: each record is
///
///     uint64 length                     little-endian, the payload's byte count
///     uint32 masked CRC-32C of length   (the 8 bytes above)
///     payload                           `length` bytes (here a serialized `Event`)
///     uint32 masked CRC-32C of payload
///
/// (`CRC32C.masked`). `read` checks both checksums and names the record that fails.
public enum TFRecord {
    /// One framed record around `payload`.
    public static func frame(_ payload: Data) -> Data {
        var out = Data(capacity: payload.count + 16)
        let length = littleEndianBytes(UInt64(payload.count))
        out.append(contentsOf: length)
        out.append(contentsOf: littleEndianBytes(CRC32C.masked(CRC32C.checksum(length))))
        out.append(payload)
        out.append(contentsOf: littleEndianBytes(CRC32C.masked(CRC32C.checksum(payload))))
        return out
    }

    /// The payloads of the records in `data`; throws on a truncated record or a checksum mismatch.
    public static func read(_ data: Data) throws -> [Data] {
        let bytes = [UInt8](data)
        var records: [Data] = []
        var at = 0
        while at < bytes.count {
            let index = records.count
            guard at + 12 <= bytes.count else { throw TFRecordError("record \(index): truncated length at byte \(at)") }
            let lengthBytes = Array(bytes[at..<at + 8])
            let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard littleEndianUInt32(bytes, at + 8) == CRC32C.masked(CRC32C.checksum(lengthBytes)) else {
                throw TFRecordError("record \(index): length checksum mismatch at byte \(at)")
            }
            let start = at + 12
            guard length <= UInt64(bytes.count - start), start + Int(length) + 4 <= bytes.count else {
                throw TFRecordError("record \(index): truncated payload (\(length) bytes announced) at byte \(at)")
            }
            let payload = Array(bytes[start..<start + Int(length)])
            guard littleEndianUInt32(bytes, start + Int(length)) == CRC32C.masked(CRC32C.checksum(payload)) else {
                throw TFRecordError("record \(index): payload checksum mismatch at byte \(at)")
            }
            records.append(Data(payload))
            at = start + Int(length) + 4
        }
        return records
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    static func littleEndianUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << ($1 * 8) }
    }
}

/// A malformed TFRecord file: which record and byte.
public struct TFRecordError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
