import Foundation
import Testing
@testable import LSTMKit

/// The committed MASC POS conversion (Data/masc-pos, from Tools/masc_pos.py) reads as its SOURCE.md says.
@Suite struct MASCPOSTests {
    @Test func splitsHaveTheDocumentedCounts() throws {
        let folder = repositoryRoot.appendingPathComponent("Data/masc-pos")
        var tagSets: [[String]] = [], first: TaggedSentence?
        for (name, sentences, tokens) in [("train", 28_511, 472_330), ("validation", 2_952, 58_830), ("test", 2_991, 59_054)] {
            let file = try CoNLLFile.read(folder.appendingPathComponent("\(name).txt.gz"))
            #expect(file.sentences.count == sentences && file.tokenCount == tokens, "\(name)")
            #expect(file.columnCount == 2)
            tagSets.append(file.tagSet)
            first = first ?? file.sentences[0]
        }
        #expect(tagSets[0].count == 49)
        #expect(Set(tagSets[1]).isSubset(of: tagSets[0]) && Set(tagSets[2]).isSubset(of: tagSets[0]))
        #expect(first?.words.prefix(3) == ["Debate", "Transcript", "October"])
        #expect(first?.tags.prefix(3) == ["NN", "NNP", "NNP"])
    }
}
