import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct HAPTDatasetTests {
    /// `count` samples of user/session with `label`, starting at t = `t0`; feature values = t.
    static func rows(user: Int, session: Int = 0, t0: Int = 0, count: Int, label: Int) -> [String] {
        (t0..<(t0 + count)).map { t in "\(user),\(session),\(t),\(t),0,0,0,0,1,\(label)" }
    }

    @Test func cutsWindowsWithinSingleLabelRuns() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        // user 1: 10 samples of WALKING, 3 unlabelled, 8 of LAYING; user 2: 4 of SITTING, then a transition.
        let lines = [HAPTDataset.header] + Self.rows(user: 1, count: 10, label: 1)
            + Self.rows(user: 1, t0: 10, count: 3, label: -1) + Self.rows(user: 1, t0: 13, count: 8, label: 6)
            + Self.rows(user: 2, count: 4, label: 4) + Self.rows(user: 2, t0: 4, count: 4, label: 7)
        let url = try dir.gzipped("h.csv", lines.joined(separator: "\n") + "\n")
        let data = try HAPTDataset.load(url, windowLength: 4, stride: 2)
        // WALKING run of 10: windows at 0, 2, 4, 6; LAYING run of 8: 13, 15, 17; SITTING 4: one.
        #expect(data.examples.map(\.label) == [0, 0, 0, 0, 5, 5, 5, 3])
        #expect(data.examples.map(\.group) == [1, 1, 1, 1, 1, 1, 1, 2])
        #expect(data.examples[1].values.count == 24 && data.examples[1].values[0] == 2 && data.examples[1].values[6] == 3)
        #expect(data.examples[4].values[0] == 13)
        let split = HAPTDataset.split(data)
        #expect(split.test.examples.map(\.group) == [2] && split.train.count == 7)
    }

    @Test func errors() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let header = datasetError { try HAPTDataset.load(try dir.write("a.csv", "a,b\n1,2\n")) }
        #expect(header?.kind == .badHeader && header?.line == 1)
        let label = datasetError {
            try HAPTDataset.load(try dir.write("b.csv", HAPTDataset.header + "\n1,0,0,1,1,1,1,1,1,13\n"))
        }
        #expect(label?.kind == .badLabel && label?.line == 2 && label!.description.contains("b.csv:2"))
        let fields = datasetError { try HAPTDataset.load(try dir.write("c.csv", HAPTDataset.header + "\n1,0,0,1\n")) }
        #expect(fields?.kind == .wrongFieldCount)
        let number = datasetError {
            try HAPTDataset.load(try dir.write("d.csv", HAPTDataset.header + "\n1,0,0,1,1,oops,1,1,1,1\n"))
        }
        #expect(number?.kind == .nonNumeric && number!.description.contains("field 6"))
        let none = datasetError { try HAPTDataset.load(try dir.write("e.csv", HAPTDataset.header + "\n1,0,0,1,1,1,1,1,1,1\n")) }
        #expect(none?.kind == .badFormat)
    }
}
