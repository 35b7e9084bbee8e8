import Foundation
import Testing
@testable import LSTMKit

/// `DurableFile.write`: the target holds the old bytes or the new ones, never a mix, and no temporary file is
/// left after a write, successful or failed.
@Suite struct DurableFileTests {
    @Test func writesAndReplacesLeavingNoTemporaryFile() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("history.json")
            try DurableFile.write(Data("first".utf8), to: url)
            #expect(try Data(contentsOf: url) == Data("first".utf8))
            try DurableFile.write([UInt8]("second, longer".utf8), to: url)
            #expect(try Data(contentsOf: url) == Data("second, longer".utf8))
            try DurableFile.write(Data(), to: url)
            #expect(try Data(contentsOf: url).isEmpty)
            #expect(directoryListing(dir) == ["history.json"])
        }
    }

    /// A failure after the temporary file is complete and flushed (just before the rename): the old file
    /// stays, the temporary file (hidden, next to the target, with the new bytes) is removed.
    @Test func failureBeforeRenameKeepsTheOldFile() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("last.safetensors")
            try DurableFile.write(Data("old".utf8), to: url)
            struct DiskFull: Error {}
            var seen: (name: String, bytes: Data)?
            #expect {
                try DurableFile.write(Data("new".utf8), to: url) { temporary in
                    #expect(temporary.deletingLastPathComponent().path == dir.path)
                    seen = (temporary.lastPathComponent, try Data(contentsOf: temporary))
                    throw DiskFull()
                }
            } throws: { error in
                (error as? DurableFile.Failure)?.reason.contains("DiskFull") == true
            }
            #expect(seen.map { DurableFile.isTemporaryFileName($0.name) } == true)
            #expect(seen?.bytes == Data("new".utf8))
            #expect(try Data(contentsOf: url) == Data("old".utf8))
            #expect(directoryListing(dir) == ["last.safetensors"])
        }
    }

    @Test func missingDirectoryIsAFailureNamingTheTemporaryFile() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("absent/best.safetensors")
            #expect {
                try DurableFile.write(Data([1]), to: url)
            } throws: { error in
                let reason = (error as? DurableFile.Failure)?.reason ?? ""
                return reason.contains("cannot create the temporary file") && reason.contains("absent/.best.safetensors.tmp-")
            }
            #expect(directoryListing(dir).isEmpty)
        }
    }

    @Test func syncDirectoryRefusesAFile() throws {
        try withCheckpointDirectory { dir in
            try DurableFile.syncDirectory(dir)
            let file = dir.appendingPathComponent("f")
            try DurableFile.write(Data([1]), to: file)
            #expect(throws: DurableFile.Failure.self) { try DurableFile.syncDirectory(file) }
        }
    }

    /// `LSTMKIT_DEBUG_SLOW_WRITES`: a positive number of milliseconds up to a minute, anything else ignored.
    @Test func debugPauseParsesMilliseconds() {
        #expect(DurableFile.pause(milliseconds: "250") == 250_000)
        #expect(DurableFile.pause(milliseconds: "60000") == 60_000_000)
        for text in [nil, "", "0", "-5", "1.5", "abc", "60001"] as [String?] {
            #expect(DurableFile.pause(milliseconds: text) == nil, "\(text ?? "nil")")
        }
    }
}
