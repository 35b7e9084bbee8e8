import LSTMKit
/// A recurrent network (an LSTM by default) that reads a window of W steps and forecasts the next H steps at
/// once (a direct multi-output head, no feeding back of its own forecasts):
///
///     out = RNN(x)               x [W, B, F] (time-major)     out [W, B, O]
///     h   = out[W - 1]           the last step's output       [B, O]
///     y   = h @ W_head^T + b     one output per horizon step  [B, H]
///
/// PyTorch equivalent: `nn.LSTM(F, hidden, num_layers, dropout)` followed by `nn.Linear(hidden, H)` on
/// `output[-1]`. Parameter paths: `recurrent.layers.<k>.cell.weightIH`, ..., `head.weight`, `head.bias`.
public final class Forecaster<Scalar: TensorScalar>: Layer {
    public let recurrent: RecurrentEncoder<Scalar>
    public let head: Linear<Scalar>
    public var isTraining = true

    /// - Parameters:
    ///   - config: the stack (the `recurrent` argument); its `inputSize` F is the features per step (the target
    ///     plus any extra columns).
    ///   - horizon: H, the steps forecast at once.
    ///   - implementation: what the recurrent layers are asked to run (`RecurrentImplementation`).
    ///   - rng: draws the initial weights; the stack keeps drawing its masks from it.
    public init(recurrent config: RecurrentEncoderConfig, horizon: Int, implementation: RecurrentImplementation = .native,
                rng: RandomSource) {
        if horizon < 1 { failure("Forecaster: horizon \(horizon) must be >= 1") }
        recurrent = RecurrentEncoder(config, implementation: implementation, rng: rng)
        head = Linear(inputSize: config.outputSize, outputSize: horizon, rng: rng)
    }

    /// An LSTM forecaster.
    public convenience init(inputSize: Int, hiddenSize: Int, layerCount: Int = 1, dropout: Double = 0, horizon: Int,
                            rng: RandomSource) {
        self.init(recurrent: RecurrentEncoderConfig(inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount,
                                                    dropout: dropout),
                  horizon: horizon, rng: rng)
    }

    /// Builds the model a config describes.
    public convenience init(config: ForecastConfig, implementation: RecurrentImplementation = .native, rng: RandomSource) {
        self.init(recurrent: config.recurrent, horizon: config.horizon, implementation: implementation, rng: rng)
    }

    /// The forecast `[B, H]` of windows `[W, B, F]`.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        if x.rank != 3 { failure("Forecaster: input of shape \(x.shape), expected [W, B, F]") }
        let w = x.shape[0], b = x.shape[1]
        let out = recurrent(x).outputs                                     // [W, B, O]
        let last = out.slice(axis: 0, (w - 1)..<w).reshaped([b, out.shape[2]])   // [B, O]
        return head(last)                                                  // [B, H]
    }
}
