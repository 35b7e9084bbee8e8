import CZlib
import Foundation

/// An error reading gzip-compressed data: the source (a path, or a name given for bytes) and the problem.
public struct GzipError: Error, CustomStringConvertible, Equatable, Sendable {
    public let source: String
    public let problem: String
    public var description: String { "\(source): \(problem)" }
}

/// Reading gzip files (`.gz`), the format the bundled digits and MNIST datasets and the HAPT file use.
///
///     let bytes = try Gzip.readFile(URL(fileURLWithPath: "Data/digits-8x8/digits.csv.gz"))
///     let text = try Gzip.readText(URL(fileURLWithPath: "Data/digits-8x8/digits.csv.gz"))
///
/// Concatenated gzip members (what `cat a.gz b.gz` makes) are read one after another, as `gunzip` does.
///
/// Decompression is bounded: past `maximumBytes` of output (default ``defaultMaximumBytes``, 1 GiB) it stops with
/// an error, so a small hostile file cannot expand into all of memory.
public enum Gzip {
    /// The default limit on the decompressed size: 1 GiB.
    public static let defaultMaximumBytes = 1 << 30

    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The decompressed bytes of the gzip file at `url`.
    /// - Throws: `GzipError` naming the path: missing or unreadable file, not gzip, truncated or corrupt, or
    ///   more than `maximumBytes` once decompressed.
    public static func readFile(_ url: URL, maximumBytes: Int = defaultMaximumBytes) throws -> Data {
        let data: Data
        do { data = try TextFileIO.readData(url) } catch { throw GzipError(source: url.path, problem: error.reason) }
        return try decompress(data, source: url.path, maximumBytes: maximumBytes)
    }

    /// The decompressed contents of the gzip file at `url` as UTF-8 text.
    /// - Throws: `GzipError` as `readFile`, or when the contents are not UTF-8 (naming the line).
    public static func readText(_ url: URL, maximumBytes: Int = defaultMaximumBytes) throws -> String {
        let bytes = try readFile(url, maximumBytes: maximumBytes)
        switch TextFileIO.decodeUTF8(bytes) {
        case .success(let text): return text
        case .failure(let bad):
            throw GzipError(source: url.path, problem: "decompressed line \(bad.line) is not valid UTF-8 " +
                            "(byte offset \(bad.byteOffset))")
        }
    }

    /// Decompresses gzip `data`; `source` names it in errors. Stops with an error past `maximumBytes` of output.
    public static func decompress(_ data: Data, source: String = "gzip data",
                                  maximumBytes: Int = defaultMaximumBytes) throws -> Data {
        guard data.count >= 18, data[data.startIndex] == 0x1f, data[data.startIndex + 1] == 0x8b else {
            throw GzipError(source: source, problem: data.isEmpty ? "the file is empty" :
                                "not a gzip file (it does not start with the gzip magic bytes 1f 8b)")
        }
        var stream = z_stream()
        // 16 + 15: expect a gzip header and trailer, 32 KB window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError(source: source, problem: "zlib could not be initialized")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        let input = [UInt8](data)
        try input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress!)
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress!
                    stream.avail_out = UInt32(outBuffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > maximumBytes {
                    throw GzipError(source: source, problem: "decompresses to more than \(byteCount(maximumBytes)), " +
                                    "the limit for one file (pass a larger maximumBytes to read it)")
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (concatenated .gz files).
                    if stream.avail_in == 0 { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw GzipError(source: source, problem: "corrupt data after the first gzip member")
                    }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 {
                        throw GzipError(source: source, problem: "truncated: the compressed data ends early")
                    }
                case Z_BUF_ERROR:
                    throw GzipError(source: source, problem: "truncated: the compressed data ends early")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw GzipError(source: source, problem: "corrupt gzip data (\(message)) after " +
                                    "\(Int(stream.total_in)) compressed bytes")
                }
            }
        }
        return output
    }
}

/// A byte count for messages: "512 MiB", "1 GiB", "300 bytes".
func byteCount(_ n: Int) -> String {
    if n >= 1 << 30 && n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
    if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
    if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / Double(1 << 20)) }
    return "\(n) bytes"
}
