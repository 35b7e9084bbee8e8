import LSTMKit

/// k-bit parity (Kalchbrenner et al. 2015, section 4.1): the network gets a string of k bits at once and
/// must say whether it has an odd number of ones. Every bit matters and no subset of bits tells anything,
/// so a network must combine all k of them, through depth.
///
/// Two networks of the same depth L and about the same number of parameters:
/// - `grid`: `DepthGridLSTM`, a tied 1-D Grid LSTM along depth (LSTM memory carried from layer to layer);
/// - `stacked`: a stacked LSTM (`LSTM` with L layers) reading the k bits as a one-step sequence, i.e. the same
///   depth of LSTM cells without memory along depth (each layer starts from a zero state), with its width
///   chosen so its parameter count is closest to the grid's.
/// Bits are fed as -1/+1. Training: Adam, binary cross-entropy on fresh seeded batches, until the accuracy on
/// a fixed held-out set of 1000 strings reaches 99% or the step budget runs out.
public enum GridParity {
    public enum Model: String, CaseIterable, Sendable, Codable { case grid, stacked }

    /// A batch of k-bit strings as [B, k] in -1/+1 and their parities [B, 1] in 0/1.
    public static func batch(bits k: Int, count: Int, rng: RandomSource) -> (x: Tensor<Float>, y: Tensor<Float>) {
        var x = [Float](repeating: -1, count: k * count), y = [Float](repeating: 0, count: count)
        for b in 0..<count {
            var ones = 0
            for i in 0..<k where rng.next() & 1 == 1 { x[b * k + i] = 1; ones += 1 }
            y[b] = Float(ones % 2)
        }
        return (Tensor(shape: [count, k], scalars: x), Tensor(shape: [count, 1], scalars: y))
    }

    /// The seed of the held-out strings.
    public static let testSeed: UInt64 = 4242

    /// One network: logits [B, 1] for bits [B, k], its parameters and its size.
    public final class Network {
        public let model: Model
        public let parameters: [Parameter<Float>]
        public let hiddenSize: Int
        let run: (Tensor<Float>) -> Tensor<Float>

        public init(model: Model, bits k: Int, hiddenSize: Int, layerCount: Int, rng: RandomSource) {
            self.model = model
            switch model {
            case .grid:
                let net = DepthGridLSTM<Float>(inputSize: k, hiddenSize: hiddenSize, layerCount: layerCount,
                                               outputSize: 1, rng: rng)
                (parameters, run, self.hiddenSize) = (net.parameters(), { net($0) }, hiddenSize)
            case .stacked:
                let width = Self.stackedWidth(bits: k, gridHiddenSize: hiddenSize, layerCount: layerCount)
                let net = LSTM<Float>(inputSize: k, hiddenSize: width, layerCount: layerCount, rng: rng)
                let head = Linear<Float>(inputSize: width, outputSize: 1, rng: rng)
                (parameters, self.hiddenSize) = (net.parameters() + head.parameters(), width)
                run = { head(net($0.unsqueezed(0)).hN.slice(axis: 0, (layerCount - 1)..<layerCount).squeezed(0)) }
            }
        }

        public var parameterCount: Int { parameters.reduce(0) { $0 + $1.data.count } }
        public func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> { run(x) }

        /// The grid's parameter count: input projection, one tied block, the head.
        static func gridCount(bits k: Int, hiddenSize h: Int) -> Int { k * h + h + 4 * h * h + 4 * h + h + 1 }
        /// A stacked LSTM's parameter count with width w (two biases per layer, as PyTorch).
        static func stackedCount(bits k: Int, width w: Int, layerCount l: Int) -> Int {
            4 * w * (k + w) + 8 * w + (l - 1) * (4 * w * (2 * w) + 8 * w) + w + 1
        }
        /// The stacked LSTM width whose parameter count is closest to the grid's.
        static func stackedWidth(bits k: Int, gridHiddenSize h: Int, layerCount l: Int) -> Int {
            let target = gridCount(bits: k, hiddenSize: h)
            return (1...max(1, h)).min { abs(stackedCount(bits: k, width: $0, layerCount: l) - target)
                < abs(stackedCount(bits: k, width: $1, layerCount: l) - target) } ?? 1
        }
    }

    public struct Result: Sendable, Codable {
        public var model: Model
        public var bits: Int
        public var hiddenSize: Int
        public var parameterCount: Int
        /// The held-out accuracy at the end (or when 99% was reached).
        public var testAccuracy: Double
        /// The step at which the held-out accuracy first reached 99%, or nil.
        public var solvedAtStep: Int?
        public var steps: Int
        public var seconds: Double
    }

    /// Trains one network on k-bit parity; `progress(step, loss, testAccuracy)` after every evaluation.
    public static func train(
        model: Model, bits k: Int, hiddenSize: Int = 16, layerCount: Int = 10, steps: Int = 3000,
        batchSize: Int = 64, learningRate: Double = 0.003, evaluateEvery: Int = 100, seed: UInt64 = 0,
        progress: (Int, Double, Double) -> Void = { _, _, _ in }
    ) -> Result {
        let rng = RandomSource(seed: seed)
        let net = Network(model: model, bits: k, hiddenSize: hiddenSize, layerCount: layerCount, rng: rng)
        let optimizer = Adam(parameters: net.parameters, learningRate: learningRate)
        let test = batch(bits: k, count: 1000, rng: RandomSource(seed: testSeed))
        func accuracy() -> Double {
            withoutGrad {
                let logits = net(test.x).scalars
                return Double(zip(logits, test.y.scalars).filter { ($0 > 0) == ($1 > 0.5) }.count) / 1000
            }
        }
        let clock = ContinuousClock(), start = clock.now
        var result = Result(model: model, bits: k, hiddenSize: net.hiddenSize, parameterCount: net.parameterCount,
                            testAccuracy: 0, solvedAtStep: nil, steps: 0, seconds: 0)
        for step in 1...steps {
            let (x, y) = batch(bits: k, count: batchSize, rng: rng)
            let loss = binaryCrossEntropyWithLogits(logits: net(x), targets: y)
            optimizer.zeroGrad()
            loss.backward()
            clipGradientNorm(optimizer.parameters, maxNorm: 1)
            optimizer.step()
            result.steps = step
            if step % evaluateEvery == 0 || step == steps {
                result.testAccuracy = accuracy()
                progress(step, Double(loss.item), result.testAccuracy)
                if result.testAccuracy >= 0.99 { result.solvedAtStep = step; break }
            }
        }
        let elapsed = clock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return result
    }
}
