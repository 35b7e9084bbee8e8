import LSTMKit

/// The vocabularies of a tagger, built from the training sentences only: normalized words (lower case, digits
/// as 0; `<pad>` = 0 and `<unk>` = 1), characters (same specials), the values of each extra column (e.g. POS
/// tags) and the tags (sorted, so the same data gives the same IDs).
public struct TaggingVocabularies: Codable, Equatable, Sendable {
    public var words: Vocabulary
    public var characters: Vocabulary
    public var features: [Vocabulary]
    /// The tag names by ID.
    public var tags: [String]

    static let specials = Vocabulary.SpecialTokens(padding: "<pad>", unknown: "<unk>", begin: nil, end: nil)

    /// The word as the word vocabulary sees it: lower case, every digit 0 (Lample et al. 2016). The character
    /// BiLSTM still sees the word as written.
    public static func normalize(_ word: String) -> String {
        String(word.lowercased().map { $0.isASCII && $0.isNumber ? "0" : $0 })
    }

    /// - Parameters:
    ///   - sentences: the training sentences the vocabularies are built from.
    ///   - minCount: words seen fewer times become `<unk>` (characters and column values are all kept).
    public init(_ sentences: [TaggedSentence], minCount: Int) {
        words = Vocabulary(from: sentences.lazy.flatMap { $0.words.map(Self.normalize) }, specials: Self.specials,
                           minFrequency: minCount)
        characters = Vocabulary(from: sentences.lazy.flatMap { $0.words.flatMap { $0.map(String.init) } },
                                specials: Self.specials, minFrequency: 1)
        let columns = sentences.first?.features.count ?? 0
        features = (0..<columns).map { c in
            Vocabulary(from: sentences.lazy.flatMap { $0.features[c] }, specials: Self.specials, minFrequency: 1)
        }
        tags = Array(Set(sentences.flatMap(\.tags))).sorted()
    }

    /// The ID of every tag name.
    var tagIndex: [String: Int] { Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1, $0) }) }

    /// A batch of `sentences`, time-major and padded. Tags the vocabulary does not know become ID 0 (callers
    /// that score check them first); `replaceWord(id)` may turn a known word into `<unk>` (training only).
    public func batch(_ sentences: [TaggedSentence], replaceWord: ((Int) -> Bool)? = nil) -> TaggerBatch {
        let lengths = sentences.map(\.words.count)
        let t = lengths.max() ?? 0, b = sentences.count
        var words = [Int](repeating: 0, count: t * b), tags = words
        var features = [[Int]](repeating: [Int](repeating: 0, count: t * b), count: self.features.count)
        let tagIndex = self.tagIndex
        let unknownWord = self.words.unknownID ?? 1, unknownCharacter = characters.unknownID ?? 1
        var spelled = [[Int]](repeating: [0], count: t * b)
        for (j, sentence) in sentences.enumerated() {
            for (k, word) in sentence.words.enumerated() {
                let p = k * b + j
                var id = self.words.id(of: Self.normalize(word)) ?? unknownWord
                if id != unknownWord, let replaceWord, replaceWord(id) { id = unknownWord }
                words[p] = id
                tags[p] = tagIndex[sentence.tags[k]] ?? 0
                for c in 0..<self.features.count where c < sentence.features.count {
                    features[c][p] = self.features[c].id(of: sentence.features[c][k]) ?? self.features[c].unknownID ?? 1
                }
                let ids = word.map { characters.id(of: String($0)) ?? unknownCharacter }
                spelled[p] = ids.isEmpty ? [0] : ids
            }
        }
        let l = spelled.map(\.count).max() ?? 1
        var chars = [Int](repeating: 0, count: l * t * b)
        for (p, ids) in spelled.enumerated() {
            for (i, id) in ids.enumerated() { chars[i * t * b + p] = id }
        }
        return TaggerBatch(words: words, features: features, characters: chars,
                           characterLengths: spelled.map(\.count), lengths: lengths, tags: tags)
    }
}
