import CZlib
import Foundation

/// A PNG file of an 8-bit grayscale image (PNG 1.2, RFC 2083): what a report embeds as
/// `data:image/png;base64,...` where a picture has too many pixels for SVG squares (the frames of
/// `lstm train nextframe`). The rows, each with filter type 0 (none), are compressed by zlib's `compress2`;
/// the chunk checksums are zlib's CRC-32. Scripts/check-reports.sh decodes the PNGs of a report with Python's
/// own zlib and CRC-32.
public enum PNGImage {
    /// The PNG file of a `width` x `height` grayscale image.
    /// - Parameters:
    ///   - width: pixels per row, at least 1.
    ///   - height: rows, at least 1.
    ///   - pixels: `width * height` values row by row, top row first (0 black, 255 white).
    public static func grayscale(width: Int, height: Int, pixels: [UInt8]) -> Data {
        if width < 1 || height < 1 || pixels.count != width * height {
            failure("PNGImage: \(pixels.count) pixels for a \(width) x \(height) image")
        }
        var rows = [UInt8]()
        rows.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            rows.append(0)
            rows += pixels[(y * width)..<((y + 1) * width)]
        }
        var size = compressBound(uLong(rows.count))
        var compressed = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&compressed, &size, rows, uLong(rows.count), 9)
        if status != Z_OK { failure("PNGImage: zlib's compress2 failed with status \(status)") }
        // IHDR: width, height, bit depth 8, colour type 0 (grayscale), compression 0, filter 0, no interlace.
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + chunk("IHDR", header)
            + chunk("IDAT", Array(compressed[0..<Int(size)])) + chunk("IEND", [])
    }

    /// length, type, data, CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> Data {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        return Data(bigEndian(UInt32(data.count)) + body + bigEndian(UInt32(crc)))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
