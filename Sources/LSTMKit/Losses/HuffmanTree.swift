/// A Huffman code over a vocabulary, built from unigram counts as word2vec builds it (Mikolov et al. 2013,
/// `CreateBinaryTree`): the two least frequent nodes are merged, again and again, until one root is left,
/// so frequent words get short paths. The V - 1 internal nodes are numbered 0..<V-1 in the order they were
/// made (the root is V - 2); the first of the two merged nodes gets code 0, the second code 1.
///
/// `paths[w]` lists the internal nodes from the root down to word w, `codes[w]` the branch taken at each
/// (0 or 1). A vocabulary of one word has no internal node and an empty path.
public struct HuffmanTree: Equatable, Sendable {
    public let paths: [[Int]]
    public let codes: [[Int]]

    /// - Parameter counts: one count >= 0 per word (ties are broken by word index, so the tree is deterministic).
    public init(counts: [Int]) {
        let v = counts.count
        if v < 1 || counts.contains(where: { $0 < 0 }) {
            failure("HuffmanTree: need at least one word and counts >= 0, got \(v) words")
        }
        // word2vec's linear-time construction: leaves sorted by count (descending), then two cursors, one
        // walking the leaves up from the rarest, one walking the new internal nodes in creation order.
        let order = counts.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
        // Internal nodes not made yet weigh Int.max (word2vec's 1e15), so the leaf cursor wins until they are.
        var weight = order.map { counts[$0] } + [Int](repeating: Int.max, count: Swift.max(v - 1, 0))
        var parent = [Int](repeating: -1, count: 2 * v), bit = [Int](repeating: 0, count: 2 * v)
        var leaf = v - 1, inner = v
        for a in 0..<Swift.max(v - 1, 0) {
            var picked: [Int] = []
            for _ in 0..<2 {
                // word2vec: the leaf only when strictly lighter than the next internal node.
                if leaf >= 0 && weight[leaf] < weight[inner] {
                    picked.append(leaf)
                    leaf -= 1
                } else {
                    picked.append(inner)
                    inner += 1
                }
            }
            weight[v + a] = weight[picked[0]] + weight[picked[1]]
            parent[picked[0]] = v + a
            parent[picked[1]] = v + a
            bit[picked[1]] = 1
        }
        var paths = [[Int]](repeating: [], count: v), codes = paths
        for (rank, w) in order.enumerated() {
            var node = rank, path: [Int] = [], code: [Int] = []
            while parent[node] >= 0 {
                path.append(parent[node] - v)
                code.append(bit[node])
                node = parent[node]
            }
            paths[w] = path.reversed()
            codes[w] = code.reversed()
        }
        self.paths = paths
        self.codes = codes
    }

    public var wordCount: Int { paths.count }
    /// V - 1.
    public var nodeCount: Int { Swift.max(paths.count - 1, 0) }
}
