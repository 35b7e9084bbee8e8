import Foundation
import Testing
@testable import LSTMKit

@Suite struct BytePairEncodingTests {
    typealias P = BytePairEncoding.Pair
    /// Sennrich et al.'s example corpus.
    static let counts = ["low": 5, "lower": 2, "newest": 6, "widest": 3]

    @Test func learnsTheHandComputedMerges() {
        // By hand: (e,s) 9 ties (s,t</w>) 9 and sorts first; then (es,t</w>) 9; (l,o) 7; at 6 (e,w) sorts before
        // (n,e) and (w,est</w>); (ew,est</w>) before (n,ew); (n,ewest</w>); (lo,w</w>) 5; at 3 (d,est</w>),
        // then (i,dest</w>), then (w,idest</w>); "lower" is left with three pairs of 2: (e,r</w>), (lo,w), (low,er</w>).
        let bpe = BytePairEncoding.learn(wordCounts: Self.counts, merges: 100)
        #expect(bpe.merges == [P("e", "s"), P("es", "t</w>"), P("l", "o"), P("e", "w"), P("ew", "est</w>"),
                               P("n", "ewest</w>"), P("lo", "w</w>"), P("d", "est</w>"), P("i", "dest</w>"),
                               P("w", "idest</w>"), P("e", "r</w>"), P("lo", "w"), P("low", "er</w>")])
        #expect(BytePairEncoding.learn(wordCounts: Self.counts, merges: 3).merges == Array(bpe.merges.prefix(3)))
        // minFrequency 3 stops before the pairs of "lower" (2 occurrences).
        #expect(BytePairEncoding.learn(wordCounts: Self.counts, merges: 100, minFrequency: 3).merges == Array(bpe.merges.prefix(10)))
        let words = Self.counts.flatMap { Array(repeating: $0.key, count: $0.value) }
        #expect(BytePairEncoding.learn(words: words.shuffled(), merges: 100) == bpe)        // order does not matter
    }

    @Test func appliesMergesInLearnedOrder() {
        let bpe = BytePairEncoding.learn(wordCounts: Self.counts, merges: 10)
        #expect(bpe.encode(["lowest", "newer"]) == ["lo@@", "w@@", "est", "n@@", "ew@@", "e@@", "r"])
        #expect(bpe.encode(word: "newest") == ["newest"] && bpe.encode(word: "low") == ["low"])
        #expect(bpe.encode(word: "lower") == ["lo@@", "w@@", "e@@", "r"])
        #expect(bpe.encode(word: "xyz") == ["x@@", "y@@", "z"] && bpe.encode(word: "") == [])
        #expect(bpe.encode(word: "wést") == ["w@@", "é@@", "s@@", "t"])
        #expect(BytePairEncoding(merges: []).encode(word: "ab") == ["a@@", "b"])
    }

    @Test func decodeUndoesEncode() {
        let bpe = BytePairEncoding.learn(wordCounts: Self.counts, merges: 10)
        let sentence = ["the", "lowest", "newer", "widest", "low", ",", "x"]
        #expect(bpe.decode(bpe.encode(sentence)) == sentence)
        #expect(bpe.decode(["lo@@", "w@@", "est", "a"]) == ["lowest", "a"])
        #expect(bpe.decode(["dangling@@"]) == ["dangling"] && bpe.decode([]) == [])
    }

    @Test func roundTripsThroughJSON() throws {
        let bpe = BytePairEncoding.learn(wordCounts: Self.counts, merges: 10)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(bpe)
        let back = try JSONDecoder().decode(BytePairEncoding.self, from: data)
        #expect(back == bpe && back.encode(["lowest"]) == bpe.encode(["lowest"]))
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\"merges\":[{\"first\":\"e\",\"second\":\"s\"}"))
    }
}
