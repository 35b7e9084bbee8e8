import LSTMKit
/// An LSTM that reads a window of W steps and forecasts the next H steps at once (a direct multi-output
/// head, no feeding back of its own forecasts):
///
///     out = LSTM(x)              x [W, B, F] (time-major)     out [W, B, hiddenSize]
///     h   = out[W - 1]           the last step's output       [B, hiddenSize]
///     y   = h @ W_head^T + b     one output per horizon step  [B, H]
///
/// PyTorch equivalent: `nn.LSTM(F, hidden, num_layers, dropout)` followed by `nn.Linear(hidden, H)` on
/// `output[-1]`. Parameter paths: `lstm.layers.<k>.cell.weightIH`, ..., `head.weight`, `head.bias`.
public final class Forecaster<Scalar: TensorScalar>: Layer {
    public let lstm: LSTM<Scalar>
    public let head: Linear<Scalar>
    public var isTraining = true

    /// - Parameters:
    ///   - inputSize: F, the features per step (the target plus any extra columns).
    ///   - horizon: H, the steps forecast at once.
    public init(inputSize: Int, hiddenSize: Int, layerCount: Int = 1, dropout: Double = 0, horizon: Int,
                rng: RandomSource) {
        if inputSize < 1 || hiddenSize < 1 || horizon < 1 {
            failure("Forecaster: inputSize (\(inputSize)), hiddenSize (\(hiddenSize)) and horizon (\(horizon)) must be >= 1")
        }
        lstm = LSTM(inputSize: inputSize, hiddenSize: hiddenSize, layerCount: layerCount, dropout: dropout, rng: rng)
        head = Linear(inputSize: hiddenSize, outputSize: horizon, rng: rng)
    }

    /// Builds the model a config describes.
    public convenience init(config: ForecastConfig, rng: RandomSource) {
        self.init(inputSize: config.inputSize, hiddenSize: config.hiddenSize, layerCount: config.layerCount,
                  dropout: config.dropout, horizon: config.horizon, rng: rng)
    }

    /// The forecast `[B, H]` of windows `[W, B, F]`.
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        if x.rank != 3 { failure("Forecaster: input of shape \(x.shape), expected [W, B, F]") }
        let w = x.shape[0], b = x.shape[1]
        let out = lstm(x).outputs                                          // [W, B, hidden]
        let last = out.slice(axis: 0, (w - 1)..<w).reshaped([b, out.shape[2]])   // [B, hidden]
        return head(last)                                                  // [B, H]
    }
}
