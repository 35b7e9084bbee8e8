/// The gated recurrent unit (Cho et al. 2014) in PyTorch's variant (`torch.nn.GRUCell`), where the reset
/// gate multiplies the recurrent product *including its bias* b_hn:
///
///     r  = sigmoid(x @ W_ir^T + b_ir + h @ W_hr^T + b_hr)      reset gate    [B, H]
///     z  = sigmoid(x @ W_iz^T + b_iz + h @ W_hz^T + b_hz)      update gate   [B, H]
///     n  = tanh(x @ W_in^T + b_in + r * (h @ W_hn^T + b_hn))   candidate     [B, H]
///     h' = (1 - z) * n + z * h                                 new state     [B, H]
///
/// Parameters (gate blocks stacked r, z, n): `weightIH` [3H, D] (`weight_ih_l0`), `weightHH` [3H, H]
/// (`weight_hh_l0`), `biasIH` [3H], `biasHH` [3H]. Initialization U(-1/sqrt(H), 1/sqrt(H)).
public final class GRUCell<Scalar: TensorScalar>: RecurrentCell {
    public let inputSize: Int
    public let hiddenSize: Int
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>?
    public let biasHH: Parameter<Scalar>?
    public var isTraining = true

    public init(inputSize: Int, hiddenSize: Int, bias: Bool = true, rng: RandomSource = .global) {
        if inputSize <= 0 || hiddenSize <= 0 {
            failure("GRUCell: inputSize \(inputSize) and hiddenSize \(hiddenSize) must be positive")
        }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        let h = hiddenSize
        weightIH = recurrentUniform([3 * h, inputSize], hiddenSize: h, rng: rng)
        weightHH = recurrentUniform([3 * h, h], hiddenSize: h, rng: rng)
        biasIH = bias ? recurrentUniform([3 * h], hiddenSize: h, rng: rng) : nil
        biasHH = bias ? recurrentUniform([3 * h], hiddenSize: h, rng: rng) : nil
    }

    public var outputSize: Int { hiddenSize }
    public var gateNames: [String] { ["r", "z", "n"] }

    public func zeroState(batchSize: Int) -> HiddenState<Scalar> { HiddenState(h: .zeros([batchSize, hiddenSize])) }

    public func step(_ x: Tensor<Scalar>, state: HiddenState<Scalar>) -> CellStep<HiddenState<Scalar>> {
        step(x, state: state, recurrentInputMask: nil)
    }

    /// With a recurrent dropout mask m, only the product reads the dropped state: `(h * m) @ W_h*^T`;
    /// the carry-over `z * h` keeps the full h (as in Gal & Ghahramani and Keras).
    public func step(
        _ x: Tensor<Scalar>, state: HiddenState<Scalar>, recurrentInputMask: Tensor<Scalar>?
    ) -> CellStep<HiddenState<Scalar>> {
        checkStepInput(x, state, "GRUCell")
        let hRead = recurrentInputMask.map { state.h * $0 } ?? state.h
        var zx = matmul(x, weightIH.value, transposeB: true)         // [B, 3H]
        var zh = matmul(hRead, weightHH.value, transposeB: true)     // [B, 3H]
        if let biasIH, let biasHH { zx = zx + biasIH.value; zh = zh + biasHH.value }
        let xs = zx.chunked(3, axis: 1), hs = zh.chunked(3, axis: 1)
        let r = sigmoid(xs[0] + hs[0])
        let z = sigmoid(xs[1] + hs[1])
        let n = tanh(xs[2] + r * hs[2])
        let h = (1 - z) * n + z * state.h
        return CellStep(state: HiddenState(h: h), gates: [r, z, n])
    }
}
