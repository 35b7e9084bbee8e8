/// The Elman recurrent cell (Elman 1990, "Finding structure in time"), exactly as `torch.nn.RNNCell`:
///
///     h' = act(x @ W_ih^T + b_ih + h @ W_hh^T + b_hh)      act = tanh (default) or relu     [B, H]
///
/// Parameters: `weightIH` [H, D] (`weight_ih_l0`), `weightHH` [H, H], `biasIH` [H], `biasHH` [H];
/// initialization U(-1/sqrt(H), 1/sqrt(H)). The gradient through many steps is a product of W_hh^T and
/// act' factors, which is why it vanishes or explodes (`lstm demo vanishing-gradient` shows it).
public final class RNNCell<Scalar: TensorScalar>: RecurrentCell {
    public enum Nonlinearity: String, Sendable { case tanh, relu }

    public let inputSize: Int
    public let hiddenSize: Int
    public let nonlinearity: Nonlinearity
    public let weightIH: Parameter<Scalar>
    public let weightHH: Parameter<Scalar>
    public let biasIH: Parameter<Scalar>?
    public let biasHH: Parameter<Scalar>?
    public var isTraining = true

    public init(
        inputSize: Int, hiddenSize: Int, bias: Bool = true, nonlinearity: Nonlinearity = .tanh,
        rng: RandomSource = .global
    ) {
        if inputSize <= 0 || hiddenSize <= 0 {
            failure("RNNCell: inputSize \(inputSize) and hiddenSize \(hiddenSize) must be positive")
        }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.nonlinearity = nonlinearity
        weightIH = recurrentUniform([hiddenSize, inputSize], hiddenSize: hiddenSize, rng: rng)
        weightHH = recurrentUniform([hiddenSize, hiddenSize], hiddenSize: hiddenSize, rng: rng)
        biasIH = bias ? recurrentUniform([hiddenSize], hiddenSize: hiddenSize, rng: rng) : nil
        biasHH = bias ? recurrentUniform([hiddenSize], hiddenSize: hiddenSize, rng: rng) : nil
    }

    public var outputSize: Int { hiddenSize }
    public var gateNames: [String] { [] }

    public func zeroState(batchSize: Int) -> HiddenState<Scalar> { HiddenState(h: .zeros([batchSize, hiddenSize])) }

    public func step(_ x: Tensor<Scalar>, state: HiddenState<Scalar>) -> CellStep<HiddenState<Scalar>> {
        checkStepInput(x, state, "RNNCell")
        var z = matmul(x, weightIH.value, transposeB: true) + matmul(state.h, weightHH.value, transposeB: true)
        if let biasIH, let biasHH { z = z + biasIH.value + biasHH.value }    // [B, H]
        let h = nonlinearity == .tanh ? tanh(z) : relu(z)
        return CellStep(state: HiddenState(h: h), gates: [])
    }
}
