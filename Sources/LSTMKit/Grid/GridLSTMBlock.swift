/// One block of an N-dimensional Grid LSTM (Kalchbrenner, Danihelka & Graves 2015, "Grid Long Short-Term
/// Memory", section 2): the block receives a hidden vector h_k and a memory vector m_k along each of its N
/// dimensions, and applies a separate LSTM transform along every dimension to the SAME concatenated hidden
/// input, so that memory flows along every dimension, depth included.
///
///     Hc = [h_1 ; h_2 ; ... ; h_N]                                   the shared input        [B, N*H]
///     for each dimension k in 1...N, with its own W_k [4H, N*H] and b_k [4H]:
///         a_k = Hc @ W_k^T + b_k                                                             [B, 4H]
///         i = sigmoid(a_k^i), f = sigmoid(a_k^f), g = tanh(a_k^g), o = sigmoid(a_k^o)      [B, H]
///         m_k' = f * m_k + i * g                                     new memory along k      [B, H]
///         h_k' = o * tanh(m_k')                                      new hidden along k      [B, H]
///
/// Gate blocks are stacked in PyTorch's order i, f, g, o. The paper writes the output as
/// h' = tanh(o * m'); this block uses the standard LSTM output o * tanh(m') (as `LSTMCell`, TensorFlow's
/// `GridLSTMCell` and most implementations), so with N = 1 a block is an `LSTMCell` whose input is its own
/// hidden vector. There is one bias per transform (the Grid LSTM has no PyTorch counterpart to map to).
///
/// Parameters: `weights.k` [4H, N*H] and `biases.k` [4H] for k = 0..<N, initialized ~ U(-1/sqrt(H),
/// 1/sqrt(H)) (PyTorch's recurrent initialization) in that order, dimension by dimension.
/// The networks built from blocks are `DepthGridLSTM` (1-D along depth: the paper's parity network) and
/// `GridLSTM2D` (two spatial dimensions plus depth over image patches).
public final class GridLSTMBlock<Scalar: TensorScalar>: Module {
    /// N, the number of dimensions.
    public let dimensionCount: Int
    /// H, the size of every h_k and m_k.
    public let hiddenSize: Int
    public let weights: [Parameter<Scalar>]
    public let biases: [Parameter<Scalar>]
    public var isTraining = true

    public init(dimensionCount: Int, hiddenSize: Int, rng: RandomSource = .global) {
        if dimensionCount <= 0 || hiddenSize <= 0 {
            failure("GridLSTMBlock: dimensionCount \(dimensionCount) and hiddenSize \(hiddenSize) must be positive")
        }
        self.dimensionCount = dimensionCount
        self.hiddenSize = hiddenSize
        var w: [Parameter<Scalar>] = [], b: [Parameter<Scalar>] = []
        for _ in 0..<dimensionCount {
            w.append(recurrentUniform([4 * hiddenSize, dimensionCount * hiddenSize], hiddenSize: hiddenSize, rng: rng))
            b.append(recurrentUniform([4 * hiddenSize], hiddenSize: hiddenSize, rng: rng))
        }
        weights = w
        biases = b
    }

    /// The result of one block: the new h_k and m_k per dimension, and each transform's gates [i, f, g, o].
    public struct Output {
        public var hidden: [Tensor<Scalar>]
        public var memory: [Tensor<Scalar>]
        public var gates: [[Tensor<Scalar>]]
    }

    /// Applies the block to h_k and m_k [B, H], k = 0..<N.
    public func callAsFunction(hidden: [Tensor<Scalar>], memory: [Tensor<Scalar>]) -> Output {
        let (n, h) = (dimensionCount, hiddenSize)
        if hidden.count != n || memory.count != n {
            failure("GridLSTMBlock: \(hidden.count) hidden and \(memory.count) memory vectors for \(n) dimensions")
        }
        let batch = hidden[0].rank == 2 ? hidden[0].shape[0] : -1
        for t in hidden + memory where t.shape != [batch, h] {
            failure("GridLSTMBlock: a hidden or memory vector of shape \(t.shape), expected [B, \(h)]")
        }
        let shared = n == 1 ? hidden[0] : Tensor.concat(hidden, axis: 1)                  // Hc [B, N*H]
        var output = Output(hidden: [], memory: [], gates: [])
        for k in 0..<n {
            let a = matmul(shared, weights[k].value, transposeB: true) + biases[k].value    // [B, 4H]
            let blocks = a.chunked(4, axis: 1)
            let i = sigmoid(blocks[0]), f = sigmoid(blocks[1]), g = tanh(blocks[2]), o = sigmoid(blocks[3])
            let m = f * memory[k] + i * g
            output.hidden.append(o * tanh(m))
            output.memory.append(m)
            output.gates.append([i, f, g, o])
        }
        return output
    }
}
