/// A tree with a class label on every node, as in the Stanford Sentiment Treebank (Socher et al. 2013): a
/// leaf holds one word, an inner node its subtrees in order. Written in the Penn-style bracketed form
///
///     (3 (2 It) (4 (2 's) (3 good)))
///
/// where each `(` opens a node, the integer after it is the node's label, and the rest is either one word (a
/// leaf) or one or more subtrees.
public struct LabeledTree: Equatable, Sendable {
    public var label: Int
    /// The word of a leaf (nil for an inner node).
    public var word: String?
    /// The subtrees of an inner node, left to right (empty for a leaf).
    public var children: [LabeledTree]

    public init(label: Int, word: String) {
        self.label = label
        self.word = word
        self.children = []
    }

    public init(label: Int, children: [LabeledTree]) {
        self.label = label
        self.word = nil
        self.children = children
    }

    /// The words of the leaves, left to right (the sentence).
    public var words: [String] {
        if let word { return [word] }
        return children.flatMap(\.words)
    }

    /// The number of nodes.
    public var nodeCount: Int { 1 + children.reduce(0) { $0 + $1.nodeCount } }

    /// The height: 0 for a leaf, else 1 + the tallest subtree's height.
    public var height: Int { children.map { $0.height + 1 }.max() ?? 0 }

    /// The bracketed form, `(3 (2 It) (4 (2 's) (3 good)))`: what `init(bracketed:)` reads.
    public var bracketed: String {
        if let word { return "(\(label) \(word))" }
        return "(\(label) " + children.map(\.bracketed).joined(separator: " ") + ")"
    }
}

/// Why a bracketed tree could not be read, and where: `column` counts characters (Unicode scalars) from 1.
public struct TreeSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
