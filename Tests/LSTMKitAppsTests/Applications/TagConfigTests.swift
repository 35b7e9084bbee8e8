import Foundation
import LSTMKit
import Testing
@testable import LSTMKitApps

/// `TagConfig`'s hand-written decoding: every field survives a round trip (so a field added without its coding
/// key is caught here), and a checkpoint written before a field existed decodes with that field's default.
@Suite struct TagConfigTests {
    @Test func everyFieldRoundTripsAndMissingFieldsKeepTheirDefaults() throws {
        var c = TagConfig()
        (c.data, c.tagColumn, c.scheme, c.features, c.minCount) = ("/d", 2, .iobes, false, 3)
        (c.unknownReplacement, c.validationFraction, c.testFraction, c.splitSeed) = (0.25, 0.2, 0.15, 7)
        (c.wordEmbeddingSize, c.featureEmbeddingSize, c.characterEmbeddingSize, c.characterHiddenSize) = (11, 12, 13, 14)
        (c.model.hiddenSize, c.dropout, c.crf, c.output) = (15, 0.3, false, "/o")
        c.training.epochs = 9
        let back = try JSONDecoder().decode(TagConfig.self, from: JSONEncoder().encode(c))
        #expect(back == c)
        let keys = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any]).keys
        #expect(keys.count == Mirror(reflecting: c).children.count)

        #expect(try JSONDecoder().decode(TagConfig.self, from: Data("{}".utf8)) == TagConfig())
        var old = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any])
        old["testFraction"] = nil
        var expected = c
        expected.testFraction = TagConfig().testFraction
        #expect(try JSONDecoder().decode(TagConfig.self, from: JSONSerialization.data(withJSONObject: old)) == expected)
    }
}
