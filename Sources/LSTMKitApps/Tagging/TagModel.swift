import Foundation
import LSTMKit

/// A tagger loaded from a `lstm train tag` checkpoint, and tagging.
///
///     let model = try TagTask.load(URL(fileURLWithPath: "runs/tag/best.safetensors"))
///     try model.tag("The dog barked .")       // [("The", "DT"), ("dog", "NN"), ("barked", "VBD"), (".", ".")]
public struct TagModel {
    public let config: TagConfig
    public let network: SequenceTagger
    public let vocabularies: TaggingVocabularies
    /// The chunk scheme of the tags (nil: plain tags).
    public let scheme: TagScheme?
    public let path: String

    /// How many extra columns (e.g. POS tags) every word needs.
    public var featureCount: Int { network.config.featureVocabularySizes.count }

    /// The tags of one sentence of words separated by spaces, as in the training files. A model trained with
    /// extra columns needs them on every word, separated by `|`: "Confidence|NN in|IN the|DT pound|NN".
    public func tag(_ text: String) throws -> [TaggedWord] {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        if tokens.isEmpty { throw TaskError("the sentence \"\(text)\" has no words") }
        var words: [String] = [], features = [[String]](repeating: [], count: featureCount)
        for token in tokens {
            let parts = featureCount == 0 ? [token] : token.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            if parts.count != featureCount + 1 || parts.contains(where: \.isEmpty) {
                throw TaskError("word \"\(token)\": this model reads \(featureCount) extra column(s) " +
                                  "(e.g. the POS tag) on every word: write word|\(Array(repeating: "TAG", count: featureCount).joined(separator: "|"))")
            }
            words.append(parts[0])
            for c in 0..<featureCount { features[c].append(parts[c + 1]) }
        }
        let sentence = TaggedSentence(words: words, tags: Array(repeating: "O", count: words.count), features: features)
        let predicted = network.predict(vocabularies.batch([sentence]))[0]
        let unknown = vocabularies.words.unknownID ?? 1
        return words.indices.map { k in
            TaggedWord(word: words[k], tag: vocabularies.tags[predicted[k]],
                       known: (vocabularies.words.id(of: TaggingVocabularies.normalize(words[k])) ?? unknown) != unknown)
        }
    }
}

/// One tagged word of `lstm tag`.
public struct TaggedWord: Codable, Equatable, Sendable {
    public var word: String
    public var tag: String
    /// Whether the word vocabulary knows the word (else only its characters and context tell).
    public var known: Bool
}
