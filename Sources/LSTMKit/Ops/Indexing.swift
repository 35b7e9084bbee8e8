// Differentiable indexing: indexSelect (rows of an embedding table) and gather (one element per position,
// e.g. the logit of the target class). Gradients scatter-add back, so repeated indices accumulate.

extension Tensor {
    /// The slices at `indices` along `axis`, in that order: the result has `indices.count` there.
    /// `embedding.indexSelect(axis: 0, tokenIDs)` looks up rows of a [V, E] table.
    public func indexSelect(axis: Int, _ indices: [Int]) -> Tensor {
        let axis = ShapeMath.normalize(axis: axis, rank: rank, "indexSelect")
        let (outer, n, inner) = split3(axis)
        for (k, i) in indices.enumerated() where i < 0 || i >= n {
            failure("indexSelect: index \(i) (position \(k)) is out of range for axis \(axis) of size \(n) (shape \(shape))")
        }
        var out = [Scalar](); out.reserveCapacity(outer * indices.count * inner)
        for o in 0..<outer {
            for i in indices { out.append(contentsOf: scalars[((o * n + i) * inner)..<((o * n + i + 1) * inner)]) }
        }
        var outShape = shape
        outShape[axis] = indices.count
        let inShape = shape
        return Self.record("indexSelect", [self], shape: outShape, scalars: out) { g in
            var dx = filledScalars(Scalar(0), count: outer * n * inner)
            var k = 0
            for o in 0..<outer {
                for i in indices {
                    let base = (o * n + i) * inner
                    for j in 0..<inner { dx[base + j] += g.scalars[k]; k += 1 }
                }
            }
            return [Tensor(shape: inShape, scalars: dx)]
        }
    }

    /// `out[..., j, ...] = self[..., indices[..., j, ...], ...]` along `axis` (like `torch.gather`).
    ///
    /// `indices` is row-major with shape `indexShape`, which has this tensor's rank and sizes no larger than
    /// its own on every axis but `axis`. With logits [B, V] and targets [B, 1]:
    /// `logits.gather(axis: 1, indices: targets, indexShape: [B, 1])` picks each row's target logit.
    public func gather(axis: Int, indices: [Int], indexShape: [Int]) -> Tensor {
        let axis = ShapeMath.normalize(axis: axis, rank: rank, "gather")
        if indexShape.count != rank || indexShape.reduce(1, *) != indices.count {
            failure("gather: index shape \(indexShape) with \(indices.count) indices does not fit a tensor of shape \(shape)")
        }
        for d in 0..<rank where d != axis && indexShape[d] > shape[d] {
            failure("gather: index shape \(indexShape) is larger than shape \(shape) on axis \(d)")
        }
        let inStrides = ShapeMath.strides(shape)
        let idxStrides = ShapeMath.strides(indexShape)
        var sources = [Int](repeating: 0, count: indices.count)
        for (k, i) in indices.enumerated() {
            if i < 0 || i >= shape[axis] {
                failure("gather: index \(i) is out of range for axis \(axis) of size \(shape[axis]) (shape \(shape))")
            }
            var rest = k, src = 0
            for d in 0..<rank {
                let coord = rest / idxStrides[d]
                rest %= idxStrides[d]
                src += (d == axis ? i : coord) * inStrides[d]
            }
            sources[k] = src
        }
        let out = sources.map { scalars[$0] }
        let inShape = shape, n = count
        return Self.record("gather", [self], shape: indexShape, scalars: out) { g in
            var dx = filledScalars(Scalar(0), count: n)
            for (k, src) in sources.enumerated() { dx[src] += g.scalars[k] }
            return [Tensor(shape: inShape, scalars: dx)]
        }
    }
}
