/// The outputs of running a recurrent layer over a sequence.
public struct RecurrentOutput<State: RecurrentState> {
    /// h at every step: [T, B, O] (or [B, T, O] with `batchFirst`); zero at padded steps.
    public var outputs: Tensor<State.Scalar>
    /// The state after each sequence's own last step.
    public var finalState: State
    /// Per-step gates and states, when requested with `trace: true`.
    public var trace: RecurrentTrace<State.Scalar>?

    public init(outputs: Tensor<State.Scalar>, finalState: State, trace: RecurrentTrace<State.Scalar>?) {
        self.outputs = outputs
        self.finalState = finalState
        self.trace = trace
    }
}

/// What a recurrent layer computed at every step, for printing and plotting (time-major, [T, B, H]).
public struct RecurrentTrace<Scalar: TensorScalar> {
    /// Gate activations by name ("i", "f", "g", "o" for an LSTM; "r", "z", "n" for a GRU), each [T, B, H].
    public var gates: [String: Tensor<Scalar>]
    /// The state components at every step: "h" [T, B, O] and, for an LSTM, "c" [T, B, H].
    public var states: [String: Tensor<Scalar>]

    public init(gates: [String: Tensor<Scalar>], states: [String: Tensor<Scalar>]) {
        self.gates = gates
        self.states = states
    }
}

/// Unrolls a cell over a sequence: `state[t] = cell(x[t], state[t-1])`, outputs h[t] for every t.
///
/// Input is time-major [T, B, D] (or [B, T, D] with `batchFirst`). Variable-length batches take `lengths`
/// (one per sequence, 1...T) or a `mask` [T, B] (1 = real step, 0 = padding): padded steps change neither
/// the state nor the outputs (outputs there are 0), and the final state is each sequence's state at its own
/// last step. With `reverse`, each sequence is read from its own last step back to its first (the backward
/// half of a bidirectional layer); outputs are returned in the original time order. No sorting is needed.
public final class Recurrent<Cell: RecurrentCell>: Module {
    public typealias Scalar = Cell.Scalar
    public let cell: Cell
    /// [B, T, D] input and [B, T, O] output instead of time-major.
    public var batchFirst: Bool
    /// Reads each sequence backwards (outputs still in original order).
    public var reverse: Bool
    /// The requested implementation: the start of the fallback chain documented on `RecurrentImplementation`.
    public var implementation: RecurrentImplementation
    /// What the last call actually ran: "reference", "fused", "native-avx512", "onednn", ...
    public private(set) var lastImplementation: RecurrentKernel = .reference
    /// What a call runs unless the call itself forces a fallback (an empty input; for a backend also lengths,
    /// a mask or a trace): `implementation` resolved for this cell on this machine, or "reference" while
    /// regularization is active.
    public var resolvedImplementation: RecurrentKernel {
        regularization.isActive ? .reference : implementation.resolved(for: cell)
    }
    /// Recurrent dropout, zoneout and weight drop (see `RecurrentRegularization`); off by default.
    public var regularization = RecurrentRegularization()
    /// The stream regularization masks are drawn from.
    public let rng: RandomSource
    public var isTraining = true

    public init(_ cell: Cell, batchFirst: Bool = false, reverse: Bool = false,
                implementation: RecurrentImplementation = .native, rng: RandomSource = .global) {
        self.cell = cell
        self.batchFirst = batchFirst
        self.reverse = reverse
        self.implementation = implementation
        self.rng = rng
    }

    /// Runs the layer. See the type's documentation for `lengths` and `mask`.
    public func callAsFunction(
        _ input: Tensor<Scalar>, initialState: Cell.State? = nil, lengths: [Int]? = nil,
        mask: Tensor<Scalar>? = nil, trace: Bool = false
    ) -> RecurrentOutput<Cell.State> {
        let name = "Recurrent<\(Cell.self)>"
        if input.rank != 3 {
            failure("\(name): input of shape \(input.shape), expected rank 3 " + (batchFirst ? "[B, T, D]" : "[T, B, D]"))
        }
        let x = batchFirst ? input.transposed(0, 1) : input          // [T, B, D]
        let (steps, batch, features) = (x.shape[0], x.shape[1], x.shape[2])
        if features != cell.inputSize {
            failure("\(name): input of shape \(input.shape) has \(features) features, expected inputSize \(cell.inputSize)")
        }
        let keep = Self.stepMask(steps: steps, batch: batch, lengths: lengths, mask: mask, name)   // [T, B] or nil
        let state0 = initialState ?? cell.zeroState(batchSize: batch)
        cell.checkState(state0, batchSize: batch, name)

        // Reverse each sequence within its own length; the same permutation restores the order afterwards.
        let order = reverse ? Self.reversalOrder(steps: steps, batch: batch, keep: keep) : nil
        let xs = order.map { Self.permuteSteps(x, $0) } ?? x

        var result: RecurrentOutput<Cell.State>
        (result, lastImplementation) = runFallbackChain(xs, state0, keep, trace: trace)
        if let order {
            result.outputs = Self.permuteSteps(result.outputs, order)
            if var t = result.trace {
                t.gates = t.gates.mapValues { Self.permuteSteps($0, order) }
                t.states = t.states.mapValues { Self.permuteSteps($0, order) }
                result.trace = t
            }
        }
        if batchFirst { result.outputs = result.outputs.transposed(0, 1) }
        return result
    }

