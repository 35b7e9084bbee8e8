import Foundation

/// The lines of a UTF-8 text file, plain or gzip (told apart by the gzip magic bytes), for the line-oriented
/// readers (``ParallelText``, ``CoNLLFile``). Every line is kept, blank ones too, so line numbers are the file's.
///
/// A line ends at "\n"; a "\r" before it is dropped (CRLF files); the empty piece after a final "\n" is not a
/// line. A leading byte-order mark is dropped.
struct TextLines {
    /// The path, used in every error.
    let source: String
    /// The lines; `lines[i]` is line i + 1.
    let lines: [String]

    /// Reads `url`.
    /// - Throws: `DatasetError` naming the file: `.fileNotFound`, `.unreadableFile` (also corrupt gzip, more
    ///   than `maximumBytes` on disk or decompressed, or not UTF-8, naming the line), `.emptyFile` (no bytes).
    init(_ url: URL, maximumBytes: Int) throws {
        source = url.path
        let data = try TextLines.contents(of: url, maximumBytes: maximumBytes)
        if data.isEmpty { throw DatasetError(.emptyFile, source: source, "the file is empty") }
        let text: String
        switch TextFileIO.decodeUTF8(data) {
        case .success(let decoded): text = decoded
        case .failure(let bad):
            throw DatasetError(.unreadableFile, source: source, line: bad.line, "is not valid UTF-8 " +
                               "(byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at offset \(bad.byteOffset))")
        }
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { piece in
            String(Substring(piece.last == UInt8(ascii: "\r") ? piece.dropLast() : piece))
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
    }

    /// The bytes of `url`, decompressed when they start with the gzip magic bytes (a `.gz` file that does not is
    /// an error).
    /// - Throws: `DatasetError`: `.fileNotFound`, `.unreadableFile` (a directory, no permission, corrupt gzip,
    ///   more than `maximumBytes` on disk or decompressed).
    static func contents(of url: URL, maximumBytes: Int) throws -> Data {
        let data: Data
        do { data = try TextFileIO.readData(url, maximumBytes: maximumBytes) } catch {
            throw DatasetError(error.reason == "no such file" ? .fileNotFound : .unreadableFile, source: url.path,
                               error.reason)
        }
        if Gzip.isGzip(data) {
            do { return try Gzip.decompress(data, source: url.path, maximumBytes: maximumBytes) } catch let error as GzipError {
                throw DatasetError(.unreadableFile, source: url.path, error.problem)
            }
        }
        if url.pathExtension == "gz" && !data.isEmpty {
            throw DatasetError(.unreadableFile, source: url.path,
                               "not a gzip file (it does not start with the gzip magic bytes 1f 8b)")
        }
        return data
    }
}
