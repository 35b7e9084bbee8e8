/// The mapping between tokens (characters or words) and the integer IDs a model sees (torchtext `Vocab`).
///
/// IDs are assigned in this order, so they are the same on every run:
/// 1. the special tokens, in the order padding, unknown, begin, end (those that are configured), from 0:
///    with the standard specials `<pad>` = 0, `<unk>` = 1, `<bos>` = 2, `<eos>` = 3;
/// 2. the other tokens by descending frequency, ties broken by the tokens' string order (`<`), keeping only
///    tokens seen at least `minFrequency` times and, with `maxSize`, only the first `maxSize` entries in
///    total (specials included).
///
/// For example:
///
///     let words = WordTokenizer(lowercased: true).tokenize("The cat saw the dog. The end.")
///     let vocabulary = Vocabulary(from: words, minFrequency: 1)
///     vocabulary.tokens        // ["<pad>", "<unk>", "<bos>", "<eos>", "the", ".", "cat", "dog", "end", "saw"]
///     vocabulary.encode(["the", "bird"])          // [4, 1]   ("bird" is unknown -> <unk>)
///     vocabulary.decode([4, 6])                   // ["the", "cat"]
///     try vocabulary.write(to: URL(filePath: "vocab.json"))
///     let again = try Vocabulary(contentsOf: URL(filePath: "vocab.json"))   // == vocabulary
///
/// For char-rnn style models use `specials: .empty` so every ID is a character of the text.
public struct Vocabulary: Equatable, Sendable {
    /// The special tokens and their roles; each may be nil (not in the vocabulary).
    public struct SpecialTokens: Codable, Equatable, Sendable {
        /// The token used to pad sequences to the same length (`TokenBatch(paddingID:)`).
        public var padding: String?
        /// The token that replaces tokens not in the vocabulary.
        public var unknown: String?
        /// The token that marks the start of a sequence.
        public var begin: String?
        /// The token that marks the end of a sequence.
        public var end: String?

        public init(padding: String? = "<pad>", unknown: String? = "<unk>", begin: String? = "<bos>",
                    end: String? = "<eos>") {
            self.padding = padding
            self.unknown = unknown
            self.begin = begin
            self.end = end
        }

        /// `<pad>`, `<unk>`, `<bos>`, `<eos>` with IDs 0, 1, 2, 3.
        public static let standard = SpecialTokens()
        /// No special tokens.
        public static let empty = SpecialTokens(padding: nil, unknown: nil, begin: nil, end: nil)

        /// The configured special tokens in ID order (padding, unknown, begin, end).
        public var inOrder: [String] { [padding, unknown, begin, end].compactMap { $0 } }
    }

    /// Every token, indexed by ID (the specials first).
    public let tokens: [String]
    /// The special tokens.
    public let specials: SpecialTokens
    private let idsByToken: [String: Int]