    /// Runs the first kernel of `implementation`'s fallback chain that can run this call (see
    /// `RecurrentImplementation`) and says which one ran. The kernels implement the plain recurrence only:
    /// with regularization active the reference runs.
    func runFallbackChain(
        _ x: Tensor<Scalar>, _ state0: Cell.State, _ keep: Tensor<Scalar>?, trace: Bool
    ) -> (RecurrentOutput<Cell.State>, RecurrentKernel) {
        let chain = regularization.isActive ? [.reference] : implementation.fallbackChain(for: cell)
        for kernel in chain {
            if kernel == .reference { break }
            if case .backend(let backend) = implementation, kernel == backend.kernel {
                if let out = backend.sequence(cell, x, initialState: state0, mask: keep, trace: trace) {
                    return (out, kernel)
                }
            } else if let out = cell.fusedSequence(x, initialState: state0, mask: keep, trace: trace, kernel: kernel) {
                return (out, kernel)
            }
        }
        return (referenceSequence(x, state0, keep, trace: trace), .reference)
    }

    /// The reference unroll: one `cell.step` per time step.
    func referenceSequence(
        _ x: Tensor<Scalar>, _ state0: Cell.State, _ keep: Tensor<Scalar>?, trace: Bool
    ) -> RecurrentOutput<Cell.State> {
        let steps = x.shape[0], batch = x.shape[1]
        let masks = regularizationMasks(batch: batch)
        defer { masks.weight?.dropConnectMask = nil }
        var state = state0
        var outputs: [Tensor<Scalar>] = []
        var gateSteps: [[Tensor<Scalar>]] = []
        var stateSteps: [[Tensor<Scalar>]] = []
        for t in 0..<steps {
            let xt = x.slice(axis: 0, t..<(t + 1)).reshaped([batch, cell.inputSize])     // [B, D]
            let stepResult = cell.step(xt, state: state, recurrentInputMask: masks.hidden)
            let new = zoneout(stepResult.state, previous: state)
            var out = new.output
            if let keep {
                let k = keep.slice(axis: 0, t..<(t + 1)).reshaped([batch, 1])          // [B, 1]
                state = new.blended(with: state, keep: k)
                out = out * k
            } else {
                state = new
            }
            outputs.append(out)
            if trace {
                gateSteps.append(stepResult.gates)
                stateSteps.append(state.components)
            }
        }
        var traceResult: RecurrentTrace<Scalar>? = nil
        if trace {
            let names = cell.gateNames
            var gates: [String: Tensor<Scalar>] = [:]
            for (k, name) in names.enumerated() { gates[name] = Tensor.stack(gateSteps.map { $0[k] }) }
            var states: [String: Tensor<Scalar>] = [:]
            for (k, name) in ["h", "c"].prefix(state.components.count).enumerated() {
                states[name] = Tensor.stack(stateSteps.map { $0[k] })
            }
            traceResult = RecurrentTrace(gates: gates, states: states)
        }
        let out = steps == 0 ? Tensor.zeros([0, batch, cell.outputSize]) : Tensor.stack(outputs)
        return RecurrentOutput(outputs: out, finalState: state, trace: traceResult)
    }

    /// The [T, B] keep-mask from `lengths` or `mask` (nil when every step is real), validated.
    static func stepMask(
        steps: Int, batch: Int, lengths: [Int]?, mask: Tensor<Scalar>?, _ name: String
    ) -> Tensor<Scalar>? {
        if let lengths {
            ShapeMath.checkLengths(lengths, steps: steps, batch: batch, maskGiven: mask != nil, name)
            if lengths.allSatisfy({ $0 == steps }) { return nil }
            var m = [Scalar](repeating: 0, count: steps * batch)
            for (b, n) in lengths.enumerated() { for t in 0..<n { m[t * batch + b] = 1 } }
            return Tensor(shape: [steps, batch], scalars: m)
        }
        guard let mask else { return nil }
        if mask.shape != [steps, batch] {
            failure("\(name): mask of shape \(mask.shape), expected [T, B] = [\(steps), \(batch)]")
        }
        if mask.scalars.contains(where: { $0 != 0 && $0 != 1 }) { failure("\(name): mask values must be 0 or 1") }
        return mask.detached()
    }

    /// For each (t, b): the time index to read so that each sequence is reversed within its own length
    /// (padding positions stay where they are). Applying it twice is the identity.
    static func reversalOrder(steps: Int, batch: Int, keep: Tensor<Scalar>?) -> [Int] {
        var order = [Int](repeating: 0, count: steps * batch)
        for b in 0..<batch {
            var length = steps
            if let keep { length = (0..<steps).filter { keep.scalars[$0 * batch + b] != 0 }.count }
            for t in 0..<steps {
                let source = t < length ? length - 1 - t : t
                order[t * batch + b] = source * batch + b
            }
        }
        return order
    }

    /// Reorders the (t, b) rows of a [T, B, F] tensor by `order` (differentiable).
    static func permuteSteps(_ x: Tensor<Scalar>, _ order: [Int]) -> Tensor<Scalar> {
        let (t, b, f) = (x.shape[0], x.shape[1], x.shape[2])
        return x.reshaped([t * b, f]).indexSelect(axis: 0, order).reshaped([t, b, f])
    }
}

extension RecurrentCell {
    /// No whole-sequence kernel: layers of this cell run the reference. Cells with a kernel implement both
    /// requirements (see `Fused/`).
    public var sequenceKernels: [RecurrentKernel] { [] }

    public func fusedSequence(
        _ x: Tensor<Scalar>, initialState: State, mask: Tensor<Scalar>?, trace: Bool, kernel: RecurrentKernel
    ) -> RecurrentOutput<State>? { nil }
}
