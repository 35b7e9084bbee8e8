import LSTMKit
import Foundation

/// The copy task (Hochreiter & Schmidhuber 1997; in the form of Arjovsky, Shah & Bengio 2016): remember a
/// short sequence of symbols across a long gap, then reproduce it.
///
/// With S symbols (default 10) drawn uniformly from an alphabet of A = 8 (tokens 1...8), a gap T, token 0 =
/// blank and token 9 = the delimiter, every sequence has L = T + 2S steps:
///
///     input : s1 ... sS  0 ... 0 (T - 1 blanks)  9  0 ... 0 (S blanks)
///     target: 0 ... 0 (T + S blanks)                 s1 ... sS
///
/// Inputs are one-hot vectors of size 10; the model predicts a token at every step and is trained with the
/// cross-entropy averaged over all L steps.
///
/// Baseline: a model without memory can learn to output blanks for the first T + S steps and then guess
/// uniformly among the A symbols, paying ln(A) on each of the S recall steps, so its cross-entropy is
///
///     baseline = S * ln(A) / (T + 2S)        (T = 100: 10 * ln 8 / 120 = 0.173; T = 200: 0.095)
///
/// and its accuracy on the recall steps is 1 / A = 12.5%. A loss below the baseline means the model carries
/// the symbols across the gap.
public enum CopyTask {
    /// The alphabet size A (symbols are tokens 1...A).
    public static let alphabetSize = 8
    /// The blank token.
    public static let blank = 0
    /// The delimiter token ("start reproducing now").
    public static let delimiter = 9
    /// The number of distinct tokens (input size and output classes).
    public static let tokenCount = 10
    /// The seed of the fixed held-out set every run is measured on.
    public static let testSeed: UInt64 = 54_321

    /// L = T + 2S.
    public static func length(gap: Int, symbols: Int) -> Int { gap + 2 * symbols }

    /// The memoryless cross-entropy S * ln(A) / (T + 2S) over all steps.
    public static func baselineLoss(gap: Int, symbols: Int) -> Double {
        Double(symbols) * Foundation.log(Double(alphabetSize)) / Double(length(gap: gap, symbols: symbols))
    }

    /// The memoryless cross-entropy on the recall steps only: ln(A) = 2.079.
    public static let baselineRecallLoss = Foundation.log(Double(alphabetSize))

    /// A batch: one-hot inputs [L, B, 10], the target token of every step (time-major, index t * B + b,
    /// count L * B) and the symbols of each sequence ([B][S]).
    public static func batch<S: TensorScalar>(
        gap: Int, symbols: Int = 10, batchSize: Int, rng: RandomSource
    ) -> (inputs: Tensor<S>, targets: [Int], symbols: [[Int]]) {
        if gap < 1 || symbols < 1 || batchSize < 1 {
            failure("CopyTask.batch: need gap >= 1, symbols >= 1 and batchSize >= 1, got \(gap), \(symbols), \(batchSize)")
        }
        let steps = length(gap: gap, symbols: symbols)
        var x = [S](repeating: 0, count: steps * batchSize * tokenCount)
        var targets = [Int](repeating: blank, count: steps * batchSize)
        var drawn: [[Int]] = []
        for b in 0..<batchSize {
            let s = (0..<symbols).map { _ in 1 + rng.int(in: 0..<alphabetSize) }
            drawn.append(s)
            for t in 0..<steps {
                let token: Int
                if t < symbols { token = s[t] } else if t == symbols + gap - 1 { token = delimiter } else { token = blank }
                x[(t * batchSize + b) * tokenCount + token] = 1
                if t >= symbols + gap { targets[t * batchSize + b] = s[t - symbols - gap] }
            }
        }
        return (Tensor(shape: [steps, batchSize, tokenCount], scalars: x), targets, drawn)
    }

    /// An LSTM (or GRU / RNN) over the one-hot tokens followed by a linear layer to 10 logits at every step.
    public final class Network<S: TensorScalar> {
        public let parameters: [Parameter<S>]
        let run: (Tensor<S>) -> Tensor<S>

        public init(model: AddingProblem.Model, hiddenSize: Int, unitForgetBias: Bool = false, rng: RandomSource) {
            let head = Linear<S>(inputSize: hiddenSize, outputSize: tokenCount, rng: rng)
            switch model {
            case .lstm:
                let net = LSTM<S>(inputSize: tokenCount, hiddenSize: hiddenSize, unitForgetBias: unitForgetBias, rng: rng)
                run = { head(net($0).outputs) }
                parameters = net.parameters() + head.parameters()
            case .gru:
                let net = GRU<S>(inputSize: tokenCount, hiddenSize: hiddenSize, rng: rng)
                run = { head(net($0).outputs) }
                parameters = net.parameters() + head.parameters()
            case .rnn:
                let net = RNN<S>(inputSize: tokenCount, hiddenSize: hiddenSize, rng: rng)
                run = { head(net($0).outputs) }
                parameters = net.parameters() + head.parameters()
            }
        }

