import LSTMKit

/// The shape of a `ConvFrontEnd`, stored in checkpoints (inside `SequenceClassifierConfig.conv`).
public struct ConvFrontEndConfig: Codable, Equatable, Sendable {
    /// D, the features per step the first convolution reads (set from the data).
    public var inputSize: Int
    /// C, the channels of every convolution (the recurrent stack then reads C features per step).
    public var channels: Int
    /// k, the kernel size (over time) of every convolution ("same" padding: the length is kept).
    public var kernelSize: Int
    /// How many convolution + ReLU blocks.
    public var layerCount: Int
    /// The max-pooling window over time after the blocks (1: no pooling): T' = floor(T / pool).
    public var pool: Int

    public init(inputSize: Int = 1, channels: Int, kernelSize: Int = 5, layerCount: Int = 1, pool: Int = 1) {
        (self.inputSize, self.channels, self.kernelSize) = (inputSize, channels, kernelSize)
        (self.layerCount, self.pool) = (layerCount, pool)
    }

    /// The first problem as (field, message), fields named as `ClassifyConfig`'s (`convChannels`, ...).
    public var problem: (field: String, message: String)? {
        if inputSize < 1 { return ("inputSize", "must be at least 1, got \(inputSize)") }
        if channels < 1 || channels > 4096 { return ("convChannels", "must be in 1...4096, got \(channels)") }
        if kernelSize < 1 || kernelSize > 1024 { return ("convKernel", "must be in 1...1024, got \(kernelSize)") }
        if layerCount < 1 || layerCount > 64 { return ("convLayers", "must be in 1...64, got \(layerCount)") }
        if pool < 1 || pool > 1024 { return ("convPool", "must be in 1...1024, got \(pool)") }
        return nil
    }
}

/// A 1-D convolutional front-end over time (the "CNN" of a CNN-LSTM; e.g. Ordonez and Roggen 2016, DeepConvLSTM):
///
///     h_0 = x^T                                                   [B, D, T]
///     h_k = relu(conv1d(h_{k-1}, W_k, b_k, padding: same)) * mask  [B, C, T]   k = 1...layerCount
///     y   = maxPool1d(h_K, pool)^T                                [T', B, C]   T' = floor(T / pool)
///
/// `mask[b, t]` is 1 on the real steps of sequence b (t < lengths[b]) and 0 on its padding, so padding never
/// leaks into real steps through the next convolution: a padded sequence gives the same real outputs as alone
/// ("same" padding is zeros too). The new lengths are floor(lengths / pool).
/// Parameter names: `layers.K.weight` [C, D or C, k], `layers.K.bias` [C] (PyTorch `nn.Conv1d`).
public final class ConvFrontEnd<Scalar: TensorScalar>: Module {
    public let config: ConvFrontEndConfig
    public let layers: [Conv1D<Scalar>]
    public var isTraining = true

    public init(_ config: ConvFrontEndConfig, rng: RandomSource) {
        if let (field, message) = config.problem { failure("ConvFrontEnd: \(field) \(message)") }
        self.config = config
        layers = (0..<config.layerCount).map { k in
            Conv1D(inChannels: k == 0 ? config.inputSize : config.channels, outChannels: config.channels,
                   kernelSize: config.kernelSize, padding: .same, rng: rng)
        }
    }

    /// x [T, B, D] (time-major), lengths (nil: all T) -> ([T', B, C], the new lengths).
    public func callAsFunction(_ x: Tensor<Scalar>, lengths: [Int]?) -> (Tensor<Scalar>, [Int]?) {
        let (steps, batch) = (x.shape[0], x.shape[1])
        if steps < config.pool {
            failure("ConvFrontEnd: \(steps) steps, fewer than the pooling window \(config.pool)")
        }
        var mask: Tensor<Scalar>? = nil                                           // [B, 1, T]
        if let lengths, lengths.contains(where: { $0 < steps }) {
            let values = lengths.flatMap { n in (0..<steps).map { Scalar($0 < n ? 1 : 0) } }
            mask = Tensor(shape: [batch, 1, steps], scalars: values)
        }
        var h = x.permuted([1, 2, 0])                                             // [B, D, T]
        for conv in layers {
            h = relu(conv(h))                                                     // [B, C, T]
            if let mask { h = h * mask }
        }
        if config.pool > 1 { h = maxPool1d(h, kernel: config.pool) }              // [B, C, T']
        return (h.permuted([2, 0, 1]), lengths.map { $0.map { Swift.max(1, $0 / config.pool) } })
    }
}
