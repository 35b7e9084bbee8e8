import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct LabeledSequenceCSVTests {
    static let long = """
        id,label,time,x,y
        w1,walk,1,0.5,1.5
        s7,sit,0,9,9
        w1,walk,0,0.25,1.25
        w2,walk,0,2,3
        s7,sit,1,8,8
        """

    func read(_ text: String, _ layout: LabeledSequenceCSV.Layout, classNames: [String]? = nil) throws -> LabeledSequences {
        try LabeledSequenceCSV.read(table: try CSVTable(string: text, source: "seq.csv"), layout: layout, classNames: classNames)
    }

    @Test func longFormatGroupsByIdAndOrdersByTime() throws {
        let data = try read(Self.long, .long(id: "id", label: "label", time: "time"))
        #expect(data.featureCount == 2 && data.classNames == ["sit", "walk"] && data.count == 3)
        #expect(data.examples[0] == LabeledSequence(values: [0.25, 1.25, 0.5, 1.5], steps: 2, label: 1))   // w1, by time
        #expect(data.examples[1] == LabeledSequence(values: [9, 9, 8, 8], steps: 2, label: 0))
        #expect(data.examples[2].steps == 1)
        // Without a time column: file order; chosen features in the order given.
        let fileOrder = try read(Self.long, .long(features: ["y"]))
        #expect(fileOrder.featureCount == 1 && fileOrder.examples[0].values == [1.5, 1.25])
        // Given classes fix the order (a test file read with the training classes).
        #expect(try read(Self.long, .long(time: "time"), classNames: ["walk", "sit", "run"]).examples[1].label == 1)
    }

    @Test func wideFormatWithShorterSequences() throws {
        let data = try read("label,v1,v2,v3\n10,1,2,3\n2,4,5,\n", .wide())
        #expect(data.classNames == ["2", "10"] && data.featureCount == 1)      // whole numbers sort numerically
        #expect(data.examples == [LabeledSequence(values: [1, 2, 3], steps: 3, label: 1),
                                  LabeledSequence(values: [4, 5], steps: 2, label: 0)])
    }

    @Test func errorsNameLineAndColumn() {
        func error(_ text: String, _ layout: LabeledSequenceCSV.Layout = .long(time: "time"),
                   classNames: [String]? = nil) -> CSVError? {
            thrownCSVError { _ = try read(text, layout, classNames: classNames) }
        }
        let head = "id,label,time,x\n"
        let cases: [(CSVError?, CSVError.Kind, String)] = [
            (error(head + "a,up,0,1\na,down,1,2\n"), .badLabel,
             "seq.csv:3: column \"label\" (2): value \"down\" differs from the label \"up\" of sequence \"a\" on line 2 (one label per sequence)"),
            (error(head + "a,up,0,1\na,up,0,2\n"), .dateOrder,
             "seq.csv:3: column \"time\" (3): value \"0\" repeats the time of line 2 in sequence \"a\" (each step needs its own time)"),
            (error(head + "a,up,0,x1\n"), .nonNumeric, "seq.csv:2: column \"x\" (4): value \"x1\" is not a number"),
            (error(head + "a,up,0,1\u{0}5\n"), .nonNumeric, "seq.csv:2: column \"x\" (4): value \"1\u{0}5\" is not a number"),
            (error(head + "a,up,0,1e39\n"), .outOfRange, "seq.csv:2: column \"x\" (4): value \"1e39\" " + DecimalText.tooLargeForFloat),
            (error(head + "a,up,0,NA\n"), .missingValue, "seq.csv:2: column \"x\" (4): value \"NA\" is missing; fill or remove it before reading"),
            (error(head + ",up,0,1\n"), .missingValue, "seq.csv:2: column \"id\" (1): value \"\" is empty: every row needs the sequence id"),
            (error(head + "a,up,0,1\n", classNames: ["down"]), .badLabel, "seq.csv:2: column \"label\" (2): value \"up\" is not one of the classes down"),
            (error(head + "a,up,x,1\n"), .badDate,
             "seq.csv:2: column \"time\" (3): value \"x\" cannot be ordered: times must be numbers or ISO dates (like 2024-01-31)"),
            (error("id,label,time\na,up,0\n"), .noDataRows, "seq.csv:1: has no feature column besides the id, label and time columns"),
            (error(head + "a,up,0,1\n", .long(id: "seq")), .unknownColumn,
             "seq.csv:1: unknown column \"seq\"; available columns: \"id\", \"label\", \"time\", \"x\""),
            (error("label,v1,v2\nup,,2\n", .wide()), .missingValue,
             "seq.csv:2: column \"v1\" (2): value \"\" is empty before the last value of the row (only the trailing cells of a shorter sequence may be empty)"),
            (error("label,v1,v2\nup,,\n", .wide()), .missingValue, "seq.csv:2: column \"v1\" (2): value \"\" is empty: the sequence has no values"),
            (error("label\nup\n", .wide()), .noDataRows, "seq.csv:1: has no value column besides the label"),
            (error(head), .noDataRows, "seq.csv: has a header but no data rows"),
        ]
        for (e, kind, description) in cases {
            #expect(e?.kind == kind && e?.description == description, "\(String(describing: e))")
        }
    }

    @Test func fileAndSplit() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        var text = "id,label,x\n"
        for i in 0..<20 { for t in 0..<3 { text += "s\(i),\(i % 2 == 0 ? "even" : "odd"),\(i * 10 + t)\n" } }
        let data = try LabeledSequenceCSV.read(try dir.gzipped("s.csv", text), layout: .long())
        #expect(data.count == 20 && data.classCounts == [10, 10])
        let split = ClassificationSplit(stratifying: data, train: 0.6, validation: 0.2, seed: 3)
        #expect(split.train.classCounts == [6, 6] && split.validation.classCounts == [2, 2] && split.test.classCounts == [2, 2])
        #expect(split.summary == "stratified random split 60/20/20 (seed 3): 12 train, 4 validation, 4 test")
    }
}
