extension LabeledTree {
    /// The deepest tree `init(bracketed:)` reads (the parser itself uses no recursion; the limit keeps the
    /// recursive helpers such as `words` and `height` safe). SST's deepest tree has height 30 or so.
    public static let maximumDepth = 1000

    /// Reads one bracketed tree, `(3 (2 It) (4 (2 's) (3 good)))`, with labels in `0..<labelCount` on every
    /// node. Whitespace separates tokens; a word is any run of characters other than whitespace and brackets
    /// (SST writes brackets inside words as `-LRB-` / `-RRB-`). A leaf's text may be several such runs, as in
    /// SST's `(2 8 1\/2)`: they form one word joined by single spaces.
    ///
    /// - Throws: `TreeSyntaxError` naming the column of the first problem: an unbalanced bracket, a missing
    ///   or out-of-range label, an empty leaf `(2 )`, a node with both a word and
    ///   subtrees, text after the tree, or nesting deeper than `maximumDepth`.
    public init(bracketed text: String, labelCount: Int = 5) throws {
        let chars = Array(text.unicodeScalars)
        var frames: [Frame] = []
        var result: LabeledTree?
        var k = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
        func token(from start: Int) -> (String, Int) {
            var end = start
            while end < chars.count, chars[end] != "(", chars[end] != ")", !isSpace(chars[end]) { end += 1 }
            var s = String.UnicodeScalarView()
            s.append(contentsOf: chars[start..<end])
            return (String(s), end)
        }
        while k < chars.count {
            let c = chars[k]
            if isSpace(c) { k += 1; continue }
            if result != nil && c == ")" {
                throw TreeSyntaxError(column: k + 1, "unbalanced brackets: ')' closes no open node")
            }
            if result != nil {
                let (rest, _) = token(from: k)
                throw TreeSyntaxError(column: k + 1, "text after the tree's closing ')': '\(rest.isEmpty ? String(c) : rest)'")
            }
            if c == "(" {
                if let top = frames.last, top.word != nil {
                    throw TreeSyntaxError(column: k + 1, "a subtree follows the word '\(top.word!)' " +
                                          "(a node has either one word or subtrees)")
                }
                if frames.count >= Self.maximumDepth {
                    throw TreeSyntaxError(column: k + 1, "the tree is nested deeper than \(Self.maximumDepth) levels")
                }
                let open = k + 1
                k += 1
                while k < chars.count, isSpace(chars[k]) { k += 1 }
                let (label, end) = token(from: k)
                guard !label.isEmpty else {
                    throw TreeSyntaxError(column: k + 1, "missing label after '(' (expected an integer 0-\(labelCount - 1))")
                }
                guard let value = Int(label) else {
                    throw TreeSyntaxError(column: k + 1, "missing label after '(': found '\(label)', expected an " +
                                          "integer 0-\(labelCount - 1)")
                }
                guard value >= 0 && value < labelCount else {
                    throw TreeSyntaxError(column: k + 1, "label \(value) is out of range 0-\(labelCount - 1)")
                }
                frames.append(Frame(label: value, column: open))
                k = end
            } else if c == ")" {
                guard let frame = frames.popLast() else {
                    throw TreeSyntaxError(column: k + 1, "unbalanced brackets: ')' closes no open node")
                }
                let node: LabeledTree
                if let word = frame.word {
                    node = LabeledTree(label: frame.label, word: word)
                } else if !frame.children.isEmpty {
                    node = LabeledTree(label: frame.label, children: frame.children)
                } else {
                    throw TreeSyntaxError(column: k + 1, "empty leaf: the node with label \(frame.label) opened at " +
                                          "column \(frame.column) has no word and no subtrees")
                }
                if frames.isEmpty { result = node } else { frames[frames.count - 1].children.append(node) }
                k += 1
            } else {
                let (word, end) = token(from: k)
                guard !frames.isEmpty else {
                    throw TreeSyntaxError(column: k + 1, "expected '(' to open a tree, found '\(word)'")
                }
                let top = frames[frames.count - 1]
                if !top.children.isEmpty {
                    throw TreeSyntaxError(column: k + 1, "word '\(word)' beside subtrees (a node has either one word or subtrees)")
                }
                // SST has a few leaves of several tokens, `(2 8 1\/2)`: one word with single spaces.
                frames[frames.count - 1].word = top.word.map { $0 + " " + word } ?? word
                k = end
            }
        }
        if let open = frames.last {
            throw TreeSyntaxError(column: chars.count + 1, "unbalanced brackets: \(frames.count) node(s) still open " +
                                  "at the end (the innermost opened at column \(open.column))")
        }
        guard let result else { throw TreeSyntaxError(column: 1, "empty tree: expected '(label ...)'") }
        self = result
    }

    /// A node being read: its label, the column of its '(', and its word or subtrees so far.
    private struct Frame {
        var label: Int
        var column: Int
        var word: String?
        var children: [LabeledTree] = []
    }
}
