extension ONNXGraph {
    /// `Embedding` as `Gather(weight, ids)`: ids of any shape S (int64) -> [S..., E].
    public func embedding(_ embedding: Embedding<Float>, ids: String) -> String {
        let table = initializer("embedding.weight", shape: [embedding.count, embedding.dimension],
                                embedding.weight.data.scalars)
        return node("Gather", [table, ids], attributes: [.int("axis", 0)])[0]
    }

    /// `Linear` y = x @ W^T + b on `input` of `rank` 2 ([N, in]: one `Gemm` with transB = 1, W as stored) or
    /// higher ([..., in]: `MatMul` with W^T stored [in, out], then `Add` b).
    public func linear(_ linear: Linear<Float>, input: String, rank: Int, name: String = "linear") -> String {
        let (inputs, outputs) = (linear.inputSize, linear.outputSize)
        let w = linear.weight.data.scalars                                          // [out, in]
        let bias = linear.bias.map { initializer("\(name).bias", shape: [outputs], $0.data.scalars) }
        if rank == 2 {
            let weight = initializer("\(name).weight", shape: [outputs, inputs], w)
            return node("Gemm", [input, weight] + (bias.map { [$0] } ?? []), attributes: [.int("transB", 1)])[0]
        }
        var transposed = [Float](repeating: 0, count: w.count)                       // [in, out]
        for o in 0..<outputs { for i in 0..<inputs { transposed[i * outputs + o] = w[o * inputs + i] } }
        let y = node("MatMul", [input, initializer("\(name).weight_T", shape: [inputs, outputs], transposed)])[0]
        return bias.map { node("Add", [y, $0])[0] } ?? y
    }

    /// The reduction `op` ("ReduceMean", "ReduceMax") over `axis`, which is removed (opset 17: axes as an
    /// attribute).
    public func reduce(_ op: String, _ input: String, axis: Int) -> String {
        node(op, [input], attributes: [.ints("axes", [axis]), .int("keepdims", 0)])[0]
    }

    /// The sum over `axis`, which is removed (ReduceSum takes its axes as an input since opset 13).
    public func reduceSum(_ input: String, axis: Int) -> String {
        node("ReduceSum", [input, constant("axes", shape: [1], [axis])], attributes: [.int("keepdims", 0)])[0]
    }

    /// The last step of a time-major `input` [T, ...] -> [...] (`Gather` of index -1 on axis 0).
    public func lastStep(_ input: String) -> String {
        node("Gather", [input, constant("last", shape: [], [-1])], attributes: [.int("axis", 0)])[0]
    }

    /// Softmax over `axis` (opset 13+: one axis, not the flattened trailing dimensions).
    public func softmax(_ input: String, axis: Int) -> String {
        node("Softmax", [input], attributes: [.int("axis", axis)])[0]
    }
}
