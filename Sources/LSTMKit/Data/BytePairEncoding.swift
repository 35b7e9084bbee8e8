/// Subword units by byte-pair encoding (Sennrich, Haddow and Birch 2016, "Neural Machine Translation of Rare
/// Words with Subword Units"), as subword-nmt applies them: rare words become sequences of frequent pieces, so a
/// translation model with a small vocabulary still has no unknown words made of known characters.
///
/// **Learning** (on the training side only): every word is split into its characters (Swift `Character`s), the
/// last one marked with `</w>` ("low" is `l o w</w>`). Then, `merges` times: count every adjacent pair of
/// symbols over the corpus (each word weighted by its frequency), and replace every occurrence of the most
/// frequent pair by one symbol. Ties go to the pair that sorts first (first symbol, then second, by Swift's
/// String `<`), so the merges are the same on every run. Learning stops early when the best pair is seen fewer
/// than `minFrequency` times.
///
/// **Applying** to a word: split it the same way, then repeatedly merge the adjacent pair that was learned
/// earliest (all its occurrences, left to right) until no learned pair remains. Pieces that do not end a word
/// get the suffix `@@`; characters never seen in training stay single pieces.
///
///     // The paper's example: "low" 5 times, "lower" 2, "newest" 6, "widest" 3.
///     let bpe = BytePairEncoding.learn(wordCounts: ["low": 5, "lower": 2, "newest": 6, "widest": 3], merges: 10)
///     bpe.merges.prefix(3)                  // (e, s), (es, t</w>), (l, o)
///     bpe.encode(["lowest", "newer"])       // ["lo@@", "w@@", "est", "n@@", "ew@@", "e@@", "r"]
///     bpe.decode(["lo@@", "w@@", "est"])    // ["lowest"]
///
/// **Undoing**: a piece ending in `@@` is glued to the next one. This is exact for words without "@@" at their
/// end, which ``WordTokenizer`` never produces ("@" is a token of its own).
public struct BytePairEncoding: Codable, Equatable, Sendable {
    /// Two adjacent symbols; `second` may end with ``endOfWord``.
    public struct Pair: Hashable, Comparable, Codable, Sendable {
        public var first: String
        public var second: String

        public init(_ first: String, _ second: String) {
            self.first = first
            self.second = second
        }

        public static func < (a: Pair, b: Pair) -> Bool { a.first != b.first ? a.first < b.first : a.second < b.second }
    }

    /// The learned merges, in the order they were learned (their rank).
    public let merges: [Pair]
    private let ranks: [Pair: Int]

    /// The marker of a word's last symbol while learning and applying.
    public static let endOfWord = "</w>"
    /// The suffix of a piece that does not end its word.
    public static let continuation = "@@"

    /// The encoding with these merges (learned before, or loaded).
    public init(merges: [Pair]) {
        self.merges = merges
        var ranks: [Pair: Int] = [:]
        for (rank, pair) in merges.enumerated() where ranks[pair] == nil { ranks[pair] = rank }
        self.ranks = ranks
    }

    private enum CodingKeys: String, CodingKey { case merges }

    public init(from decoder: any Decoder) throws {
        self.init(merges: try decoder.container(keyedBy: CodingKeys.self).decode([Pair].self, forKey: .merges))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(merges, forKey: .merges)
    }

    public static func == (a: BytePairEncoding, b: BytePairEncoding) -> Bool { a.merges == b.merges }

    /// Learns up to `merges` merges from the words of a training corpus (each occurrence counts).
    public static func learn(words: some Sequence<String>, merges: Int, minFrequency: Int = 2) -> BytePairEncoding {
        var counts: [String: Int] = [:]
        for word in words where !word.isEmpty { counts[word, default: 0] += 1 }
        return learn(wordCounts: counts, merges: merges, minFrequency: minFrequency)
    }

    /// Learns up to `merges` merges from word frequencies (see the type's documentation).
    public static func learn(wordCounts: [String: Int], merges: Int, minFrequency: Int = 2) -> BytePairEncoding {
        if merges < 0 { failure("BytePairEncoding.learn: merges \(merges) must be >= 0") }
        if minFrequency < 1 { failure("BytePairEncoding.learn: minFrequency \(minFrequency) must be >= 1") }
        let types = wordCounts.keys.filter { !$0.isEmpty }.sorted()
        var words = types.map(symbols)
        let frequency = types.map { wordCounts[$0]! }
        var pairCounts: [Pair: Int] = [:]
        var wordsWithPair: [Pair: Set<Int>] = [:]
        func count(_ i: Int, _ sign: Int) {
            for j in words[i].indices.dropLast() {
                let pair = Pair(words[i][j], words[i][j + 1])
                let total = pairCounts[pair, default: 0] + sign * frequency[i]
                pairCounts[pair] = total == 0 ? nil : total
                if sign > 0 { wordsWithPair[pair, default: []].insert(i) }
            }
        }
        for i in words.indices { count(i, 1) }
        var learned: [Pair] = []
        while learned.count < merges {
            // The most frequent pair; on ties the one that sorts first.
            guard let (best, frequency) = pairCounts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
                  frequency >= minFrequency else { break }
            learned.append(best)
            for i in (wordsWithPair.removeValue(forKey: best) ?? []).sorted() {
                count(i, -1)
                words[i] = merged(words[i], best)
                count(i, 1)
            }
        }
        return BytePairEncoding(merges: learned)
    }

    /// The pieces of one word (see the type's documentation); an empty word has none.
    public func encode(word: String) -> [String] {
        var symbols = Self.symbols(word)
        while symbols.count > 1 {
            var best: (rank: Int, pair: Pair)? = nil
            for j in symbols.indices.dropLast() {
                let pair = Pair(symbols[j], symbols[j + 1])
                if let rank = ranks[pair], rank < best?.rank ?? .max { best = (rank, pair) }
            }
            guard let best else { break }
            symbols = Self.merged(symbols, best.pair)
        }
        return symbols.map { $0.hasSuffix(Self.endOfWord) ? String($0.dropLast(Self.endOfWord.count)) : $0 + Self.continuation }
    }

    /// The pieces of each word, in order.
    public func encode(_ words: [String]) -> [String] {
        var cache: [String: [String]] = [:]
        var pieces: [String] = []
        for word in words {
            if let known = cache[word] { pieces += known; continue }
            let encoded = encode(word: word)
            cache[word] = encoded
            pieces += encoded
        }
        return pieces
    }

    /// The words of `pieces`: each piece ending in `@@` is glued to the next (a trailing one stands alone,
    /// without its `@@`).
    public func decode(_ pieces: [String]) -> [String] {
        var words: [String] = [], current = ""
        for piece in pieces {
            if piece.hasSuffix(Self.continuation) {
                current += piece.dropLast(Self.continuation.count)
            } else {
                words.append(current + piece)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The characters of `word`, the last one marked with `</w>`.
    static func symbols(_ word: String) -> [String] {
        var symbols = word.map(String.init)
        if !symbols.isEmpty { symbols[symbols.count - 1] += endOfWord }
        return symbols
    }

    /// `symbols` with every occurrence of `pair` (left to right, not overlapping) replaced by one symbol.
    static func merged(_ symbols: [String], _ pair: Pair) -> [String] {
        var out: [String] = []
        out.reserveCapacity(symbols.count)
        var j = 0
        while j < symbols.count {
            if j + 1 < symbols.count && symbols[j] == pair.first && symbols[j + 1] == pair.second {
                out.append(pair.first + pair.second)
                j += 2
            } else {
                out.append(symbols[j])
                j += 1
            }
        }
        return out
    }
}
