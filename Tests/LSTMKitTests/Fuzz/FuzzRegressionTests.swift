import Foundation
import LSTMKit
import Testing

/// The committed crashers of the fuzz targets (Fuzz/regressions/<target>/), each read by the reader its target
/// fuzzes (Fuzz/Sources/<target>): each must be refused with a one-line error, not a trap. The `checkpoint`
/// target's task validation lives in LSTMKitApps; here its files go through the safetensors layer below it.
@Suite("FuzzRegressions")
struct FuzzRegressionTests {
    static let folder = repositoryRoot.appendingPathComponent("Fuzz/regressions")

    /// What each target reads (the same calls as its fuzz target).
    static func read(_ target: String, _ url: URL) throws {
        switch target {
        case "checkpoint", "safetensors":
            _ = try Checkpoint.readInfo(from: url)
        case "pytorch": _ = try PyTorchStateDict(contentsOf: url)
        case "timeseries-csv": _ = try TimeSeries(csv: url)
        case "labeled-csv": _ = try LabeledSequenceCSV.read(url, layout: .long(time: "time"))
        case "ts": _ = try TSFile.read(url).labeledSequences()
        case "text": _ = try TextCorpus(contentsOf: url)
        case "conll": _ = try CoNLLFile.read(url)
        case "treebank": _ = try TreebankFile.read(url)
        case "vocabulary": _ = try Vocabulary(contentsOf: url)
        case "gzip": _ = try Gzip.decompress(Data(contentsOf: url), maximumBytes: 1 << 20)
        case "wav": _ = try WAVFile(data: Data(contentsOf: url), source: url.path)
        case "midi": _ = try MIDIFile.parse([UInt8](Data(contentsOf: url)))
        case "tar": _ = try TarArchive(data: Data(contentsOf: url), source: url.path)
        case "parallel":
            // The fuzz target's two files: the input split at its first byte 0xFF.
            let bytes = [UInt8](try Data(contentsOf: url))
            let cut = bytes.firstIndex(of: 0xFF)
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("fuzz-regression-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let source = directory.appendingPathComponent("train.de"), target = directory.appendingPathComponent("train.en")
            try Data(cut.map { bytes[..<$0] } ?? bytes[...]).write(to: source)
            try Data(cut.map { bytes[($0 + 1)...] } ?? []).write(to: target)
            _ = try ParallelText(source: source, target: target)
        default:
            Issue.record("Fuzz/regressions/\(target): no reader for this target in FuzzRegressionTests.read")
        }
    }

    static var cases: [(target: String, file: URL)] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return targets.sorted().flatMap { target -> [(String, URL)] in
            let directory = folder.appendingPathComponent(target)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { return [] }
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return files.sorted().map { (target, directory.appendingPathComponent($0)) }
        }
    }

    @Test func theCommittedCrashersAreThere() {
        // A moved folder must fail here rather than leave the test below with nothing to read.
        #expect(Self.cases.count >= 11, "Fuzz/regressions: \(Self.cases.count) files")
    }

    @Test func everyCrasherIsAOneLineError() {
        for (target, file) in Self.cases {
            do {
                try Self.read(target, file)
                Issue.record("\(target)/\(file.lastPathComponent): read without an error")
            } catch {
                let message = String(describing: error)
                #expect(!message.isEmpty && !message.contains("\n"),
                        "\(target)/\(file.lastPathComponent): \(message)")
            }
        }
    }
}
