import LSTMKit
/// The adding problem (Hochreiter & Schmidhuber 1997), the classic test of long memory.
///
/// Each sequence has T steps of two features: a value u ~ U(0, 1) and a marker that is 1 at exactly two
/// steps (one in the first half, one in the second) and 0 elsewhere. The target is the sum of the two marked
/// values, seen only at the end. Always predicting 1 (the mean) gives MSE 1/6 = 0.167, so a model must
/// carry the first marked value across up to T steps to do better.
public enum AddingProblem {
    /// The MSE of always predicting the mean sum 1: the variance of the sum of two U(0, 1) values.
    public static let baselineMSE = 1.0 / 6.0
    /// The seed of the fixed held-out set every run is measured on.
    public static let testSeed: UInt64 = 12_345

    /// A batch: inputs [T, B, 2] and targets [B, 1].
    public static func batch<S: TensorScalar>(
        steps: Int, batchSize: Int, rng: RandomSource
    ) -> (inputs: Tensor<S>, targets: Tensor<S>) {
        if steps < 2 || batchSize < 1 {
            failure("AddingProblem.batch: need steps >= 2 and batchSize >= 1, got \(steps) and \(batchSize)")
        }
        let values = rng.uniforms(count: steps * batchSize)
        var x = [S](repeating: 0, count: steps * batchSize * 2)
        var y = [S](repeating: 0, count: batchSize)
        let half = steps / 2
        for b in 0..<batchSize {
            let first = rng.int(in: 0..<half), second = rng.int(in: half..<steps)
            for t in 0..<steps {
                let i = t * batchSize + b
                x[2 * i] = S(values[i])
                if t == first || t == second {
                    x[2 * i + 1] = 1
                    y[b] += S(values[i])
                }
            }
        }
        return (Tensor(shape: [steps, batchSize, 2], scalars: x), Tensor(shape: [batchSize, 1], scalars: y))
    }

    /// Which recurrent cell to train.
    public enum Model: String, CaseIterable, Sendable, Codable { case rnn, gru, lstm }

    /// A one-layer recurrent network (RNN, GRU or LSTM) reading [T, B, 2] followed by a linear head on its
    /// last hidden state: prediction = head(h[T]) [B, 1].
    public final class Network<S: TensorScalar> {
        public let model: Model
        /// The recurrent layer's and the head's parameters.
        public let parameters: [Parameter<S>]
        let run: (Tensor<S>) -> Tensor<S>

        /// Builds the network from `rng` (the head first, then the recurrent layer). `unitForgetBias` applies
        /// to the LSTM only (forget-gate bias 1, Jozefowicz et al. 2015).
        public init(model: Model, hiddenSize: Int, unitForgetBias: Bool = false, rng: RandomSource) {
            self.model = model
            let head = Linear<S>(inputSize: hiddenSize, outputSize: 1, rng: rng)
            switch model {
            case .lstm:
                let net = LSTM<S>(inputSize: 2, hiddenSize: hiddenSize, unitForgetBias: unitForgetBias, rng: rng)
                run = { head(net($0).hN.squeezed(0)) }
                parameters = net.parameters() + head.parameters()
            case .gru:
                let net = GRU<S>(inputSize: 2, hiddenSize: hiddenSize, rng: rng)
                run = { head(net($0).hN.squeezed(0)) }
                parameters = net.parameters() + head.parameters()
            case .rnn:
                let net = RNN<S>(inputSize: 2, hiddenSize: hiddenSize, rng: rng)
                run = { head(net($0).hN.squeezed(0)) }
                parameters = net.parameters() + head.parameters()
            }
        }

        /// The prediction for inputs [T, B, 2]: [B, 1].
        public func callAsFunction(_ inputs: Tensor<S>) -> Tensor<S> { run(inputs) }

        /// The MSE on the fixed held-out set (`count` sequences drawn from `testSeed`).
        public func testMSE(steps: Int, count: Int = 512) -> Double {
            let (x, y): (Tensor<S>, Tensor<S>) = batch(steps: steps, batchSize: count,
                                                      rng: RandomSource(seed: testSeed))
            return withoutGrad { Double(mseLoss(run(x), y).item) }
        }
    }

    /// Summary of a training run.
    public struct Result: Sendable {
        /// The training-batch MSE after each step.
        public var losses: [Double]
        /// The MSE on a fixed held-out set of 512 sequences after training.
        public var testMSE: Double
    }

    /// Trains `model` with Adam on fresh batches (seeded), clipping the gradient norm at `maxGradientNorm`,
    /// then measures the MSE on a held-out set.
    public static func train(
        model: Model, steps: Int, iterations: Int, hiddenSize: Int = 32, batchSize: Int = 32,
        learningRate: Double = 0.01, maxGradientNorm: Double = 1, unitForgetBias: Bool = false,
        seed: UInt64 = 0, progress: (Int, Double) -> Void = { _, _ in }
    ) -> Result {
        let rng = RandomSource(seed: seed)
        let net = Network<Float>(model: model, hiddenSize: hiddenSize, unitForgetBias: unitForgetBias, rng: rng)
        let optimizer = Adam(parameters: net.parameters, learningRate: learningRate)
        var losses: [Double] = []
        for iteration in 1...iterations {
            let (x, y): (Tensor<Float>, Tensor<Float>) = batch(steps: steps, batchSize: batchSize, rng: rng)
            let loss = mseLoss(net(x), y)
            optimizer.zeroGrad()
            loss.backward()
            clipGradientNorm(optimizer.parameters, maxNorm: maxGradientNorm)
            optimizer.step()
            losses.append(Double(loss.item))
            progress(iteration, Double(loss.item))
        }
        return Result(losses: losses, testMSE: net.testMSE(steps: steps))
    }
}
