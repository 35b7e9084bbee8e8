/// A forest of trees flattened for a Tree-LSTM: N nodes numbered so that every child comes before its parent,
/// each node's children in order, and the nodes grouped by height, the schedule of the level-batched forward
/// pass (all nodes of one height, across every tree of the batch, in one matrix product).
///
///     let batch = TreeBatch(trees: [tree1, tree2])    // post-order: tree1's nodes, then tree2's
///     batch.levels[0]                                 // the leaves of both trees
///     batch.roots                                     // [last node of tree1, last node of tree2]
public struct TreeBatch: Equatable, Sendable {
    /// children[n]: the children of node n, left to right (each < n).
    public let children: [[Int]]
    /// levels[l]: the nodes of height l (leaves 0, a parent 1 + its tallest child), in increasing order.
    public let levels: [[Int]]
    /// The nodes without a parent, in increasing order (with `init(trees:)`: one per tree, in tree order).
    public let roots: [Int]

    /// N, the number of nodes.
    public var nodeCount: Int { children.count }

    /// The largest number of children of any node.
    public var maximumChildCount: Int { children.map(\.count).max() ?? 0 }

    /// A forest given by each node's children. Every child index must be below its parent's (children
    /// first, so the forest has no cycles) and no node may have two parents; anything else is a programming
    /// error (`failure`).
    public init(children: [[Int]]) {
        var hasParent = [Bool](repeating: false, count: children.count)
        var height = [Int](repeating: 0, count: children.count)
        for (n, kids) in children.enumerated() {
            for k in kids {
                if k < 0 || k >= n {
                    failure("TreeBatch: node \(n) has child \(k); children must come before their parent (0..<\(n))")
                }
                if hasParent[k] { failure("TreeBatch: node \(k) has two parents (the second is \(n))") }
                hasParent[k] = true
                height[n] = Swift.max(height[n], height[k] + 1)
            }
        }
        var levels = [[Int]](repeating: [], count: (height.max() ?? -1) + 1)
        for (n, h) in height.enumerated() { levels[h].append(n) }
        self.children = children
        self.levels = levels
        self.roots = children.indices.filter { !hasParent[$0] }
    }

    /// The nodes of `trees` in post-order, tree after tree, with their labels and the words of the leaves
    /// (nil at inner nodes), each indexed by node.
    public static func flatten(_ trees: [LabeledTree]) -> (batch: TreeBatch, labels: [Int], words: [String?]) {
        var children: [[Int]] = [], labels: [Int] = [], words: [String?] = []
        // Iterative post-order (no recursion, whatever the depth).
        for tree in trees {
            var stack: [(node: LabeledTree, next: Int, kids: [Int])] = [(tree, 0, [])]
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].node.children.count {
                    let child = stack[top].node.children[stack[top].next]
                    stack[top].next += 1
                    stack.append((child, 0, []))
                } else {
                    let done = stack.removeLast()
                    let n = children.count
                    children.append(done.kids)
                    labels.append(done.node.label)
                    words.append(done.node.word)
                    if !stack.isEmpty { stack[stack.count - 1].kids.append(n) }
                }
            }
        }
        return (TreeBatch(children: children), labels, words)
    }

    /// The forest of `trees` (see `flatten`).
    public init(trees: [LabeledTree]) { self = Self.flatten(trees).batch }
}
