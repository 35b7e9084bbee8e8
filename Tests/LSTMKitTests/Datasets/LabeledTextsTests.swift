import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct LabeledTextsTests {
    func folder(_ files: [String: String]) throws -> DatasetTempDirectory {
        let dir = try DatasetTempDirectory()
        for (path, text) in files {
            let url = dir.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    @Test func perClassFolders() throws {
        let dir = try folder(["pos/b.txt": "Great fun.\n", "pos/a.txt": "\u{FEFF}Loved it", "neg/1.txt": "Dull.",
                              "neg/.DS_Store": "x", ".hidden/z.txt": "no", "README": "ignored"])
        defer { dir.remove() }
        let data = try LabeledTexts(folder: dir.url)
        #expect(data.classNames == ["neg", "pos"])
        #expect(data.texts == ["Dull.", "Loved it", "Great fun."] && data.labels == [0, 1, 1])
        #expect(data.classCounts == [1, 2] && data.subset([2]).texts == ["Great fun."])
        let fixed = try LabeledTexts(folder: dir.url, classNames: ["pos", "neg", "neutral"])
        #expect(fixed.labels == [1, 0, 0])
    }

    @Test func folderErrors() throws {
        func error(_ files: [String: String], classNames: [String]? = nil) throws -> DatasetError? {
            let dir = try folder(files)
            defer { dir.remove() }
            return datasetError { try LabeledTexts(folder: dir.url, classNames: classNames) }
        }
        #expect(try error(["pos/a.txt": "x"])?.message == "needs one subfolder per class, at least two; found pos")
        let empty = try error(["pos/a.txt": "x", "neg/.keep": ""])
        #expect(empty?.kind == .badFormat && empty?.source.hasSuffix("/neg") == true && empty?.message == "the class folder is empty")
        let blank = try error(["pos/a.txt": "x", "neg/b.txt": " \n"])
        #expect(blank?.kind == .emptyFile && blank?.source.hasSuffix("neg/b.txt") == true)
        let nested = try error(["pos/a.txt": "x", "neg/more/b.txt": "y"])
        #expect(nested?.kind == .badFormat && nested?.source.hasSuffix("neg/more") == true)
        #expect(try error(["pos/a.txt": "x", "neg/b.txt": "y"], classNames: ["pos"])?.kind == .badLabel)
        let missing = datasetError { try LabeledTexts(folder: URL(fileURLWithPath: "/nonexistent-lstmkit")) }
        #expect(missing?.kind == .fileNotFound)

        let dir = try folder(["pos/a.txt": "fine", "neg/b.txt": "ok"])
        defer { dir.remove() }
        try Data([0x61, 0x0A, 0x62, 0xFF]).write(to: dir.url.appendingPathComponent("neg/latin1.txt"))
        let utf8 = datasetError { try LabeledTexts(folder: dir.url) }
        #expect(utf8?.kind == .unreadableFile && utf8?.line == 2 && utf8?.source.hasSuffix("neg/latin1.txt") == true)
        #expect(utf8?.message == "is not valid UTF-8 (byte 0xFF at offset 3)")
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("neg/latin1.txt"))
        let big = datasetError { try LabeledTexts(folder: dir.url, maximumBytes: 5) }
        #expect(big?.kind == .badFormat && big?.message.contains("more than 5 bytes of text") == true)
    }

    @Test func csvWithQuotedMultiLineTexts() throws {
        let text = "label,text\npos,\"Great film, \"\"really\"\".\"\nneg,\"Two lines,\none review\"\npos,Fine\n"
        let data = try LabeledTexts(table: try CSVTable(string: text, source: "r.csv"))
        #expect(data.classNames == ["neg", "pos"] && data.labels == [1, 0, 1])
        #expect(data.texts == ["Great film, \"really\".", "Two lines,\none review", "Fine"])
        let renamed = try LabeledTexts(table: try CSVTable(string: "review,stars\ngood,5\nbad,1\n"),
                                       textColumn: "review", labelColumn: "stars")
        #expect(renamed.classNames == ["1", "5"] && renamed.labels == [1, 0])
        let empty = thrownCSVError { _ = try LabeledTexts(table: try CSVTable(string: text + "neg,\" \"\n", source: "r.csv")) }
        #expect(empty?.kind == .missingValue && empty?.line == 6 && empty?.column == "text")
        let unknown = thrownCSVError { _ = try LabeledTexts(table: try CSVTable(string: text), textColumn: "body") }
        #expect(unknown?.kind == .unknownColumn)
        let label = thrownCSVError { _ = try LabeledTexts(table: try CSVTable(string: text), classNames: ["pos"]) }
        #expect(label?.kind == .badLabel && label?.line == 3)
    }

    @Test func csvFileIsBounded() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = try dir.write("r.csv", "text,label\n" + String(repeating: "some words,pos\nother words,neg\n", count: 50))
        #expect(try LabeledTexts(csv: url).count == 100)
        let e = thrownCSVError { _ = try LabeledTexts(csv: url, maximumBytes: 100) }
        #expect(e?.kind == .tooLarge)
    }

    @Test func movieReviewsAsLabeledTexts() throws {
        let reviews = MovieReviews(negative: ["dull ."], positive: ["fun", "great"])
        let texts = reviews.labeledTexts
        #expect(texts.texts == reviews.sentences && texts.labels == reviews.labels && texts.classNames == ["negative", "positive"])
        #expect(texts.stratifiedSplit(train: 0.5, validation: 0, seed: 0) == reviews.stratifiedSplit(train: 0.5, validation: 0, seed: 0))
    }
}
