extension Tensor {
    /// Records a single-output differentiable operation.
    ///
    /// `backward` receives dOut (shape of the output) and returns one gradient per input (nil where an input
    /// gets none). When no input requires a gradient, or recording is off, nothing is recorded.
    static func record(
        _ name: String, _ inputs: [Tensor], shape: [Int], scalars: [Scalar],
        backward: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.tapeEntry != nil }) else {
            return Tensor(shape: shape, scalars: scalars, tapeEntry: nil)
        }
        let node = GradNode<Scalar>(
            name: name, inputs: inputs.map(\.tapeEntry), outputShapes: [shape],
            backward: { grads in backward(grads[0]) })
        return Tensor(shape: shape, scalars: scalars, tapeEntry: TapeEntry(node: node, index: 0))
    }

    /// Registers an operation whose forward you computed yourself and whose backward you write by hand:
    /// the entry point for fused kernels (an LSTM layer over all time steps is one such operation).
    ///
    /// - Parameters:
    ///   - name: shown in error messages.
    ///   - inputs: the tensors the outputs depend on (their gradients are what `backward` returns).
    ///   - outputs: the forward results, computed from the inputs' values.
    ///   - backward: given dOutputs (one per output, zeros for outputs that received no gradient), returns
    ///     dInputs (one per input, nil for an input that gets no gradient). Each returned gradient must have
    ///     its input's shape.
    /// - Returns: the outputs, connected to the graph.
    public static func customOp(
        name: String, inputs: [Tensor], outputs: [Tensor],
        backward: @escaping ([Tensor]) -> [Tensor?]
    ) -> [Tensor] {
        guard GradMode.isEnabled, inputs.contains(where: { $0.tapeEntry != nil }) else {
            return outputs.map { $0.detached() }
        }
        let node = GradNode<Scalar>(
            name: name, inputs: inputs.map(\.tapeEntry), outputShapes: outputs.map(\.shape),
            backward: backward)
        return outputs.enumerated().map { k, out in
            Tensor(shape: out.shape, scalars: out.scalars, tapeEntry: TapeEntry(node: node, index: k))
        }
    }

    /// A copy of this tensor that is a leaf of the autodiff graph: after `backward()`, its gradient is in
    /// `grad`. (Like `requires_grad_()` in PyTorch.)
    public func requiringGrad() -> Tensor {
        Tensor(shape: shape, scalars: scalars,
               tapeEntry: TapeEntry(node: GradNode.leaf(shape: shape), index: 0))
    }

    /// The gradient accumulated in this leaf by `backward()` (nil for non-leaves or before any backward).
    public var grad: Tensor? {
        guard let entry = tapeEntry, entry.node.isLeaf else { return nil }
        return entry.node.leafGrad
    }
}
