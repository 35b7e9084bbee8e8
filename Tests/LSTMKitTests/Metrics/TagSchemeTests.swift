import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Tag scheme names, detection and validation: every error names the tag, the sentence and the token.
@Suite struct TagSchemeTests {
    static func split(_ lines: [String]) -> [[String]] { lines.map { $0.split(separator: " ").map(String.init) } }

    static func error(_ body: () throws -> Void) -> TagSchemeError? {
        do { try body(); return nil } catch let e as TagSchemeError { return e } catch { return nil }
    }

    @Test func namesAndAliases() throws {
        #expect(try TagScheme(name: "IOB1") == .iob1)
        #expect(try TagScheme(name: "bio") == .iob2 && TagScheme(name: "iob2") == .iob2)
        #expect(try TagScheme(name: "BIOES") == .iobes && TagScheme(name: "iobes") == .iobes)
        let e = Self.error { _ = try TagScheme(name: "bilou") }
        #expect(e == .unknownScheme("bilou"))
        #expect(e?.description == "unknown tag scheme 'bilou' (known: iob1, iob2 or bio, iobes or bioes)")
    }

    @Test func detectsEachScheme() throws {
        #expect(try TagScheme.detect(Self.split(["B-NP I-NP O B-VP", "B-NP B-NP"])) == .iob2)
        #expect(try TagScheme.detect(Self.split(["I-NP I-NP B-NP O I-VP", "I-PP"])) == .iob1)
        #expect(try TagScheme.detect(Self.split(["B-NP E-NP S-VP O", "S-NP"])) == .iobes)
        #expect(try TagScheme.detect(Self.split(["O O", ""])) == .iob2)          // no chunks at all
        #expect(try TagScheme.detect(Self.split(["B-PP-LOC I-PP-LOC"])) == .iob2)  // types may contain hyphens
    }

    @Test func malformedTagsAreNamed() {
        for (line, bad, position) in [("B-NP NP", "NP", 1), ("O B-", "B-", 1), ("X-NP", "X-NP", 0), ("B", "B", 0),
                                      ("O o", "o", 1)] {
            let e = Self.error { _ = try TagScheme.detect(Self.split(["O", line])) }
            #expect(e == .malformedTag(TagLocation(sentence: 1, position: position, tag: bad)), "\(line)")
        }
        let e = Self.error { _ = try TagScheme.iob2.validate(Self.split(["B-NP NP"])) }
        #expect(e?.description == "malformed tag \"NP\" at sentence 0, token 1 (\"NP\"): expected O or PREFIX-TYPE " +
                "with a prefix B, I, E or S and a non-empty type, e.g. B-NP")
    }

    @Test func mixedIOB1AndIOB2AreNamed() {
        let e = Self.error { _ = try TagScheme.detect(Self.split(["B-NP I-NP", "O I-VP"])) }
        #expect(e == .mixedSchemes(iob1: TagLocation(sentence: 1, position: 1, tag: "I-VP"),
                                   iob2: TagLocation(sentence: 0, position: 0, tag: "B-NP")))
        #expect(e?.description.contains("a chunk starts with I-VP at sentence 1, token 1") == true)
    }

    @Test func validateNamesTheFirstBrokenRule() {
        func invalid(_ scheme: TagScheme, _ lines: [String]) -> TagSchemeError? {
            Self.error { try scheme.validate(Self.split(lines)) }
        }
        #expect(invalid(.iob2, ["B-NP I-NP O B-VP"]) == nil)
        #expect(invalid(.iob2, ["B-NP I-VP"]) == .invalidTag(TagLocation(sentence: 0, position: 1, tag: "I-VP"),
                                                            scheme: .iob2, reason: "an I- tag must follow B-VP or I-VP"))
        #expect(invalid(.iob2, ["O", "O I-NP"])?.description ==
                "tag at sentence 1, token 1 (\"I-NP\") is not valid IOB2: an I- tag must follow B-NP or I-NP")
        #expect(invalid(.iob2, ["S-NP"])?.description.contains("IOB2 has no S- tags") == true)
        #expect(invalid(.iob1, ["I-NP B-NP I-VP"]) == nil)
        #expect(invalid(.iob1, ["O B-NP"]) != nil)
        #expect(invalid(.iobes, ["B-NP I-NP E-NP S-NP O"]) == nil)
        #expect(invalid(.iobes, ["B-NP O"])?.description ==
                "tag at sentence 0, token 1 (\"O\") is not valid IOBES: B-NP before it must be followed by I-NP or E-NP")
        #expect(invalid(.iobes, ["S-NP E-NP"]) != nil)
        #expect(invalid(.iobes, ["B-NP I-NP"])?.description ==
                "tag at the end of sentence 0 (after token 1) is not valid IOBES: I-NP before it must be followed by " +
                "I-NP or E-NP")
        // detect validates IOBES data as a whole.
        #expect(Self.error { _ = try TagScheme.detect(Self.split(["S-NP I-NP"])) } != nil)
    }
}
