import Foundation
import Testing
@testable import LSTMKit

@Suite struct TranslationVocabulariesTests {
    let tokenizer = WordTokenizer(lowercased: true)

    func documented() -> TranslationVocabularies {
        let train = ParallelText(sources: ["Ein Hund.", "Ein Vogel."], targets: ["A dog.", "A bird."])
        return TranslationVocabularies(sourceSentences: train.sources.map(tokenizer.tokenize),
                                       targetSentences: train.targets.map(tokenizer.tokenize))
    }

    @Test func theDocumentedExample() {
        let v = documented()
        #expect(v.source.tokens == ["<pad>", "<unk>", "<bos>", "<eos>", ".", "ein", "hund", "vogel"])
        #expect(v.target.tokens == ["<pad>", "<unk>", "<bos>", "<eos>", ".", "a", "bird", "dog"])
        #expect(v.encodeSource(["ein", "hund", "."]) == [5, 6, 4, 3])
        #expect(v.encodeTarget(["a", "dog", "."]) == [2, 5, 7, 4, 3])
        #expect(v.decodeTarget([2, 5, 7, 4, 3, 0, 0]) == ["a", "dog", "."])
        #expect(v.source.paddingID == 0 && v.target.paddingID == 0)
    }

    @Test func unknownWordsDecodingAndLimits() {
        let v = documented()
        #expect(v.encodeSource(["eine", "katze"]) == [1, 1, 3])
        #expect(v.encodeTarget([]) == [2, 3])
        #expect(v.decodeTarget([5, 1, 7]) == ["a", "<unk>", "dog"])                 // no <eos>: everything
        #expect(v.decodeTarget([3, 5]) == [] && v.decodeTarget([]) == [])
        #expect(v.unknownRate([["a", "cat", "."]], side: .target) == 1.0 / 3)
        #expect(v.unknownRate([["ein", "hund"]], side: .source) == 0 && v.unknownRate([], side: .source) == 0)
        let sentences = [["a", "a", "a", "b", "b", "c"], ["d"]]
        let limited = TranslationVocabularies(sourceSentences: sentences, targetSentences: sentences, minFrequency: 2,
                                              maxTargetSize: 5)
        #expect(limited.source.tokens.dropFirst(4) == ["a", "b"] && limited.target.tokens.dropFirst(4) == ["a"])
    }

    @Test func roundTripsThroughJSON() throws {
        let v = documented()
        let back = try JSONDecoder().decode(TranslationVocabularies.self, from: try JSONEncoder().encode(v))
        #expect(back == v)
    }

    @Test func vocabulariesWithoutSpecialsStop() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TranslationVocabularies(source: Vocabulary(tokens: ["a"], specials: .empty),
                                        target: Vocabulary(tokens: ["<pad>", "<unk>", "<bos>", "<eos>"]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("TranslationVocabularies: the source vocabulary needs padding, unknown, begin and end tokens, but has []"))
    }
}
