import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct CoNLLFileTests {
    /// A CoNLL-2000-like sample (invented sentences, the same layout).
    static let chunks = """
        -DOCSTART- -X- -X- O

        The DT B-NP
        small JJ I-NP
        dog NN I-NP
        barked VBD B-VP
        . . O


        Cats NNS B-NP
        sleep VBP B-VP
        \t
        """

    func read(_ text: String, name: String = "t.txt", tagColumn: CoNLLFile.TagColumn = .last,
              scheme: TagScheme? = nil) throws -> CoNLLFile {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        return try CoNLLFile.read(try dir.write(name, text), tagColumn: tagColumn, scheme: scheme)
    }

    func error(_ text: String, tagColumn: CoNLLFile.TagColumn = .last, scheme: TagScheme? = nil) -> DatasetError? {
        datasetError { try read(text, tagColumn: tagColumn, scheme: scheme) }
    }

    @Test func sentencesWordsAndTags() throws {
        let file = try read(Self.chunks, scheme: .iob2)
        #expect(file.sentences.count == 2 && file.tokenCount == 7 && file.columnCount == 3)
        #expect(file.sentences[0].words == ["The", "small", "dog", "barked", "."])
        #expect(file.sentences[0].tags == ["B-NP", "I-NP", "I-NP", "B-VP", "O"])
        #expect(file.sentences[1] == TaggedSentence(words: ["Cats", "sleep"], tags: ["B-NP", "B-VP"], features: [["NNS", "VBP"]]))
        #expect(file.sentences[0].features == [["DT", "JJ", "NN", "VBD", "."]])
        #expect(file.lineNumbers == [3, 10])
        #expect(file.tagSet == ["B-NP", "B-VP", "I-NP", "O"])
        let pos = try read(Self.chunks, tagColumn: .index(1))
        #expect(pos.sentences[0].tags == ["DT", "JJ", "NN", "VBD", "."] && pos.tagSet == [".", "DT", "JJ", "NN", "NNS", "VBD", "VBP"])
        #expect(pos.sentences[0].features == [["B-NP", "I-NP", "I-NP", "B-VP", "O"]])
    }

    @Test func tabsCRLFAndGzip() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let gz = try dir.gzipped("pos.txt", "Hello\tUH\r\nworld\tNN\r\n\r\nBye UH\r\n")
        let file = try CoNLLFile.read(gz)
        #expect(file.sentences.map(\.words) == [["Hello", "world"], ["Bye"]])
        #expect(file.sentences.map(\.tags) == [["UH", "NN"], ["UH"]])
        #expect(file.sentences.map(\.features) == [[], []])
    }

    @Test func missingTagColumnAndRaggedRows() {
        let one = error("The\ndog\n")
        #expect(one?.kind == .wrongFieldCount && one?.line == 1)
        #expect(one?.message == "has 1 column, so there is no tag column (the last column, after the word)")
        let beyond = error("The DT B-NP\n", tagColumn: .index(3))
        #expect(beyond?.message == "has 3 columns, so there is no tag column (column 3, counting the word as column 0)")
        let ragged = error("The DT B-NP\ndog NN\n")
        #expect(ragged?.kind == .wrongFieldCount && ragged?.line == 2)
        #expect(ragged?.message == "has 2 columns, but line 1 has 3 (every token line of a CoNLL file has the same columns)")
        #expect(error("\n\n-DOCSTART- -X- O\n\n")?.kind == .emptyFile)
        #expect(error("a b\n", tagColumn: .index(1)) == nil)
    }

    @Test func iob2Transitions() {
        let bad = error("The DT B-NP\nbarked VBD I-VP\n", scheme: .iob2)
        #expect(bad?.kind == .badLabel && bad?.line == 2)
        #expect(bad?.message == "tag \"I-VP\" after \"B-NP\": in IOB2, I-VP only continues a chunk that B-VP began (the file may be IOB1)")
        let start = error("dog NN I-NP\n", scheme: .iob2)
        #expect(start?.message == "tag \"I-NP\" at the start of a sentence: in IOB2, I-NP only continues a chunk that B-NP began (the file may be IOB1)")
        let unknown = error("dog NN B-NP\nruns VBZ X-VP\n", scheme: .iob2)
        #expect(unknown?.line == 2 && unknown?.message == "tag \"X-VP\" is not an IOB2 chunk tag (O or B-TYPE, I-TYPE)")
        #expect(error("dog NN NP\n", scheme: .iob2)?.message == "tag \"NP\" is not an IOB2 chunk tag (O or B-TYPE, I-TYPE)")
        #expect(error("dog NN B-\n", scheme: .iob2)?.kind == .badLabel)
        // POS tags are not checked without a scheme.
        #expect(error("dog NN I-NP\n") == nil)
    }

    @Test func iob1Transitions() {
        // IOB1: chunks start with I-; B- only between two adjacent chunks of one type.
        #expect(error("Peter I-PER\nBlack I-PER\nMary B-PER\nsaw O\n", scheme: .iob1) == nil)
        let b = error("Peter B-PER\n", scheme: .iob1)
        #expect(b?.message == "tag \"B-PER\" at the start of a sentence: in IOB1, B-PER only starts a chunk right after another PER chunk (the file may be IOB2)")
        #expect(error("a I-A\nb B-B\n", scheme: .iob1)?.line == 2)
    }

    @Test func iobesTransitions() {
        #expect(error("New B-LOC\nYork E-LOC\nis O\nbig S-ADJ\nvery B-X\nmuch I-X\nso E-X\n", scheme: .iobes) == nil)
        let open = error("New B-LOC\nis O\n", scheme: .iobes)
        #expect(open?.line == 2 && open?.message == "tag \"O\" follows \"B-LOC\", but in IOBES a chunk that B-/I- opened must go on with I-LOC or end with E-LOC")
        let end = error("New B-LOC\nYork I-LOC\n\nx O\n", scheme: .iobes)
        #expect(end?.line == 2 && end?.message == "tag \"I-LOC\" ends the sentence, but in IOBES a chunk ends with E-LOC (or is S-LOC if it has one token)")
        #expect(error("York E-LOC\n", scheme: .iobes)?.line == 1)
        #expect(error("a S-A\nb I-A\n", scheme: .iobes)?.line == 2)
    }

    @Test func notUTF8NamesTheLine() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = try dir.write("bad.txt", bytes: Array("a DT\n\nb".utf8) + [0xFF] + Array(" NN\n".utf8))
        let e = datasetError { try CoNLLFile.read(url) }
        #expect(e?.kind == .unreadableFile && e?.line == 3 && e?.source == url.path)
    }
}
