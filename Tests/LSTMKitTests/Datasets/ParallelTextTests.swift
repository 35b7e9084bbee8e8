import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct ParallelTextTests {
    @Test func readsAlignedPlainAndGzipFiles() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let de = try dir.write("train.de", "\u{FEFF}Zwei Männer sind im Freien.\r\n  Ein Hund rennt. \nKinder spielen.\n")
        let en = try dir.gzipped("train.en", "Two men are outside.\nA dog runs.\nChildren play.")
        let pairs = try ParallelText(source: de, target: en)
        #expect(pairs.count == 3)
        #expect(pairs.sources == ["Zwei Männer sind im Freien.", "Ein Hund rennt.", "Kinder spielen."])
        #expect(pairs.targets == ["Two men are outside.", "A dog runs.", "Children play."])
        #expect(pairs.subset([2, 0]).targets == ["Children play.", "Two men are outside."])
        #expect(pairs.reversed.sources == pairs.targets && pairs.reversed.targets == pairs.sources)
    }

    @Test func differentLineCountsNameTheFirstLineWithoutPartner() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let a = try dir.write("a.de", "eins\nzwei\ndrei\n")
        let b = try dir.write("b.en", "one\ntwo\n")
        for (source, target) in [(a, b), (b, a)] {
            let e = datasetError { try ParallelText(source: source, target: target) }
            #expect(e?.kind == .badFormat && e?.source == a.path && e?.line == 3)
            #expect(e?.description == "\(a.path):3: has no partner: b.en has only 2 lines and a.de has 3 (parallel " +
                    "files must have one sentence per line, aligned line by line)")
        }
    }

    @Test func anEmptyLineIsAnError() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let en = try dir.write("x.en", "one\ntwo\nthree\n")
        for text in ["eins\n \t\ndrei\n", "eins\n\ndrei\n"] {
            let de = try dir.write("x.de", text)
            let e = datasetError { try ParallelText(source: de, target: en) }
            #expect(e?.description == "\(de.path):2: the line is empty, but every line of a parallel file must hold a sentence")
            #expect(e?.kind == .missingValue)
        }
        // A blank line at the end is a line too (it would shift the alignment check).
        let trailing = try dir.write("t.de", "eins\nzwei\ndrei\n\n")
        #expect(datasetError { try ParallelText(source: trailing, target: en) }?.line == 4)
    }

    @Test func badBytesAndFilesAreOneLineErrors() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let en = try dir.write("ok.en", "one\ntwo\n")
        let latin1 = try dir.write("bad.de", bytes: Array("eins\nzw".utf8) + [0xE4] + Array("i\n".utf8))
        let utf8 = datasetError { try ParallelText(source: latin1, target: en) }
        #expect(utf8?.kind == .unreadableFile && utf8?.line == 2 && utf8?.message == "is not valid UTF-8 (byte 0xE4 at offset 7)")
        let missing = dir.url.appendingPathComponent("missing.de")
        #expect(datasetError { try ParallelText(source: missing, target: en) }?.description == "\(missing.path): no such file")
        let empty = try dir.write("empty.de", "")
        #expect(datasetError { try ParallelText(source: empty, target: en) }?.kind == .emptyFile)
        let large = datasetError { try ParallelText(source: en, target: en, maximumBytes: 4) }
        #expect(large?.kind == .unreadableFile && large?.message.contains("more than the limit of 4 bytes") == true)
        let fakeGzip = try dir.write("fake.en.gz", "one\ntwo\n")
        #expect(datasetError { try ParallelText(source: en, target: fakeGzip) }?.message ==
                "not a gzip file (it does not start with the gzip magic bytes 1f 8b)")
        // A small gzip file that expands past the limit.
        let big = try dir.gzipped("big.en", String(repeating: "the same line\n", count: 1000))
        let bomb = datasetError { try ParallelText(source: big, target: big, maximumBytes: 2000) }
        #expect(bomb?.kind == .unreadableFile && bomb?.message.contains("decompresses to more than") == true)
    }

    @Test func multi30kLayoutIsFoundInAFolder() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        _ = try dir.gzipped("train.de", "Ein Hund.\nEine Katze.\n")
        _ = try dir.gzipped("train.en", "A dog.\nA cat.\n")
        try dir.write("val.de", "Ein Vogel.\n")
        try dir.write("val.en", "A bird.\n")
        let train = try Multi30k.read(folder: dir.url, split: .train)
        #expect(train.sources == ["Ein Hund.", "Eine Katze."] && train.targets == ["A dog.", "A cat."])
        let files = try Multi30k.files(folder: dir.url, split: .validation, source: "en", target: "de")
        #expect(files.source.lastPathComponent == "val.en" && files.target.lastPathComponent == "val.de")
        #expect(try Multi30k.read(folder: dir.url, split: .validation, source: "en", target: "de").targets == ["Ein Vogel."])
        let missing = datasetError { try Multi30k.read(folder: dir.url, split: .test2016) }
        #expect(missing?.kind == .fileNotFound && missing?.source.hasSuffix("test_2016_flickr.de.gz") == true)
        #expect(missing?.message.contains("nor test_2016_flickr.de") == true)
        let french = datasetError { try Multi30k.read(folder: dir.url, split: .train, source: "fr", target: "en") }
        #expect(french?.source.hasSuffix("train.fr.gz") == true)
    }

    @Test func mismatchedPairsInMemoryStop() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ParallelText(sources: ["a", "b"], targets: ["x"])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("ParallelText: 2 source sentences but 1 target sentences"))
    }
}