        /// Logits [L, B, 10] for one-hot inputs [L, B, 10].
        public func callAsFunction(_ inputs: Tensor<S>) -> Tensor<S> { run(inputs) }
    }

    /// Held-out measurements.
    public struct Evaluation: Sendable, Encodable {
        /// Cross-entropy over all L steps (compare with `baselineLoss`).
        public var loss: Double
        /// Cross-entropy over the S recall steps (compare with ln 8 = 2.079).
        public var recallLoss: Double
        /// The fraction of recalled symbols that are right (chance: 1/8).
        public var recallAccuracy: Double
        /// The fraction of sequences reproduced without a single mistake.
        public var sequenceAccuracy: Double
    }

    /// Measures `network` on `count` held-out sequences (drawn from `testSeed`).
    public static func evaluate<S: TensorScalar>(
        _ network: Network<S>, gap: Int, symbols: Int, count: Int = 256
    ) -> Evaluation {
        let (x, targets, drawn): (Tensor<S>, [Int], [[Int]]) = batch(
            gap: gap, symbols: symbols, batchSize: count, rng: RandomSource(seed: testSeed))
        return withoutGrad {
            let logits = network(x)                                        // [L, B, 10]
            let perStep = crossEntropy(logits: logits, targets: targets, reduction: .none)   // [L, B]
            let steps = length(gap: gap, symbols: symbols), first = symbols + gap
            var total = 0.0, recall = 0.0, right = 0, perfect = 0
            for (k, v) in perStep.scalars.enumerated() {
                total += Double(v)
                if k / count >= first { recall += Double(v) }
            }
            let predicted = logits.argmax(axis: 2)                         // [L * B], time-major
            for b in 0..<count {
                var all = true
                for j in 0..<symbols {
                    let ok = predicted[(first + j) * count + b] == drawn[b][j]
                    if ok { right += 1 } else { all = false }
                }
                if all { perfect += 1 }
            }
            return Evaluation(
                loss: total / Double(steps * count), recallLoss: recall / Double(symbols * count),
                recallAccuracy: Double(right) / Double(symbols * count),
                sequenceAccuracy: Double(perfect) / Double(count))
        }
    }

    /// One point of a training run.
    public struct Snapshot: Sendable {
        public var iteration: Int
        /// The mean training-batch cross-entropy since the previous snapshot.
        public var trainLoss: Double
    }

    /// Summary of a training run.
    public struct Result: Sendable {
        /// The training-batch cross-entropy after each iteration.
        public var losses: [Double]
        public var test: Evaluation
        public var seconds: Double
    }

    /// Trains `model` with Adam on fresh batches (seeded, gradient norm clipped at `maxGradientNorm`), then
    /// evaluates on 256 held-out sequences. `progress` gets the mean loss every `reportEvery` iterations.
    public static func train(
        model: AddingProblem.Model = .lstm, gap: Int, symbols: Int = 10, iterations: Int, hiddenSize: Int = 128,
        batchSize: Int = 32, learningRate: Double = 0.002, maxGradientNorm: Double = 1,
        unitForgetBias: Bool = true, seed: UInt64 = 0, reportEvery: Int = 100,
        progress: (Snapshot) -> Void = { _ in }
    ) -> Result {
        if iterations < 1 || hiddenSize < 1 || reportEvery < 1 {
            failure("CopyTask.train: iterations \(iterations), hiddenSize \(hiddenSize), reportEvery \(reportEvery) must be >= 1")
        }
        let start = Date()
        let rng = RandomSource(seed: seed)
        let net = Network<Float>(model: model, hiddenSize: hiddenSize, unitForgetBias: unitForgetBias, rng: rng)
        let optimizer = Adam(parameters: net.parameters, learningRate: learningRate)
        var losses: [Double] = []
        for iteration in 1...iterations {
            let (x, targets, _): (Tensor<Float>, [Int], [[Int]]) = batch(
                gap: gap, symbols: symbols, batchSize: batchSize, rng: rng)
            let loss = crossEntropy(logits: net(x), targets: targets)
            optimizer.zeroGrad()
            loss.backward()
            clipGradientNorm(optimizer.parameters, maxNorm: maxGradientNorm)
            optimizer.step()
            losses.append(Double(loss.item))
            if iteration % reportEvery == 0 || iteration == iterations {
                let window = losses[(iteration - 1) / reportEvery * reportEvery..<iteration]
                progress(Snapshot(iteration: iteration, trainLoss: window.reduce(0, +) / Double(window.count)))
            }
        }
        let test = evaluate(net, gap: gap, symbols: symbols)
        return Result(losses: losses, test: test, seconds: Date().timeIntervalSince(start))
    }
}
