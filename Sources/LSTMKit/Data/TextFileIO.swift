import Foundation

/// File reading and atomic writing shared by the text data types; problems come back as a short reason
/// ("no such file") that the caller wraps into its own error type with the path.
enum TextFileIO {
    struct Problem: Error {
        let reason: String
    }

    /// The bytes of the file at `url`; a file larger than `maximumBytes` is refused before it is read.
    static func readData(_ url: URL, maximumBytes: Int = .max) throws(Problem) -> Data {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            throw Problem(reason: "no such file")
        }
        if isDirectory.boolValue { throw Problem(reason: "is a directory, not a file") }
        if !FileManager.default.isReadableFile(atPath: url.path) {
            throw Problem(reason: "cannot be read (permission denied)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int
        if let size, size > maximumBytes {
            throw Problem(reason: "is \(byteCount(size)), more than the limit of \(byteCount(maximumBytes)) for one file " +
                          "(pass a larger maximumBytes to read it)")
        }
        // Foundation's Data(contentsOf:) leaks its 4 KiB buffer on an empty file (found by Fuzz/ under LeakSanitizer).
        if size == 0 { return Data() }
        do { return try Data(contentsOf: url) } catch {
            throw Problem(reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Writes `data` to `url` durably and atomically (``DurableFile``), so a reader never sees a half-written
    /// file and a failed write leaves any old file intact.
    static func writeAtomically(_ data: Data, to url: URL) throws(Problem) {
        do throws(DurableFile.Failure) { try DurableFile.write(data, to: url) } catch { throw Problem(reason: error.reason) }
    }

    /// The text of UTF-8 `data` (a leading byte-order mark is dropped), or the position of the first byte
    /// that is not valid UTF-8: its byte offset and 1-based line number.
    static func decodeUTF8(_ data: Data) -> Result<String, InvalidUTF8> {
        let bytes = [UInt8](data)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0, line = 1
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1 }
            case .emptyInput:
                break decoding
            case .error:
                return .failure(InvalidUTF8(byteOffset: offset, line: line, byte: bytes[offset]))
            }
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return .success(text)
    }

    struct InvalidUTF8: Error {
        let byteOffset: Int
        let line: Int
        let byte: UInt8
    }
}
