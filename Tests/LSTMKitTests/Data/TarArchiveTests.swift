import Foundation
import Testing
@testable import LSTMKit

/// Reading tar archives (written by `TarArchive.archive` and by hand): members, long names, PAX paths,
/// skipped entries, and one-line errors for empty, truncated and damaged archives.
@Suite struct TarArchiveTests {
    let members = [TarArchive.Member("fsdd/recordings/0_george_0.wav", Data([1, 2, 3])),
                   TarArchive.Member("fsdd/README.md", Data()),
                   TarArchive.Member(String(repeating: "d/", count: 60) + "long.wav", Data(repeating: 7, count: 600))]

    @Test func readsWhatItWrites() throws {
        let archive = try TarArchive(data: TarArchive.archive(members), source: "a.tar")
        #expect(archive.members.map(\.path) == members.map(\.path))
        #expect(archive.members.map(\.contents) == members.map(\.contents))
    }

    @Test func readsGzipFilesAndPaxPaths() throws {
        // A PAX header ('x') naming the next member, and a global header ('g') that is skipped.
        let pax = Data("30 path=pax/renamed-member.wav\n".utf8)
        var bytes = TarArchive.archive([TarArchive.Member("g", Data("9 x=yyyy\n".utf8)),
                                        TarArchive.Member("PaxHeader", pax), TarArchive.Member("short", Data([9]))])
        func setType(_ block: Int, _ type: Character) {
            bytes[block * 512 + 156] = type.asciiValue!
            var sum = 0
            for i in 0..<512 { sum += (148..<156).contains(i) ? 32 : Int(bytes[block * 512 + i]) }
            for (i, b) in String(format: "%06o", sum).utf8.enumerated() { bytes[block * 512 + 148 + i] = b }
        }
        setType(0, "g")
        setType(2, "x")
        let archive = try TarArchive(data: bytes, source: "p.tar")
        #expect(archive.members.map(\.path) == ["pax/renamed-member.wav"] && archive.members[0].contents == Data([9]))
    }

    @Test func refusesBadArchives() {
        let good = TarArchive.archive(members)
        func problem(_ data: Data) -> String {
            do { _ = try TarArchive(data: data, source: "x.tar"); return "no error" } catch { return "\(error)" }
        }
        #expect(problem(Data()) == "x.tar: the archive is empty")
        #expect(problem(good.prefix(514)) ==
                "x.tar: member 'fsdd/recordings/0_george_0.wav' declares 3 bytes but only 2 follow (truncated archive)")
        #expect(problem(good.prefix(300)) == "x.tar: 300 bytes after the last member, less than one header (truncated archive)")
        var damaged = good
        damaged[0] = UInt8(ascii: "X")
        #expect(problem(damaged).contains("has a bad checksum"))
        #expect(problem(Data(repeating: 65, count: 1024)).contains("not an octal number") ||
                problem(Data(repeating: 65, count: 1024)).contains("bad checksum"))
        let truncated = good.prefix(1024 + 512 + 100)   // the long-name member's data cut short
        #expect(problem(truncated).contains("truncated archive"))
    }
}
