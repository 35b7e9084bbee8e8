/// The N-ary Tree-LSTM cell with N = 2 (Tai, Socher & Manning 2015, equations 9-14), for binarized
/// constituency trees such as the Stanford Sentiment Treebank's: each child position l (left L, right R) has
/// its own weights, and each forget gate sees both children. Node j with input x and children h_L, h_R:
///
///     i   = sigmoid(x @ W_ii^T + b_ii + h_L @ U_Li^T + h_R @ U_Ri^T + b_hi)     input gate        [B, H]
///     f_L = sigmoid(x @ W_ifL^T + b_ifL + h_L @ U_LfL^T + h_R @ U_RfL^T + b_hfL) left forget gate
///     f_R = sigmoid(x @ W_ifR^T + b_ifR + h_L @ U_LfR^T + h_R @ U_RfR^T + b_hfR) right forget gate
///     g   = tanh   (x @ W_ig^T + b_ig + h_L @ U_Lg^T + h_R @ U_Rg^T + b_hg)     candidate (the paper's u)
///     o   = sigmoid(x @ W_io^T + b_io + h_L @ U_Lo^T + h_R @ U_Ro^T + b_ho)     output gate
///     c   = i * g + f_L * c_L + f_R * c_R
///     h   = o * tanh(c)
///
/// A missing child has h = c = 0: a leaf has none, a node with one child (a unary chain) has it on the left.
/// In SST only leaves carry a word; inner nodes get x = 0, so their gates depend on the children alone.
///
/// Parameters, gate blocks stacked in the order i, f_L, f_R, g, o; `weightHH` holds [U_L | U_R] side by side,
/// so the gates of a node are one product of [h_L | h_R] [B, 2H]:
/// - `weightIH` [5H, D], `weightHH` [5H, 2H] (columns 0..<H act on h_L, H..<2H on h_R)
/// - `biasIH` [5H], `biasHH` [5H] (the paper's b split in two as in PyTorch's LSTM)
///
/// Initialization: every entry ~ U(-1/sqrt(H), 1/sqrt(H)) as in PyTorch's LSTM.
public final class BinaryTreeLSTMCell<Scalar: TensorScalar>: TreeLSTMCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>
    public let biasHH: Parameter<Scalar>
    public var isTraining = true

    public init(inputSize: Int, hiddenSize: Int, rng: RandomSource = .global) {
        if inputSize <= 0 || hiddenSize <= 0 {
            failure("BinaryTreeLSTMCell: inputSize \(inputSize), hiddenSize \(hiddenSize): sizes must be positive")
        }
        let (d, h) = (inputSize, hiddenSize)
        self.inputSize = d
        self.hiddenSize = h
        weightIH = recurrentUniform([5 * h, d], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([5 * h, 2 * h], hiddenSize: h, rng: rng)
        biasIH = recurrentUniform([5 * h], hiddenSize: h, rng: rng)
        biasHH = recurrentUniform([5 * h], hiddenSize: h, rng: rng)
    }

    public var maximumChildCount: Int? { 2 }

    public func node(_ x: Tensor<Scalar>, children: [LSTMState<Scalar>]) -> LSTMState<Scalar> {
        if children.count > 2 { failure("BinaryTreeLSTMCell: a node has \(children.count) children; at most 2") }
        let hs = hiddenSize
        let none = LSTMState<Scalar>(h: .zeros([1, hs]), c: .zeros([1, hs]))
        let left = children.count > 0 ? children[0] : none
        let right = children.count > 1 ? children[1] : none
        let uL = weightHH.value.slice(axis: 1, 0..<hs)                                      // [5H, H]
        let uR = weightHH.value.slice(axis: 1, hs..<(2 * hs))                               // [5H, H]
        let z = (matmul(x, weightIH.value, transposeB: true) + biasIH.value
                 + matmul(left.h, uL, transposeB: true) + matmul(right.h, uR, transposeB: true)
                 + biasHH.value).chunked(5, axis: 1)                                        // 5 x [1, H]
        let i = sigmoid(z[0])
        let fL = sigmoid(z[1])
        let fR = sigmoid(z[2])
        let g = tanh(z[3])
        let o = sigmoid(z[4])
        let c = i * g + fL * left.c + fR * right.c                                         // [1, H]
        return LSTMState(h: o * tanh(c), c: c)
    }

    public func callAsFunction(_ x: Tensor<Scalar>, tree: TreeBatch) -> LSTMState<Scalar> {
        checkTreeInput(x, tree)
        let hs = hiddenSize
        let xz = matmul(x, weightIH.value, transposeB: true) + biasIH.value                 // [N, 5H]
        var table = TreeStateTable<Scalar>(nodeCount: tree.nodeCount, hiddenSize: hs)
        for nodes in tree.levels {
            let n = nodes.count
            let kids = table.children(of: nodes, in: tree, slots: 2)                       // [2n, H]: L, R, L, R...
            let hLR = kids.h.reshaped([n, 2 * hs])                                         // [n, 2H] = [h_L | h_R]
            let z = xz.indexSelect(axis: 0, nodes) + matmul(hLR, weightHH.value, transposeB: true)
                + biasHH.value                                                             // [n, 5H]
            let i = sigmoid(z.slice(axis: 1, 0..<hs))                                      // [n, H]
            let f = sigmoid(z.slice(axis: 1, hs..<(3 * hs))).reshaped([n, 2, hs])          // [n, 2, H]: f_L, f_R
            let g = tanh(z.slice(axis: 1, (3 * hs)..<(4 * hs)))
            let o = sigmoid(z.slice(axis: 1, (4 * hs)..<(5 * hs)))
            let c = i * g + (f * kids.c.reshaped([n, 2, hs])).sum(axis: 1)                // [n, H]
            table.append(nodes, h: o * tanh(c), c: c)
        }
        return table.states
    }
}
