/// A Tree-LSTM cell (Tai, Socher & Manning 2015, "Improved Semantic Representations From Tree-Structured Long
/// Short-Term Memory Networks"): a node's state (h, c) comes from its input x and its children's states.
///
/// Two ways to run one over a forest, tested equal forward and in every gradient:
/// - `node(_:children:)`, the readable reference: one node, written line for line as the paper's equations;
///   `nodeByNode(_:tree:)` calls it for every node, children first.
/// - `callAsFunction(_:tree:)`, batched by tree level: all nodes of one height across the whole batch
///   take their children's states from one gather and their gates from one matrix product, so a batch
///   costs one step per level (about 2 log2 N for balanced trees, ~30 for SST), not one per node.
public protocol TreeLSTMCell<Scalar>: Module {
    /// D, the input size.
    var inputSize: Int { get }
    /// H, the state size.
    var hiddenSize: Int { get }
    /// The most children a node may have (nil: any number).
    var maximumChildCount: Int? { get }
    /// One node: x [1, D] and the children's states (each h, c [1, H]), left to right.
    func node(_ x: Tensor<Scalar>, children: [LSTMState<Scalar>]) -> LSTMState<Scalar>
    /// Every node of `tree` level by level: x [N, D] (row n is node n's input; zero rows for nodes without
    /// one, such as the inner nodes of a constituency tree) -> h, c [N, H].
    func callAsFunction(_ x: Tensor<Scalar>, tree: TreeBatch) -> LSTMState<Scalar>
}

extension TreeLSTMCell {
    /// The reference forward pass: `node` for each node of `tree` in order (children first): h, c [N, H].
    public func nodeByNode(_ x: Tensor<Scalar>, tree: TreeBatch) -> LSTMState<Scalar> {
        checkTreeInput(x, tree)
        var states: [LSTMState<Scalar>] = []
        for n in 0..<tree.nodeCount {
            let xn = x.slice(axis: 0, n..<(n + 1))                                     // [1, D]
            states.append(node(xn, children: tree.children[n].map { states[$0] }))
        }
        return LSTMState(h: .concat(states.map(\.h), axis: 0), c: .concat(states.map(\.c), axis: 0))   // [N, H]
    }

    func checkTreeInput(_ x: Tensor<Scalar>, _ tree: TreeBatch) {
        if x.shape != [tree.nodeCount, inputSize] {
            failure("\(Self.self): input \(x.shape) must be [N, D] = [\(tree.nodeCount), \(inputSize)] (one row per node)")
        }
        if let k = maximumChildCount, tree.maximumChildCount > k {
            failure("\(Self.self): a node has \(tree.maximumChildCount) children; this cell takes at most \(k)")
        }
    }
}

/// The states of the nodes a level-batched pass has computed so far: h and c tables whose row 0 is zero (a
/// missing child) and whose row `row[n]` holds node n once its level is done.
struct TreeStateTable<Scalar: TensorScalar> {
    private(set) var h: Tensor<Scalar>                 // [1 + done, H]
    private(set) var c: Tensor<Scalar>                 // [1 + done, H]
    private var row: [Int]

    init(nodeCount: Int, hiddenSize: Int) {
        h = .zeros([1, hiddenSize])
        c = .zeros([1, hiddenSize])
        row = [Int](repeating: 0, count: nodeCount)
    }

    /// The children's states of `nodes` in `slots` slots per node (slot k: child k, or zeros where a node has
    /// fewer children): h, c [nodes.count * slots, H], node-major.
    func children(of nodes: [Int], in tree: TreeBatch, slots: Int) -> (h: Tensor<Scalar>, c: Tensor<Scalar>) {
        var rows = [Int](repeating: 0, count: nodes.count * slots)
        for (j, n) in nodes.enumerated() {
            for (k, child) in tree.children[n].enumerated() { rows[j * slots + k] = row[child] }
        }
        return (h.indexSelect(axis: 0, rows), c.indexSelect(axis: 0, rows))
    }

    /// Adds the states of `nodes` (h, c [nodes.count, H], in that order).
    mutating func append(_ nodes: [Int], h newH: Tensor<Scalar>, c newC: Tensor<Scalar>) {
        let first = h.shape[0]
        for (j, n) in nodes.enumerated() { row[n] = first + j }
        h = .concat([h, newH], axis: 0)
        c = .concat([c, newC], axis: 0)
    }

    /// h, c [N, H] in node order.
    var states: LSTMState<Scalar> {
        LSTMState(h: h.indexSelect(axis: 0, row), c: c.indexSelect(axis: 0, row))
    }
}
