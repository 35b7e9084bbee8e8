import Foundation

/// A tar archive read whole from memory (plain or gzip: `TarArchive(contentsOf:)` decompresses), for datasets
/// shipped as `.tar.gz` (the spoken digits). Reads POSIX ustar and GNU tar as `git archive` and GNU tar write
/// them: regular files (type '0' or NUL), with the ustar prefix, PAX `path=` records and GNU long names ('L')
/// for long paths; directories, links and global PAX headers are skipped.
///
/// Bounded and validated: every header's checksum is checked, a member whose size runs past the end is a
/// truncated archive, and decompression stops at `maximumBytes`; each problem is one `TarError` line naming
/// the archive (and the member).
public struct TarArchive: Sendable {
    public struct Member: Sendable {
        /// The path inside the archive ("fsdd/recordings/0_george_0.wav").
        public var path: String
        public var contents: Data
    }

    public let source: String
    /// The regular files, in archive order.
    public let members: [Member]

    /// Reads the archive at `url` (gzip-compressed or not), at most `maximumBytes` on disk and decompressed.
    public init(contentsOf url: URL, maximumBytes: Int = Gzip.defaultMaximumBytes) throws {
        var data: Data
        do { data = try TextFileIO.readData(url, maximumBytes: maximumBytes) } catch {
            throw TarError(source: url.path, error.reason)
        }
        if Gzip.isGzip(data) {
            do { data = try Gzip.decompress(data, source: url.path, maximumBytes: maximumBytes) } catch let error as GzipError {
                throw TarError(source: url.path, error.problem)
            }
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses uncompressed tar bytes; `source` names the archive in errors.
    public init(data: Data, source: String) throws {
        self.source = source
        func fail(_ problem: String) -> TarError { TarError(source: source, problem) }
        let bytes = [UInt8](data)
        if bytes.isEmpty { throw fail("the archive is empty") }
        func text(_ at: Int, _ length: Int) -> String {
            let field = bytes[at..<at + length]
            return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
        }
        func octal(_ at: Int, _ length: Int, _ what: String) throws -> Int {
            let digits = text(at, length).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
            guard let value = Int(digits.isEmpty ? "0" : digits, radix: 8), value >= 0 else {
                throw fail("a header at byte \(at / 512 * 512) has a \(what) field '\(digits)' that is not an octal number")
            }
            return value
        }
        var members: [Member] = []
        var offset = 0, pendingName: String?
        while offset + 512 <= bytes.count {
            if bytes[offset..<offset + 512].allSatisfy({ $0 == 0 }) { break }     // end-of-archive blocks
            let stored = try octal(offset + 148, 8, "checksum")
            var sum = 0
            for i in offset..<offset + 512 { sum += (offset + 148..<offset + 156).contains(i) ? 32 : Int(bytes[i]) }
            if sum != stored {
                throw fail("the header at byte \(offset) has a bad checksum (\(stored), computed \(sum)); not a tar " +
                           "archive, or a damaged one")
            }
            let size = try octal(offset + 124, 12, "size")
            let type = bytes[offset + 156]
            let start = offset + 512
            if size > bytes.count - start {
                throw fail("member '\(text(offset, 100))' declares \(size) bytes but only \(bytes.count - start) " +
                           "follow (truncated archive)")
            }
            let body = Data(bytes[start..<start + size])
            var name = text(offset, 100)
            if text(offset + 257, 5) == "ustar", !text(offset + 345, 155).isEmpty { name = text(offset + 345, 155) + "/" + name }
            switch type {
            case UInt8(ascii: "0"), 0:
                members.append(Member(path: pendingName ?? name, contents: body))
                pendingName = nil
            case UInt8(ascii: "L"):                                           // GNU long name of the next member
                pendingName = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "x"):                                           // PAX extended header of the next member
                for record in String(decoding: body, as: UTF8.self).split(separator: "\n") {
                    if let range = record.range(of: " path=") { pendingName = String(record[range.upperBound...]) }
                }
            default:
                pendingName = nil                                             // directories, links, 'g' headers
            }
            offset = start + (size + 511) / 512 * 512
        }
        if offset + 512 > bytes.count && offset < bytes.count {
            throw fail("\(bytes.count - offset) bytes after the last member, less than one header (truncated archive)")
        }
        self.members = members
    }
}

/// A tar archive that cannot be read: `data.tar.gz: member 'a.wav' declares 900 bytes but only 12 follow`.
public struct TarError: Error, CustomStringConvertible, Equatable, Sendable, LocalizedError {
    public let source: String
    public let problem: String
    public init(source: String, _ problem: String) {
        self.source = source
        self.problem = problem
    }
    public var description: String { "\(source): \(problem)" }
    public var errorDescription: String? { description }
}

extension TarArchive {
    /// A ustar archive of `members` (regular files, mode 0644, time 0), ending with the two zero blocks: what
    /// tests and tools write to exercise the reader. Paths longer than 100 bytes get a GNU long-name entry.
    public static func archive(_ members: [Member]) -> Data {
        var out = Data()
        func header(name: String, size: Int, type: UInt8) -> [UInt8] {
            var h = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, _ at: Int) { for (i, b) in text.utf8.enumerated() { h[at + i] = b } }
            put(String(decoding: name.utf8.prefix(100), as: UTF8.self), 0)
            put("0000644", 100); put("0000000", 108); put("0000000", 116)
            put(String(format: "%011o", size), 124)
            put("00000000000", 136)
            h[156] = type
            put("ustar", 257); put("00", 263)
            for i in 148..<156 { h[i] = 32 }
            put(String(format: "%06o", h.reduce(0) { $0 + Int($1) }), 148)
            h[154] = 0
            return h
        }
        func append(_ body: Data) {
            out.append(body)
            out.append(Data(count: (512 - body.count % 512) % 512))
        }
        for member in members {
            if member.path.utf8.count > 100 {
                let long = Data(member.path.utf8) + Data([0])
                out.append(contentsOf: header(name: "././@LongLink", size: long.count, type: UInt8(ascii: "L")))
                append(long)
            }
            out.append(contentsOf: header(name: member.path, size: member.contents.count, type: UInt8(ascii: "0")))
            append(member.contents)
        }
        out.append(Data(count: 1024))
        return out
    }
}

extension TarArchive.Member {
    public init(_ path: String, _ contents: Data) {
        self.path = path
        self.contents = contents
    }
}
