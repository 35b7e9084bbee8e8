import Foundation
import Testing
@testable import lstm

/// `--distributed` errors that come before MPI starts (the MPI runs themselves are Scripts/check-mpi.sh's):
/// one line naming the option, nothing written.
@Suite struct DistributedCLITests {
    let dir = TemporaryDirectory()

    @Test func distributedOptionsAreCheckedBeforeMPIStarts() throws {
        let text = try dir.write(String(repeating: "a tiny text to train on. ", count: 40), to: "t.txt")
        expectOneLineError(lstm(["train", "sentiment", "--distributed", "--output", dir.path("s")]),
                           "--distributed", "textgen")
        expectOneLineError(lstm(["train", "textgen", "--data", text, "--distributed", "--bucket-mb", "0",
                                 "--output", dir.path("t")]), "--bucket-mb")
        expectOneLineError(lstm(["train", "textgen", "--data", text, "--bucket-mb", "8", "--output", dir.path("u")]),
                           "--bucket-mb", "--distributed")
        #expect(!FileManager.default.fileExists(atPath: dir.path("u")))
        #expect(!FileManager.default.fileExists(atPath: dir.path("s")))
        #expect(!FileManager.default.fileExists(atPath: dir.path("t")))
    }
}
