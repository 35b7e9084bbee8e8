import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// A fresh temporary directory for the text data tests, removed after `body`.
func withTextDataDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-text-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// The error `body` throws as `E`, recording an issue when it throws nothing or something else.
func textDataError<E: Error>(_: E.Type, sourceLocation: SourceLocation = #_sourceLocation,
                           _ body: () throws -> Void) -> E? {
    do {
        try body()
        Issue.record("expected a \(E.self), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected a \(E.self), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

@Suite struct VocabularyTests {
    @Test func specialsFirstThenByFrequencyTiesAlphabetical() {
        let words = WordTokenizer(lowercased: true).tokenize("The cat saw the dog. The end.")
        let v = Vocabulary(from: words)
        #expect(v.tokens == ["<pad>", "<unk>", "<bos>", "<eos>", "the", ".", "cat", "dog", "end", "saw"])
        #expect(v.paddingID == 0 && v.unknownID == 1 && v.beginID == 2 && v.endID == 3)
        #expect(v.count == 10)
        // Input order does not matter.
        #expect(Vocabulary(from: words.reversed()) == v)
    }

    @Test func configurableSpecials() {
        let specials = Vocabulary.SpecialTokens(padding: "[PAD]", unknown: "[UNK]", begin: nil, end: "[SEP]")
        let v = Vocabulary(from: ["b", "a", "b", "[PAD]"], specials: specials)
        #expect(v.tokens == ["[PAD]", "[UNK]", "[SEP]", "b", "a"])   // a special in the corpus is not counted twice
        #expect(v.beginID == nil && v.endID == 2)
        let none = Vocabulary(from: ["x", "y", "x"], specials: .empty)
        #expect(none.tokens == ["x", "y"] && none.unknownID == nil && none.paddingID == nil)
    }

    @Test func minFrequencyAndMaxSize() {
        let corpus = Array(repeating: "a", count: 5) + Array(repeating: "b", count: 3) + ["c", "c", "d", "e", "e"]
        let v = Vocabulary(from: corpus, minFrequency: 2)
        #expect(v.tokens.dropFirst(4) == ["a", "b", "c", "e"])          // d (once) dropped; c, e tie -> c first
        let small = Vocabulary(from: corpus, maxSize: 6)
        #expect(small.tokens == ["<pad>", "<unk>", "<bos>", "<eos>", "a", "b"])
        let tie = Vocabulary(from: corpus, maxSize: 7)
        #expect(tie.tokens.last == "c")                                  // c and e tie at 2: c wins
        #expect(small.encode(["a", "c", "zzz"]) == [4, 1, 1])            // dropped and unseen -> <unk>
    }

    @Test func encodeDecodeRoundTrip() throws {
        let v = Vocabulary(from: ["hello", "world", "hello"])
        let ids = v.encode(["hello", "there", "world"], addBegin: true, addEnd: true)
        #expect(ids == [2, 4, 1, 5, 3])
        #expect(v.decode(ids) == ["<bos>", "hello", "<unk>", "world", "<eos>"])
        #expect(v.decode(ids + [0, 0], skipSpecials: true) == ["hello", "<unk>", "world"])
        #expect(v.id(of: "world") == 5 && v.id(of: "there") == nil && v.contains("hello"))
        #expect(try v.encodeExactly(["world", "hello"]) == [5, 4])
        let error = textDataError(VocabularyError.self) { _ = try v.encodeExactly(["hello", "there"]) }
        #expect(error == .unknownToken("there", position: 1))
        #expect(error?.description == "token \"there\" at position 1 is not in the vocabulary")
    }

    @Test func unicodeTokens() {
        let text = "naïve café 😀 e\u{301}"
        let v = Vocabulary(from: CharacterTokenizer().tokenize(text), specials: .empty)
        #expect(v.contains("😀") && v.contains("é"))
        #expect(v.decode(v.encode(CharacterTokenizer().tokenize(text))).joined() == text)
    }

    @Test func saveLoadRoundTrip() throws {
        try withTextDataDirectory { dir in
            let url = dir.appendingPathComponent("vocab.json")
            let v = Vocabulary(from: ["zebra", "\"quoted\"", "ü", "a/b", "zebra"],
                               specials: .init(padding: "<pad>", unknown: "<unk>", begin: nil, end: nil))
            try v.write(to: url)
            let again = try Vocabulary(contentsOf: url)
            #expect(again == v)
            #expect(again.id(of: "ü") == v.id(of: "ü"))
            let json = try String(contentsOf: url, encoding: .utf8)
            #expect(json.contains("\"format\" : \"lstmkit-vocabulary\""))
            // Overwriting goes through a temporary file that does not stay behind.
            try Vocabulary(from: ["x"]).write(to: url)
            #expect(try Vocabulary(contentsOf: url).tokens.last == "x")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["vocab.json"])
        }
    }

    @Test func badFilesThrowClearErrors() throws {
        try withTextDataDirectory { dir in
            let missing = dir.appendingPathComponent("nope.json")
            let e1 = textDataError(VocabularyError.self) { _ = try Vocabulary(contentsOf: missing) }
            #expect(e1 == .unreadableFile(path: missing.path, reason: "no such file"))
            #expect(e1?.description == "vocabulary file \(missing.path): no such file")

            func load(_ text: String) -> String {
                let url = dir.appendingPathComponent("bad.json")
                try! Data(text.utf8).write(to: url)
                let error = textDataError(VocabularyError.self) { _ = try Vocabulary(contentsOf: url) }
                let description = error?.description ?? ""
                #expect(description.hasPrefix("vocabulary file \(url.path) is not a valid vocabulary: "), "\(description)")
                return description
            }
            #expect(load("not json").contains("not valid JSON"))
            #expect(load(#"{"format": "lstmkit-vocabulary", "version": 1, "specials": {}}"#)
                .contains("missing field \"tokens\""))
            #expect(load(#"{"format": "lstmkit-vocabulary", "version": 1, "specials": {}, "tokens": [1, 2]}"#)
                .contains("field \"tokens[0]\" has the wrong type"))
            #expect(load(#"{"format": "other", "version": 1, "specials": {}, "tokens": []}"#)
                .contains("format is \"other\", expected \"lstmkit-vocabulary\""))
            #expect(load(#"{"format": "lstmkit-vocabulary", "version": 9, "specials": {}, "tokens": []}"#)
                .contains("version 9 is not supported"))
            #expect(load(#"{"format": "lstmkit-vocabulary", "version": 1, "specials": {"unknown": "<unk>"}, "tokens": ["a", "<unk>"]}"#)
                .contains("special token \"<unk>\" must have ID 0, but token 0 is \"a\""))
            #expect(load(#"{"format": "lstmkit-vocabulary", "version": 1, "specials": {}, "tokens": ["a", "b", "a"]}"#)
                .contains("token \"a\" appears twice, with IDs 0 and 2"))
        }
    }

    @Test func unknownTokenWithoutUnknownSpecialStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Vocabulary(from: ["a"], specials: .empty).encode(["a", "b"])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("token \"b\" at position 1 is not in the vocabulary, which has no unknown token"))
    }
}
