/// How a bidirectional layer combines its two directions' outputs at each step.
public enum MergeMode: String, Sendable {
    /// [h_forward, h_backward] along the feature axis: [.., 2 * O] (PyTorch's behaviour).
    case concat
    /// h_forward + h_backward: [.., O].
    case sum
    /// (h_forward + h_backward) / 2: [.., O].
    case mean

    /// Merges two [T, B, O] tensors (or [B, T, O]).
    func merge<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
        switch self {
        case .concat: return Tensor.concat([a, b], axis: 2)
        case .sum: return a + b
        case .mean: return (a + b) * 0.5
        }
    }
}

/// Runs one cell forwards and another backwards over the same sequence and merges their outputs
/// (Schuster & Paliwal 1997). With lengths or a mask, the backward direction starts at each sequence's own
/// last step, so padding never reaches it.
///
///     output[t] = merge(forward h[t], backward h[t])
public final class Bidirectional<Cell: RecurrentCell>: Module {
    public typealias Scalar = Cell.Scalar
    public let forwardLayer: Recurrent<Cell>
    public let backwardLayer: Recurrent<Cell>
    public var merge: MergeMode
    public var isTraining = true

    public init(forward: Cell, backward: Cell, merge: MergeMode = .concat, batchFirst: Bool = false,
                implementation: RecurrentImplementation = .native) {
        if forward.inputSize != backward.inputSize || forward.outputSize != backward.outputSize {
            failure("Bidirectional: the two cells differ in size (input \(forward.inputSize) vs " +
                    "\(backward.inputSize), output \(forward.outputSize) vs \(backward.outputSize))")
        }
        forwardLayer = Recurrent(forward, batchFirst: batchFirst, implementation: implementation)
        backwardLayer = Recurrent(backward, batchFirst: batchFirst, reverse: true, implementation: implementation)
        self.merge = merge
    }

    /// Outputs [T, B, 2O] for `.concat` ([T, B, O] otherwise); final states (forward, backward).
    public func callAsFunction(
        _ input: Tensor<Scalar>, initialStates: (Cell.State, Cell.State)? = nil, lengths: [Int]? = nil,
        mask: Tensor<Scalar>? = nil, trace: Bool = false
    ) -> (outputs: Tensor<Scalar>, finalStates: (Cell.State, Cell.State),
          traces: (RecurrentTrace<Scalar>, RecurrentTrace<Scalar>)?) {
        let f = forwardLayer(input, initialState: initialStates?.0, lengths: lengths, mask: mask, trace: trace)
        let b = backwardLayer(input, initialState: initialStates?.1, lengths: lengths, mask: mask, trace: trace)
        var traces: (RecurrentTrace<Scalar>, RecurrentTrace<Scalar>)? = nil
        if let ft = f.trace, let bt = b.trace { traces = (ft, bt) }
        return (merge.merge(f.outputs, b.outputs), (f.finalState, b.finalState), traces)
    }
}
