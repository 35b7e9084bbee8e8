import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct MNISTDatasetTests {
    @Test func loadsRowsAs28StepsOf28Pixels() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let pixels = (0..<784).map { String($0 % 256) }
        let url = try dir.gzipped("m.csv", (pixels + ["4"]).joined(separator: ",") + "\n")
        let data = try MNISTDataset.load(url)
        #expect(data.count == 1 && data.featureCount == 28 && data.examples[0].steps == 28)
        #expect(data.examples[0].label == 4 && data.examples[0].values[29] == 29)
    }

    @Test func rejectsAnImageOfTheWrongSize() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let row = (Array(repeating: "0", count: 64) + ["1"]).joined(separator: ",")
        let error = datasetError { try MNISTDataset.load(try dir.write("m.csv", row)) }
        #expect(error?.kind == .wrongFieldCount && error!.description.contains("expected 785 fields"))
    }
}
