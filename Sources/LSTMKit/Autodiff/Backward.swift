extension Tensor {
    /// Backpropagates from this tensor: every leaf it depends on (parameters, `requiringGrad()` tensors)
    /// gets d(self)/d(leaf) *added* to its gradient (call `zeroGrad()` between steps).
    ///
    /// - Parameters:
    ///   - seed: dLoss/d(self). Required unless `self` holds a single element (then it is 1).
    ///   - retainGraph: keep the graph so `backward` can run over it again; by default it is released.
    public func backward(seed: Tensor? = nil, retainGraph: Bool = false) {
        guard let entry = tapeEntry else {
            failure("backward: this tensor (shape \(shape)) does not depend on any parameter or " +
                    "requiringGrad() tensor, so there is nothing to differentiate")
        }
        let dSelf = Self.seedGradient(for: self, seed: seed, op: "backward")
        _ = Autodiff.propagate(from: entry, seed: dSelf, retainGraph: retainGraph, targets: nil)
    }

    static func seedGradient(for output: Tensor, seed: Tensor?, op: String) -> Tensor {
        if let seed {
            if seed.shape != output.shape {
                failure("\(op): seed gradient has shape \(seed.shape) but the output has shape \(output.shape)")
            }
            return seed.detached()
        }
        if output.count != 1 {
            failure("\(op): output has shape \(output.shape) (\(output.count) elements); backward without a " +
                    "seed gradient needs a single-element output such as a loss. Reduce it (e.g. .sum()) or pass seed:")
        }
        return Tensor.ones(output.shape)
    }
}

/// The pure form of differentiation: `f`'s value and its gradients with respect to `inputs`, leaving every
/// `Parameter`'s accumulated gradient untouched.
///
///     let (y, grads) = gradients(of: { x in (x[0] * x[1]).sum() }, at: [a, b])
///
/// `f` must return a single-element tensor (use `seed:` for other outputs).
public func gradients<Scalar: TensorScalar>(
    of f: ([Tensor<Scalar>]) -> Tensor<Scalar>, at inputs: [Tensor<Scalar>], seed: Tensor<Scalar>? = nil
) -> (value: Tensor<Scalar>, gradients: [Tensor<Scalar>]) {
    let leaves = inputs.map { $0.detached().requiringGrad() }
    let y = GradMode.$isEnabled.withValue(true) { f(leaves) }
    guard let entry = y.tapeEntry else {
        return (y, inputs.map { Tensor.zeros($0.shape) })
    }
    let dY = Tensor.seedGradient(for: y, seed: seed, op: "gradients(of:at:)")
    let targets = leaves.map { ObjectIdentifier($0.tapeEntry!.node) }
    let found = Autodiff.propagate(from: entry, seed: dY, retainGraph: false, targets: Set(targets))
    let grads = zip(leaves, targets).map { leaf, id in found[id] ?? Tensor.zeros(leaf.shape) }
    return (y.detached(), grads)
}

/// The reverse walk shared by `backward()` and `gradients(of:at:)`.
enum Autodiff {
    /// Walks the graph from `root` in reverse topological order.
    ///
    /// With `targets == nil` leaves accumulate into `leafGrad` (the `backward()` behaviour); otherwise the
    /// gradients of the target leaves are returned and no leaf is modified.
    static func propagate<Scalar>(
        from root: TapeEntry<Scalar>, seed: Tensor<Scalar>, retainGraph: Bool,
        targets: Set<ObjectIdentifier>?
    ) -> [ObjectIdentifier: Tensor<Scalar>] {
        let order = topologicalOrder(root.node)
        root.node.pending[root.index] = seed
        var found: [ObjectIdentifier: Tensor<Scalar>] = [:]
        for node in order.reversed() {
            if node.isLeaf {
                if let g = node.pending[0] {
                    if let targets {
                        if targets.contains(ObjectIdentifier(node)) { found[ObjectIdentifier(node)] = g }
                    } else if let old = node.leafGrad {
                        node.leafGrad = Tensor(shape: g.shape, scalars: addScalars(old.scalars, g.scalars))
                    } else {
                        node.leafGrad = g
                    }
                }
                node.pending[0] = nil
                continue
            }
            if node.pending.allSatisfy({ $0 == nil }) {
                if !retainGraph { node.backward = nil; node.released = true }
                continue
            }
            guard let backward = node.backward else {
                for n in order { n.pending = Array(repeating: nil, count: n.pending.count) }
                failure("backward: the graph through '\(node.name)' was already released by an earlier " +
                        "backward(); pass retainGraph: true to the first call to backpropagate twice")
            }
            let dOutputs = node.pending.enumerated().map { k, g in g ?? Tensor.zeros(node.outputShapes[k]) }
            node.pending = Array(repeating: nil, count: node.pending.count)
            let dInputs = backward(dOutputs)
            if dInputs.count != node.inputs.count {
                failure("backward of '\(node.name)': returned \(dInputs.count) gradients for \(node.inputs.count) inputs")
            }
            for (input, dInput) in zip(node.inputs, dInputs) {
                guard let input, let dInput else { continue }
                let expected = input.node.outputShapes[input.index]
                if dInput.shape != expected {
                    failure("backward of '\(node.name)': gradient of shape \(dInput.shape) for an input of shape \(expected)")
                }
                if let old = input.node.pending[input.index] {
                    input.node.pending[input.index] = Tensor(
                        shape: expected, scalars: addScalars(old.scalars, dInput.scalars))
                } else {
                    input.node.pending[input.index] = dInput.detached()
                }
            }
            if !retainGraph { node.backward = nil; node.released = true }
        }
        return found
    }

    /// Nodes in an order where every node comes after all nodes it depends on (iterative DFS, so graphs of
    /// long sequences do not overflow the stack).
    static func topologicalOrder<Scalar>(_ root: GradNode<Scalar>) -> [GradNode<Scalar>] {
        var order: [GradNode<Scalar>] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradNode<Scalar>, Int)] = [(root, 0)]
        visited.insert(ObjectIdentifier(root))
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                if let child = node.inputs[next]?.node, visited.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }
}

/// `a + b` elementwise: gradient accumulation, specialized so it runs as a vector loop for Float and Double.
@_specialize(where S == Float)
@_specialize(where S == Double)
func addScalars<S: TensorScalar>(_ a: [S], _ b: [S]) -> [S] {
    var out = a
    out.withUnsafeMutableBufferPointer { po in
        b.withUnsafeBufferPointer { pb in
            for i in 0..<po.count { po[i] += pb[i] }
        }
    }
    return out
}
