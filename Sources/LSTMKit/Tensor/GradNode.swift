/// One recorded operation in the autodiff graph (define-by-run, micrograd style).
///
/// The graph's two types live here, with `Tensor`, because every tensor holds its `TapeEntry`; recording
/// (`Tensor.customOp`), `GradMode` and `backward()` are the Autodiff layer above.
///
/// Every differentiable operation creates a node holding references to the nodes of its inputs and a
/// `backward` closure that maps the gradients of its outputs (dOut) to the gradients of its inputs (dIn).
/// Leaves (parameters and tensors marked with `requiringGrad()`) have no inputs and accumulate the gradient
/// that reaches them in `leafGrad`.
final class GradNode<Scalar: TensorScalar> {
    /// The operation's name, used in error messages ("backward of matmul: ...").
    let name: String
    /// The tape entries of the inputs; nil for inputs that are constants.
    let inputs: [TapeEntry<Scalar>?]
    /// The shapes of the outputs, so missing output gradients can be filled with zeros.
    let outputShapes: [[Int]]
    /// dOutputs -> dInputs. Set to nil once the graph is released by `backward()`.
    var backward: (([Tensor<Scalar>]) -> [Tensor<Scalar>?])?
    /// Gradients flowing into each output during one backward pass.
    var pending: [Tensor<Scalar>?]
    /// True for parameters and `requiringGrad()` tensors.
    let isLeaf: Bool
    /// The gradient accumulated by `backward()` (leaves only).
    var leafGrad: Tensor<Scalar>?
    /// True once `backward()` released this node's closure.
    var released = false

    init(name: String, inputs: [TapeEntry<Scalar>?], outputShapes: [[Int]],
         backward: (([Tensor<Scalar>]) -> [Tensor<Scalar>?])?, isLeaf: Bool = false) {
        self.name = name
        self.inputs = inputs
        self.outputShapes = outputShapes
        self.backward = backward
        self.pending = Array(repeating: nil, count: outputShapes.count)
        self.isLeaf = isLeaf
    }

    /// A new leaf for a tensor of `shape`.
    static func leaf(shape: [Int], name: String = "leaf") -> GradNode {
        GradNode(name: name, inputs: [], outputShapes: [shape], backward: nil, isLeaf: true)
    }
}

/// Which output of which node a tensor is.
struct TapeEntry<Scalar: TensorScalar> {
    let node: GradNode<Scalar>
    let index: Int
}
