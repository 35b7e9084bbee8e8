/// A lookup table of vectors (PyTorch `torch.nn.Embedding`): index i gives row i of the weight.
///
///     weight: [count, dimension]
///     y[p, :] = weight[indices[p], :]      indices with shape S -> y [S..., dimension]
///
/// Gradient: `dWeight[i, :] = sum of dy[p, :] over the positions p with indices[p] == i` (repeated indices
/// accumulate), except the padding row, which gets no gradient.
///
/// Initialization as PyTorch: weight ~ N(0, 1), with the row `paddingIndex` (if any) set to zeros. The
/// parameter is named `weight` like in a PyTorch `state_dict`. Indices are plain `[Int]` (row-major, with
/// an explicit shape), so this is a `Module` but not a `Layer`.
///
///     let embed = Embedding<Float>(count: 10, dimension: 4, paddingIndex: 0, rng: RandomSource(seed: 1))
///     let x = embed([3, 1, 0, 0, 7, 2], shape: [3, 2])   // [T=3, B=2, 4]
public final class Embedding<Scalar: TensorScalar>: Module {
    /// The table [count, dimension] (`weight`).
    public let weight: Parameter<Scalar>
    /// The number of rows (vocabulary size).
    public let count: Int
    /// The length of each vector.
    public let dimension: Int
    /// The row that stays zero and receives no gradient (normalized to 0..<count; PyTorch `padding_idx`).
    public let paddingIndex: Int?
    public var isTraining = true

    /// - Parameters:
    ///   - count: the number of vectors (PyTorch `num_embeddings`).
    ///   - dimension: the length of each vector (PyTorch `embedding_dim`).
    ///   - paddingIndex: in `-count..<count` (negative counts from the end, as in PyTorch).
    ///   - rng: draws the initial weights, N(0, 1) as in PyTorch.
    public init(count: Int, dimension: Int, paddingIndex: Int? = nil, rng: RandomSource = .global) {
        if count < 0 || dimension < 0 {
            failure("Embedding: sizes must not be negative (count \(count), dimension \(dimension))")
        }
        if let p = paddingIndex, p < -count || p >= count {
            failure("Embedding: paddingIndex \(p) is out of range for count \(count)")
        }
        self.count = count
        self.dimension = dimension
        self.paddingIndex = paddingIndex.map { $0 < 0 ? $0 + count : $0 }
        var table: Tensor<Scalar> = Initializers.normal([count, dimension], 0, 1, rng, "Embedding")
        if let p = self.paddingIndex {
            for j in 0..<dimension { table.scalars[p * dimension + j] = 0 }
        }
        weight = Parameter(table, name: "weight")
    }

    /// The vectors of `indices` (row-major with shape `shape`): the result has shape [shape..., dimension].
    public func callAsFunction(_ indices: [Int], shape: [Int]) -> Tensor<Scalar> {
        if shape.contains(where: { $0 < 0 }) || shape.reduce(1, *) != indices.count {
            failure("Embedding: \(indices.count) indices do not fill shape \(shape)")
        }
        for (position, i) in indices.enumerated() where i < 0 || i >= count {
            failure("Embedding: index \(i) at position \(position) is out of range for count \(count) (0..<\(count))")
        }
        let w = weight.value                                               // [count, dimension]
        let d = dimension
        var y = [Scalar](); y.reserveCapacity(indices.count * d)
        for i in indices { y.append(contentsOf: w.scalars[(i * d)..<((i + 1) * d)]) }
        let outShape = shape + [d]
        let (rows, padding) = (count, paddingIndex)
        return Tensor.customOp(name: "Embedding", inputs: [w], outputs: [Tensor(shape: outShape, scalars: y)]) { g in
            [Tensor(shape: [rows, d], scalars: embeddingBackward(g[0].scalars, indices, rows: rows, d: d, padding: padding))]
        }[0]
    }

    /// The vectors of a 1-D list of indices: [indices.count, dimension].
    public func callAsFunction(_ indices: [Int]) -> Tensor<Scalar> { self(indices, shape: [indices.count]) }
}

/// dWeight [rows, d]: `dWeight[i] += dy[p]` for every position p with index i, skipping the padding row; as
/// concrete Float or Double code (generic element loops cost ~10x more).
@_specialize(where S == Float)
@_specialize(where S == Double)
func embeddingBackward<S: TensorScalar>(_ dy: [S], _ indices: [Int], rows: Int, d: Int, padding: Int?) -> [S] {
    var dw = filledScalars(S(0), count: rows * d)
    dw.withUnsafeMutableBufferPointer { w in
        dy.withUnsafeBufferPointer { g in
            for (p, i) in indices.enumerated() where i != padding {
                for j in 0..<d { w[i * d + j] += g[p * d + j] }
            }
        }
    }
    return dw
}