    /// A vocabulary with exactly these tokens as IDs `0..<tokens.count`; the specials must come first, in
    /// order (as ``tokens`` of another vocabulary does), and no token may repeat.
    public init(tokens: [String], specials: SpecialTokens = .standard) {
        if let problem = Vocabulary.problem(tokens: tokens, specials: specials) {
            failure("Vocabulary(tokens:specials:): \(problem)")
        }
        self.tokens = tokens
        self.specials = specials
        self.idsByToken = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($1, $0) })
    }

    /// Builds a vocabulary from the tokens of a corpus (see the type's documentation for the ID order).
    /// - Parameters:
    ///   - corpus: the tokens, in any order; occurrences of the special tokens are not counted.
    ///   - specials: the special tokens, which take the first IDs (`.empty` for none).
    ///   - minFrequency: drop tokens seen fewer times (>= 1); they map to the unknown token.
    ///   - maxSize: the most entries in total, specials included (>= the number of specials); nil = no limit.
    public init(from corpus: some Sequence<String>, specials: SpecialTokens = .standard, minFrequency: Int = 1,
                maxSize: Int? = nil) {
        let special = specials.inOrder
        if minFrequency < 1 { failure("Vocabulary: minFrequency must be >= 1, got \(minFrequency)") }
        if let maxSize, maxSize < special.count {
            failure("Vocabulary: maxSize \(maxSize) is smaller than the \(special.count) special tokens \(special)")
        }
        var counts: [String: Int] = [:]
        for token in corpus { counts[token, default: 0] += 1 }
        for token in special { counts[token] = nil }
        var regular = counts.filter { $0.value >= minFrequency }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map(\.key)
        if let maxSize { regular = Array(regular.prefix(maxSize - special.count)) }
        self.init(tokens: special + regular, specials: specials)
    }

    /// Checks that `tokens` starts with the specials in order and has no repeats; nil if valid.
    static func problem(tokens: [String], specials: SpecialTokens) -> String? {
        let special = specials.inOrder
        if Set(special).count != special.count { return "special tokens \(special) are not distinct" }
        for (id, token) in special.enumerated() where id >= tokens.count || tokens[id] != token {
            let found = id < tokens.count ? "\"\(tokens[id])\"" : "missing (only \(tokens.count) tokens)"
            return "special token \"\(token)\" must have ID \(id), but token \(id) is \(found)"
        }
        var seen: [String: Int] = [:]
        for (id, token) in tokens.enumerated() {
            if let first = seen[token] { return "token \"\(token)\" appears twice, with IDs \(first) and \(id)" }
            seen[token] = id
        }
        return nil
    }

    /// The number of tokens (V, the size of an `Embedding` or output layer).
    public var count: Int { tokens.count }

    /// The ID of `token`, or nil if it is not in the vocabulary.
    public func id(of token: String) -> Int? { idsByToken[token] }

    /// Whether `token` is in the vocabulary.
    public func contains(_ token: String) -> Bool { idsByToken[token] != nil }

    /// The token with ID `id` (in `0..<count`).
    public func token(at id: Int) -> String {
        if id < 0 || id >= tokens.count { failure("Vocabulary: ID \(id) is out of range 0..<\(tokens.count)") }
        return tokens[id]
    }

    /// The IDs of the special tokens (nil when not configured).
    public var paddingID: Int? { specials.padding.flatMap(id(of:)) }
    public var unknownID: Int? { specials.unknown.flatMap(id(of:)) }
    public var beginID: Int? { specials.begin.flatMap(id(of:)) }
    public var endID: Int? { specials.end.flatMap(id(of:)) }

    /// The IDs of `tokens`; a token not in the vocabulary gets ``unknownID``. `addBegin` / `addEnd` add the
    /// begin / end token around the sequence.
    ///
    /// A token not in the vocabulary when there is no unknown token stops with a message naming it; use
    /// ``encodeExactly(_:)`` to get a thrown error instead.
    public func encode(_ tokens: some Sequence<String>, addBegin: Bool = false, addEnd: Bool = false) -> [Int] {
        var ids: [Int] = []
        if addBegin { ids.append(requiredID(specials.begin, "begin", "addBegin")) }
        for (position, token) in tokens.enumerated() {
            if let id = idsByToken[token] { ids.append(id); continue }
            guard let unknown = unknownID else {
                failure("Vocabulary.encode: token \"\(token)\" at position \(position) is not in the vocabulary, which has no unknown token")
            }
            ids.append(unknown)
        }
        if addEnd { ids.append(requiredID(specials.end, "end", "addEnd")) }
        return ids
    }

    /// The IDs of `tokens`, throwing ``VocabularyError/unknownToken(_:position:)`` for the first token
    /// not in the vocabulary (the unknown token is never used).
    public func encodeExactly(_ tokens: some Sequence<String>) throws -> [Int] {
        var ids: [Int] = []
        for (position, token) in tokens.enumerated() {
            guard let id = idsByToken[token] else { throw VocabularyError.unknownToken(token, position: position) }
            ids.append(id)
        }
        return ids
    }

    /// The tokens of `ids` (each in `0..<count`); `skipSpecials` leaves out padding, begin and end tokens
    /// (unknown tokens are kept, so the output shows where something was lost).
    public func decode(_ ids: some Sequence<Int>, skipSpecials: Bool = false) -> [String] {
        let skipped = Set([paddingID, beginID, endID].compactMap { $0 })
        var out: [String] = []
        for id in ids where !(skipSpecials && skipped.contains(id)) { out.append(token(at: id)) }
        return out
    }

    private func requiredID(_ token: String?, _ role: String, _ option: String) -> Int {
        guard let token, let id = idsByToken[token] else {
            failure("Vocabulary.encode: \(option) needs a \(role) token, but the vocabulary has none")
        }
        return id
    }

    public static func == (a: Vocabulary, b: Vocabulary) -> Bool {
        a.tokens == b.tokens && a.specials == b.specials
    }
}
