import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// `Gzip` against files made by the `gzip` tool (through Foundation's `Process`, in a temporary directory).
@Suite struct GzipTests {
    static let text = (0..<2000).map { "line \($0): \($0 * $0 % 997)" }.joined(separator: "\n") + "\n"

    @Test func roundTripThroughTheGzipTool() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = try dir.gzipped("a.txt", Self.text)
        #expect(try Gzip.readText(url) == Self.text)
        #expect(try Gzip.readFile(url) == Data(Self.text.utf8))
    }

    @Test func concatenatedMembersAreReadOneAfterAnother() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let a = try Data(contentsOf: try dir.gzipped("a.txt", "first\n"))
        let b = try Data(contentsOf: try dir.gzipped("b.txt", Self.text))
        let both = try dir.write("ab.gz", bytes: [UInt8](a + b))
        #expect(try Gzip.readText(both) == "first\n" + Self.text)
    }

    @Test func truncatedFileIsAnError() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let whole = try Data(contentsOf: try dir.gzipped("a.txt", Self.text))
        let cut = try dir.write("cut.gz", bytes: [UInt8](whole.prefix(whole.count / 2)))
        do {
            _ = try Gzip.readFile(cut)
            Issue.record("expected an error")
        } catch let error as GzipError {
            #expect(error.source == cut.path && error.problem.contains("truncated"))
        }
    }

    @Test func notGzipMissingAndEmptyFiles() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let plain = try dir.write("plain.gz", Self.text)
        #expect(throws: GzipError(source: plain.path,
                                  problem: "not a gzip file (it does not start with the gzip magic bytes 1f 8b)")) {
            try Gzip.readFile(plain)
        }
        let empty = try dir.write("empty.gz", "")
        #expect(throws: GzipError(source: empty.path, problem: "the file is empty")) { try Gzip.readFile(empty) }
        let missing = dir.url.appendingPathComponent("missing.gz")
        #expect(throws: GzipError(source: missing.path, problem: "no such file")) { try Gzip.readFile(missing) }
    }

    @Test func corruptDataIsAnError() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        var bytes = [UInt8](try Data(contentsOf: try dir.gzipped("a.txt", Self.text)))
        for i in 20..<40 { bytes[i] ^= 0xff }
        let bad = try dir.write("bad.gz", bytes: bytes)
        #expect(throws: GzipError.self) { try Gzip.readFile(bad) }
    }

    @Test func decompressedSizeIsBounded() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = try dir.gzipped("a.txt", Self.text)
        let limit = Self.text.utf8.count - 1
        do {
            _ = try Gzip.readFile(url, maximumBytes: limit)
            Issue.record("expected an error")
        } catch let error as GzipError {
            #expect(error.description == "\(url.path): decompresses to more than \(limit) bytes, the limit for one " +
                    "file (pass a larger maximumBytes to read it)")
        }
        #expect(try Gzip.readFile(url, maximumBytes: limit + 1).count == limit + 1)
    }
}
