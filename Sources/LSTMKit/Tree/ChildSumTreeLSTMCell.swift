/// The Child-Sum Tree-LSTM cell (Tai, Socher & Manning 2015, equations 2-8), for trees whose nodes have any
/// number of unordered children (dependency trees). Node j with input x and children k in C(j):
///
///     h~  = sum_k h_k                                                         [B, H]
///     i   = sigmoid(x @ W_ii^T + b_ii + h~ @ W_hi^T + b_hi)     input gate           [B, H]
///     f_k = sigmoid(x @ W_if^T + b_if + h_k @ W_hf^T + b_hf)    one forget gate per child
///     g   = tanh   (x @ W_ig^T + b_ig + h~ @ W_hg^T + b_hg)     candidate (the paper's u)
///     o   = sigmoid(x @ W_io^T + b_io + h~ @ W_ho^T + b_ho)     output gate
///     c   = i * g + sum_k f_k * c_k
///     h   = o * tanh(c)
///
/// A leaf has no children: h~ = 0 and the sums are empty. The paper's single bias b is split in two as in
/// PyTorch's LSTM (b = b_i* + b_h*).
///
/// Parameters, blocks stacked in the order i, f, g, o like `LSTMCell` (a node with one child is exactly an
/// `LSTMCell` step with the same weights):
/// - `weightIH` [4H, D], `weightHH` [4H, H]
/// - `biasIH` [4H], `biasHH` [4H]
///
/// Initialization: every entry ~ U(-1/sqrt(H), 1/sqrt(H)) as in PyTorch's LSTM.
public final class ChildSumTreeLSTMCell<Scalar: TensorScalar>: TreeLSTMCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>
    public let biasHH: Parameter<Scalar>
    public var isTraining = true

    public init(inputSize: Int, hiddenSize: Int, rng: RandomSource = .global) {
        if inputSize <= 0 || hiddenSize <= 0 {
            failure("ChildSumTreeLSTMCell: inputSize \(inputSize), hiddenSize \(hiddenSize): sizes must be positive")
        }
        let (d, h) = (inputSize, hiddenSize)
        self.inputSize = d
        self.hiddenSize = h
        weightIH = recurrentUniform([4 * h, d], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([4 * h, h], hiddenSize: h, rng: rng)
        biasIH = recurrentUniform([4 * h], hiddenSize: h, rng: rng)
        biasHH = recurrentUniform([4 * h], hiddenSize: h, rng: rng)
    }

    public var maximumChildCount: Int? { nil }

    /// The forget-gate block of the recurrent weights and bias: W_hf [H, H], b_hf [H].
    var forgetHH: (weight: Tensor<Scalar>, bias: Tensor<Scalar>) {
        let h = hiddenSize
        return (weightHH.value.slice(axis: 0, h..<(2 * h)), biasHH.value.slice(axis: 0, h..<(2 * h)))
    }

    public func node(_ x: Tensor<Scalar>, children: [LSTMState<Scalar>]) -> LSTMState<Scalar> {
        let hSum = children.map(\.h).reduce(Tensor<Scalar>.zeros([1, hiddenSize]), +)        // [1, H]
        let xz = matmul(x, weightIH.value, transposeB: true) + biasIH.value                 // [1, 4H]
        let z = (xz + matmul(hSum, weightHH.value, transposeB: true) + biasHH.value).chunked(4, axis: 1)
        let i = sigmoid(z[0])                                                               // [1, H]
        let g = tanh(z[2])
        let o = sigmoid(z[3])
        let xf = xz.chunked(4, axis: 1)[1]
        let (wf, bf) = forgetHH
        var c = i * g                                                                       // [1, H]
        for child in children {
            let f = sigmoid(xf + matmul(child.h, wf, transposeB: true) + bf)                // [1, H]
            c = c + f * child.c
        }
        return LSTMState(h: o * tanh(c), c: c)
    }

    public func callAsFunction(_ x: Tensor<Scalar>, tree: TreeBatch) -> LSTMState<Scalar> {
        checkTreeInput(x, tree)
        let hs = hiddenSize
        let xz = matmul(x, weightIH.value, transposeB: true) + biasIH.value                 // [N, 4H]
        let (wf, bf) = forgetHH
        var table = TreeStateTable<Scalar>(nodeCount: tree.nodeCount, hiddenSize: hs)
        for nodes in tree.levels {
            let n = nodes.count
            let k = Swift.max(1, nodes.map { tree.children[$0].count }.max() ?? 0)
            let kids = table.children(of: nodes, in: tree, slots: k)                       // [n*K, H], zeros pad
            let hSum = kids.h.reshaped([n, k, hs]).sum(axis: 1)                            // [n, H]
            let xl = xz.indexSelect(axis: 0, nodes)                                        // [n, 4H]
            let z = (xl + matmul(hSum, weightHH.value, transposeB: true) + biasHH.value).chunked(4, axis: 1)
            let i = sigmoid(z[0])                                                          // [n, H]
            let g = tanh(z[2])
            let o = sigmoid(z[3])
            let xf = xl.chunked(4, axis: 1)[1].unsqueezed(1)                               // [n, 1, H]
            let f = sigmoid((matmul(kids.h, wf, transposeB: true) + bf).reshaped([n, k, hs]) + xf)  // [n, K, H]
            let c = i * g + (f * kids.c.reshaped([n, k, hs])).sum(axis: 1)                // [n, H]
            table.append(nodes, h: o * tanh(c), c: c)
        }
        return table.states
    }
}
