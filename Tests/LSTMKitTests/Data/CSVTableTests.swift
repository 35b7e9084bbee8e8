import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Runs `body` and returns the CSVError it throws (recording an issue when it throws nothing or another error).
func thrownCSVError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> CSVError? {
    do {
        try body()
        Issue.record("expected a CSVError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CSVError {
        return error
    } catch {
        Issue.record("expected a CSVError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A fresh temporary directory for file tests.
func csvTestDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct CSVTableTests {
    @Test func headerRowsAndLineNumbers() throws {
        let t = try CSVTable(string: "a,b\n1,2\n3,4\n")
        #expect(t.header == ["a", "b"])
        #expect(t.rows == [["1", "2"], ["3", "4"]])
        #expect(t.lineNumbers == [2, 3])
        #expect(t.count == 2)
        #expect(try t.column(named: "b") == ["2", "4"])
        #expect(try t.columnIndex(named: "a") == 0)
    }

    @Test func rfc4180Quoting() throws {
        let text = "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"multi\nline\",x\n\"\",\"\"\nplain,\"\"\"\"\n"
        let t = try CSVTable(string: text)
        #expect(t.rows == [["Smith, J", "said \"hi\""], ["multi\nline", "x"], ["", ""], ["plain", "\""]])
        #expect(t.lineNumbers == [2, 3, 5, 6])      // the quoted line break moves later rows down
    }

    @Test func quotedHeaderLikeRExports() throws {
        let t = try CSVTable(string: "\"\",\"time\",\"AirPassengers\"\n\"1\",1949,112\n")
        #expect(t.header == ["", "time", "AirPassengers"])
        #expect(t.rows == [["1", "1949", "112"]])
    }

    @Test func crlfLoneCrBomBlankLinesAndNoTrailingNewline() throws {
        let t = try CSVTable(string: "\u{FEFF}a,b\r\n1,2\r\n\r\n  \n3,4\r5,6")
        #expect(t.header == ["a", "b"])
        #expect(t.rows == [["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(t.lineNumbers == [2, 5, 6])
    }

    @Test func emptyFieldsAndTrailingDelimiter() throws {
        let t = try CSVTable(string: "a,b,c\n,,\n1,,\n")
        #expect(t.rows == [["", "", ""], ["1", "", ""]])
    }

    @Test func noHeaderAndOtherDelimiter() throws {
        let t = try CSVTable(string: "1;2\n3;\"4;5\"\n", hasHeader: false, delimiter: ";")
        #expect(t.header == ["column1", "column2"])
        #expect(t.rows == [["1", "2"], ["3", "4;5"]])
        #expect(t.lineNumbers == [1, 2])
    }

    @Test func headerOnlyHasNoRows() throws {
        let t = try CSVTable(string: "a,b\n")
        #expect(t.rows.isEmpty)
    }

    @Test func wrongFieldCountNamesLineAndCounts() {
        let e = thrownCSVError { _ = try CSVTable(string: "a,b\n1,2\n3\n", source: "x.csv") }
        #expect(e?.kind == .wrongFieldCount)
        #expect(e?.description == "x.csv:3: row has 1 fields, the header has 2")
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        let e = thrownCSVError { _ = try CSVTable(string: "a,b\n1,\"open\n2,3\n", source: "q.csv") }
        #expect(e?.kind == .unterminatedQuote)
        #expect(e?.line == 2)
        #expect(e?.description.hasPrefix("q.csv:2: field 2: quoted field is never closed") == true)
    }

    @Test func quoteInsideUnquotedFieldAndTextAfterClosingQuote() {
        let inside = thrownCSVError { _ = try CSVTable(string: "a,b\n1,ab\"c\n") }
        #expect(inside?.kind == .unexpectedQuote)
        #expect(inside?.description.hasPrefix("<string>:2: field 2: quote inside the unquoted field \"ab\"") == true)
        let after = thrownCSVError { _ = try CSVTable(string: "a,b\n\"x\"y,1\n") }
        #expect(after?.kind == .unexpectedQuote)
        #expect(after?.description.hasPrefix("<string>:2: field 1: unexpected character \"y\" after a closing quote") == true)
    }

    @Test func unknownColumnListsTheAvailableOnes() throws {
        let t = try CSVTable(string: "date,co2\n1,2\n", source: "co2.csv")
        let e = thrownCSVError { _ = try t.column(named: "co3") }
        #expect(e?.kind == .unknownColumn)
        #expect(e?.description == "co2.csv:1: unknown column \"co3\"; available columns: \"date\", \"co2\"")
    }

    @Test func duplicateColumnNameIsAmbiguous() throws {
        let t = try CSVTable(string: "x,x,y\n1,2,3\n")
        let e = thrownCSVError { _ = try t.columnIndex(named: "x") }
        #expect(e?.kind == .ambiguousColumn)
        #expect(e?.description.contains("appears 2 times in the header (positions [1, 2])") == true)
        #expect(try t.columnIndex(named: "y") == 2)
    }

    @Test func emptyTextIsAnError() {
        for text in ["", "\n\n", "  \n"] {
            let e = thrownCSVError { _ = try CSVTable(string: text, source: "e.csv") }
            #expect(e?.kind == .emptyFile)
            #expect(e?.description == "e.csv: is empty (no header and no rows)")
        }
    }

    @Test func fileErrors() throws {
        let dir = try csvTestDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        let missing = dir.appendingPathComponent("nope.csv")
        let e1 = thrownCSVError { _ = try CSVTable(contentsOf: missing) }
        #expect(e1?.kind == .fileNotFound)
        #expect(e1?.description == "\(missing.path): file not found")

        let empty = dir.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        let e2 = thrownCSVError { _ = try CSVTable(contentsOf: empty) }
        #expect(e2?.kind == .emptyFile)
        #expect(e2?.description == "\(empty.path): is empty (0 bytes)")

        let e3 = thrownCSVError { _ = try CSVTable(contentsOf: dir) }
        #expect(e3?.kind == .unreadableFile)
        #expect(e3?.description == "\(dir.path): is a directory, not a file")

        let binary = dir.appendingPathComponent("latin1.csv")
        try Data([0x61, 0x0A, 0xE9, 0xFF, 0x0A]).write(to: binary)
        let e4 = thrownCSVError { _ = try CSVTable(contentsOf: binary) }
        #expect(e4?.kind == .unreadableFile)
        #expect(e4?.description == "\(binary.path):2: is not valid UTF-8 text: byte 0xE9 at offset 2 (save the file as UTF-8)")

        let web = thrownCSVError { _ = try CSVTable(contentsOf: URL(string: "https://example.com/a.csv")!) }
        #expect(web?.kind == .unreadableFile)

        let good = dir.appendingPathComponent("good.csv")
        try "t,v\n1,2\n".write(to: good, atomically: true, encoding: .utf8)
        let t = try CSVTable(contentsOf: good)
        #expect(t.source == good.path)
        #expect(t.rows == [["1", "2"]])
    }

    @Test func gzipIsReadByItsMagicBytes() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let gz = try dir.gzipped("prices.csv", "date,close\n2024-01-02,10\n2024-01-03,11\n")
        let t = try CSVTable(contentsOf: gz)
        #expect(t.header == ["date", "close"] && t.rows == [["2024-01-02", "10"], ["2024-01-03", "11"]])
        #expect(t.lineNumbers == [2, 3] && t.source == gz.path)
        let fake = try dir.write("fake.csv.gz", "a,b\n1,2\n")
        let e = thrownCSVError { _ = try CSVTable(contentsOf: fake) }
        #expect(e?.kind == .unreadableFile && e?.message.contains("is named .gz but is not gzip data") == true)
        let truncated = try dir.write("cut.csv.gz", bytes: Array(try Data(contentsOf: gz).prefix(20)))
        #expect(thrownCSVError { _ = try CSVTable(contentsOf: truncated) }?.kind == .unreadableFile)
    }

    @Test func filesAreBounded() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let text = "a,b\n" + String(repeating: "1,2\n", count: 1000)
        let plain = try dir.write("big.csv", text)
        let e = thrownCSVError { _ = try CSVTable(contentsOf: plain, maximumBytes: 1000) }
        #expect(e?.kind == .tooLarge && e?.message.contains("more than the limit of 1000 bytes") == true)
        let gz = try dir.gzipped("bomb.csv", text)           // small on disk, 4 KB once decompressed
        let g = thrownCSVError { _ = try CSVTable(contentsOf: gz, maximumBytes: 1000) }
        #expect(g?.kind == .tooLarge && g?.message.contains("decompresses to more than 1000 bytes") == true)
        #expect(try CSVTable(contentsOf: gz).count == 1000)
    }
}
