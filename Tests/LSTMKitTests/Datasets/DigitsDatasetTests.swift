import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct DigitsDatasetTests {
    static func row(_ label: String, pixel: String = "3") -> String {
        (Array(repeating: pixel, count: 64) + [label]).joined(separator: ",")
    }

    @Test func loadsPlainAndGzipFiles() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let text = [Self.row("7"), Self.row("0", pixel: "16"), ""].joined(separator: "\n")
        for url in [try dir.write("d.csv", text), try dir.gzipped("g.csv", text)] {
            let data = try DigitsDataset.load(url)
            #expect(data.count == 2 && data.featureCount == 8 && data.classCount == 10)
            #expect(data.examples[0].steps == 8 && data.examples[0].label == 7 && data.examples[0].values.count == 64)
            #expect(data.examples[1].values.allSatisfy { $0 == 16 } && data.examples[1].label == 0)
        }
    }

    @Test func errorsNameTheFileAndLine() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let missing = datasetError { try DigitsDataset.load(dir.url.appendingPathComponent("none.csv")) }
        #expect(missing?.kind == .fileNotFound && missing!.description.contains("none.csv"))
        let empty = datasetError { try DigitsDataset.load(try dir.write("empty.csv", "\n")) }
        #expect(empty?.kind == .emptyFile)
        let badGzip = datasetError { try DigitsDataset.load(try dir.write("bad.csv.gz", "plain text")) }
        #expect(badGzip?.kind == .unreadableFile && badGzip!.description.contains("bad.csv.gz"))
        let short = Array(repeating: "1", count: 63).joined(separator: ",") + ",5"
        let fields = datasetError { try DigitsDataset.load(try dir.write("f.csv", Self.row("1") + "\n" + short)) }
        #expect(fields?.kind == .wrongFieldCount && fields?.line == 2)
        #expect(fields!.description.contains("f.csv:2: expected 65 fields"))
        let nonNumeric = datasetError { try DigitsDataset.load(try dir.write("n.csv", Self.row("1", pixel: "x"))) }
        #expect(nonNumeric?.kind == .nonNumeric && nonNumeric?.line == 1)
        #expect(nonNumeric!.description.contains("value \"x\" is not a number"))
        let label = datasetError { try DigitsDataset.load(try dir.write("l.csv", Self.row("10"))) }
        #expect(label?.kind == .badLabel && label!.description.contains("label \"10\""))
    }

    @Test func committedFileHas1797Examples() throws {
        let data = try DigitsDataset.load(repositoryRoot.appendingPathComponent(DigitsDataset.defaultPath))
        #expect(data.count == 1797)
        #expect(data.classCounts.min()! >= 170)
        let split = DigitsDataset.split(data)
        #expect(split.train.count + split.validation.count + split.test.count == 1797)
        #expect(split.test.count == 180 || split.test.count == 179 || split.test.count == 181)
        // The split is fixed: the same call gives the same test examples.
        #expect(DigitsDataset.split(data).test.examples == split.test.examples)
    }
}
