/// A binary-tree (hierarchical) softmax output layer (Morin & Bengio 2005, "Hierarchical probabilistic
/// neural network language model"; the Huffman tree of word2vec, Mikolov et al. 2013): every word is a
/// leaf of a binary tree, every internal node n has a vector W[n] and a bias b[n], and the probability of a
/// word is the product of the branch probabilities on its path from the root:
///
///     s[n]     = h @ W[n]^T + b[n]                                          [B, V-1]
///     p(w | h) = prod over (n, code) on path(w) of sigmoid(sign(code) * s[n])      sign(0) = +1, sign(1) = -1
///     log p(w | h) = sum over the path of logSigmoid(sign * s[n]),   logSigmoid(x) = -softplus(-x)
///
/// At every node the two branches have probabilities sigmoid(s) and sigmoid(-s), which sum to 1, so the
/// leaves' probabilities sum to 1: an exact distribution over the vocabulary. A word's log-likelihood needs
/// only the nodes on its path (about log2 V, fewer for frequent words with a Huffman tree).
///
/// `logProbabilities` is the readable reference (the full [B, V] table from differentiable ops: the path
/// sums as two products with constant [V-1, V] sign matrices); `logLikelihood` is the target-only path
/// (`HierarchicalSoftmaxKernel`), tested equal to it.
///
/// Parameters: `nodeWeight` [V-1, D], `nodeBias` [V-1], initialized as `Linear` (U(-1/sqrt(D), 1/sqrt(D))).
public final class HierarchicalSoftmax<Scalar: TensorScalar>: Module {
    public let inputSize: Int
    public let tree: HuffmanTree
    public let nodeWeight: Parameter<Scalar>
    public let nodeBias: Parameter<Scalar>
    public var isTraining = true

    /// - Parameters:
    ///   - inputSize: D, the width of the hidden vectors scored.
    ///   - counts: unigram counts, one per word (at least 2 words); the Huffman tree is built from them.
    ///   - rng: draws the initial node weights.
    public init(inputSize: Int, counts: [Int], rng: RandomSource = .global) {
        if inputSize < 1 || counts.count < 2 {
            failure("HierarchicalSoftmax: inputSize \(inputSize) must be positive and there must be at least 2 words, got \(counts.count)")
        }
        self.inputSize = inputSize
        tree = HuffmanTree(counts: counts)
        let bound = 1 / Double(inputSize).squareRoot(), nodes = tree.nodeCount
        nodeWeight = Parameter(Initializers.uniform([nodes, inputSize], -bound, bound, rng, "HierarchicalSoftmax"))
        nodeBias = Parameter(Initializers.uniform([nodes], -bound, bound, rng, "HierarchicalSoftmax"))
    }

    public var vocabularySize: Int { tree.wordCount }

    /// log p(w | h) for every word: h [B, D] -> [B, V].
    public func logProbabilities(_ h: Tensor<Scalar>) -> Tensor<Scalar> {
        checkInput(h)
        let s = matmul(h, nodeWeight.value, transposeB: true) + nodeBias.value           // [B, V-1]
        let (plus, minus) = signMatrices()                                                // [V-1, V] each
        return matmul(-softplus(-s), plus) + matmul(-softplus(s), minus)                  // [B, V]
    }

    /// log p(t[n] | h[n]) for each row, h [N, D] -> [N], from the nodes on each target's path only.
    public func logLikelihood(_ h: Tensor<Scalar>, targets: [Int]) -> Tensor<Scalar> {
        checkInput(h)
        checkTargets(h, targets)
        let (n, d, nodes) = (h.shape[0], inputSize, tree.nodeCount)
        let (w, b) = (nodeWeight.value, nodeBias.value)
        let hs = h.scalars, ws = w.scalars
        let paths = targets.map { tree.paths[$0] }, codes = targets.map { tree.codes[$0] }
        let (ll, branch) = HierarchicalSoftmaxKernel.forward(h: hs, inputSize: d, weight: ws, bias: b.scalars,
                                                              paths: paths, codes: codes)
        return Tensor.customOp(name: "HierarchicalSoftmax.logLikelihood", inputs: [h, w, b],
                               outputs: [Tensor(shape: [n], scalars: ll)]) { dOut in
            let g = HierarchicalSoftmaxKernel.backward(dLL: dOut[0].scalars, branch: branch, h: hs, inputSize: d,
                                                       weight: ws, nodes: nodes, paths: paths, codes: codes)
            return [Tensor(shape: [n, d], scalars: g.h), Tensor(shape: [nodes, d], scalars: g.weight),
                    Tensor(shape: [nodes], scalars: g.bias)]
        }[0]
    }

    /// The mean negative log-likelihood of `targets` [N] given h [N, D] (`reference`: from the full table).
    public func negativeLogLikelihood(_ h: Tensor<Scalar>, targets: [Int], reference: Bool = false) -> Tensor<Scalar> {
        if !reference { return -logLikelihood(h, targets: targets).mean() }
        checkTargets(h, targets)
        return -logProbabilities(h).gather(axis: 1, indices: targets, indexShape: [targets.count, 1]).mean()
    }

    /// plus[n, w] = 1 when w's path takes code 0 at node n, minus[n, w] = 1 when it takes code 1.
    func signMatrices() -> (plus: Tensor<Scalar>, minus: Tensor<Scalar>) {
        let (nodes, v) = (tree.nodeCount, vocabularySize)
        var plus = [Scalar](repeating: 0, count: nodes * v), minus = plus
        for w in 0..<v {
            for (node, code) in zip(tree.paths[w], tree.codes[w]) {
                if code == 0 { plus[node * v + w] = 1 } else { minus[node * v + w] = 1 }
            }
        }
        return (Tensor(shape: [nodes, v], scalars: plus), Tensor(shape: [nodes, v], scalars: minus))
    }

    func checkInput(_ h: Tensor<Scalar>) {
        if h.rank != 2 || h.shape[1] != inputSize {
            failure("HierarchicalSoftmax: input of shape \(h.shape), expected [N, \(inputSize)]")
        }
    }

    func checkTargets(_ h: Tensor<Scalar>, _ targets: [Int]) {
        if targets.count != h.shape[0] || targets.contains(where: { $0 < 0 || $0 >= vocabularySize }) {
            failure("HierarchicalSoftmax: \(targets.count) targets for a batch of \(h.shape[0]); each must be in 0..<\(vocabularySize)")
        }
    }
}
