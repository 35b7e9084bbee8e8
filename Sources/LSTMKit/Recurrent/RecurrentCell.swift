/// One step of a recurrent network: `state[t] = cell(x[t], state[t-1])`.
///
/// A cell is written with differentiable ops only, so it is the readable reference whose equations match its
/// doc comment line for line; `Recurrent<Cell>` unrolls it over time. Cells follow PyTorch's conventions
/// (gate order, weight shapes `[gates * H, D]`, two biases), so weights map one to one.
public protocol RecurrentCell<Scalar>: Module {
    associatedtype State: RecurrentState<Scalar>
    /// D, the size of each input vector.
    var inputSize: Int { get }
    /// H, the size of the hidden state.
    var hiddenSize: Int { get }
    /// The size of the output at each step (H, or the projection size for a projected LSTM).
    var outputSize: Int { get }
    /// The names of the gate values `step` reports for inspection, in order (e.g. ["i", "f", "g", "o"]).
    var gateNames: [String] { get }
    /// The all-zero state for a batch.
    func zeroState(batchSize: Int) -> State
    /// One time step: x [B, D], state -> new state, plus the gate activations [B, H] named by `gateNames`.
    func step(_ input: Tensor<Scalar>, state: State) -> CellStep<State>
    /// One step where the previous h is multiplied by `recurrentInputMask` [B, O] wherever the cell reads it
    /// through a recurrent weight (variational recurrent dropout, Gal & Ghahramani 2016). The default masks
    /// the state's h before `step`, which is exact for cells whose h enters only through `W_hh` (RNN and the
    /// LSTM family); a cell that also uses h elsewhere (GRU's `z * h`) implements it itself.
    func step(_ input: Tensor<Scalar>, state: State, recurrentInputMask: Tensor<Scalar>?) -> CellStep<State>
    /// The whole-sequence kernels this cell has for its configuration on this machine, fastest first: e.g.
    /// ["native-avx512", "fused"] for an `LSTMCell<Float>` without projection on a CPU with AVX-512, ["fused"]
    /// in Double; [] (the default) for a cell without a kernel. See `RecurrentImplementation`.
    var sequenceKernels: [RecurrentKernel] { get }
    /// Runs `kernel` (one of `sequenceKernels`) over a whole sequence: x [T, B, D], keep-mask [T, B] or nil.
    /// Returns nil when it cannot run this call (the default, and T = 0 or B = 0), and the layer falls back to
    /// the next step of its chain. See `Recurrent.callAsFunction` and `Fused/`.
    func fusedSequence(
        _ x: Tensor<Scalar>, initialState: State, mask: Tensor<Scalar>?, trace: Bool, kernel: RecurrentKernel
    ) -> RecurrentOutput<State>?
}

/// The result of one cell step: the new state and the gate activations (for inspection).
public struct CellStep<State: RecurrentState> {
    public var state: State
    /// Gate activations [B, H] in the order of the cell's `gateNames`.
    public var gates: [Tensor<State.Scalar>]
    public init(state: State, gates: [Tensor<State.Scalar>]) { self.state = state; self.gates = gates }
}

extension RecurrentCell {
    public func step(_ input: Tensor<Scalar>, state: State, recurrentInputMask: Tensor<Scalar>?) -> CellStep<State> {
        guard let mask = recurrentInputMask else { return step(input, state: state) }
        var components = state.components
        components[0] = components[0] * mask
        let result = step(input, state: State(components: components))
        return result
    }

    /// One step, returning only the new state.
    public func callAsFunction(_ input: Tensor<Scalar>, state: State) -> State { step(input, state: state).state }

    /// Checks x [B, D] and the state against this cell's sizes, naming `layer` in the message.
    func checkStepInput(_ input: Tensor<Scalar>, _ state: State, _ layer: String) {
        if input.rank != 2 || input.shape[1] != inputSize {
            failure("\(layer): input of shape \(input.shape), expected [B, \(inputSize)] (inputSize \(inputSize))")
        }
        checkState(state, batchSize: input.shape[0], layer)
    }

    /// Checks a state's component shapes against this cell's zero state for `batchSize`.
    package func checkState(_ state: State, batchSize: Int, _ layer: String) {
        let expected = zeroState(batchSize: batchSize).components.map(\.shape)
        for (k, (t, shape)) in zip(state.components, expected).enumerated() where t.shape != shape {
            failure("\(layer): initial state component \(k) (\(k == 0 ? "h" : k == 1 ? "c" : "component \(k)")) has shape \(t.shape), expected \(shape)")
        }
    }
}

/// The state a recurrent cell carries between steps.
public protocol RecurrentState<Scalar> {
    associatedtype Scalar: TensorScalar
    /// The output of the step that produced this state, h [B, outputSize].
    var output: Tensor<Scalar> { get }
    /// Every tensor of the state, in a fixed order (h, or h and c).
    var components: [Tensor<Scalar>] { get }
    /// Rebuilds a state from `components`.
    init(components: [Tensor<Scalar>])
}

extension RecurrentState {
    /// The same state cut from the autodiff graph: carry it into the next batch (stateful training) so
    /// gradients stop at the batch boundary.
    public func detached() -> Self { Self(components: components.map { $0.detached() }) }

    /// Where `keep` [B, 1] is 1, this state; where 0, `previous` (padded steps leave the state unchanged).
    func blended(with previous: Self, keep: Tensor<Scalar>) -> Self {
        Self(components: zip(components, previous.components).map { new, old in
            keep * new + (1 - keep) * old
        })
    }
}

/// The state of an RNN or GRU cell: h [B, H].
public struct HiddenState<Scalar: TensorScalar>: RecurrentState {
    public var h: Tensor<Scalar>
    public init(h: Tensor<Scalar>) { self.h = h }
    public init(components: [Tensor<Scalar>]) { self.h = components[0] }
    public var output: Tensor<Scalar> { h }
    public var components: [Tensor<Scalar>] { [h] }
}

/// The state of an LSTM cell: hidden state h [B, outputSize] and cell state c [B, H].
public struct LSTMState<Scalar: TensorScalar>: RecurrentState {
    public var h: Tensor<Scalar>
    public var c: Tensor<Scalar>
    public init(h: Tensor<Scalar>, c: Tensor<Scalar>) { self.h = h; self.c = c }
    public init(components: [Tensor<Scalar>]) { self.h = components[0]; self.c = components[1] }
    public var output: Tensor<Scalar> { h }
    public var components: [Tensor<Scalar>] { [h, c] }
}

/// PyTorch's default recurrent initialization: every weight and bias ~ U(-1/sqrt(H), 1/sqrt(H)).
func recurrentUniform<S: TensorScalar>(_ shape: [Int], hiddenSize: Int, rng: RandomSource) -> Parameter<S> {
    let bound = 1 / S(hiddenSize).squareRoot()
    return Parameter(Tensor.randomUniform(shape, low: -bound, high: bound, using: rng))
}
