import LSTMKit
/// The README's training loop by hand (`lstm demo xor`): a 2-8-1 tanh network learning XOR, the classic
/// problem a single linear layer cannot solve. Kept in the library so the CLI demo, the README and a test run
/// the same code.
public enum XORExample {
    /// The four XOR inputs and their labels.
    public static let inputs: [[Float]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
    public static let labels: [Float] = [0, 1, 1, 0]

    public struct Result: Sendable {
        /// The loss after each step.
        public var losses: [Float]
        public var finalLoss: Float { losses.last ?? .nan }
        /// P(label = 1) for each of the four inputs after training.
        public var probabilities: [Float]
        /// The fraction of the four points classified correctly (threshold 0.5).
        public var accuracy: Double
    }

    /// Trains from `seed` for `steps` full-batch Adam steps, calling `progress(step, loss)` after each.
    public static func train(
        seed: UInt64 = 0, steps: Int = 300, learningRate: Double = 0.05,
        progress: (Int, Float) -> Void = { _, _ in }
    ) -> Result {
        let rng = RandomSource(seed: seed)
        let model = Sequential<Float>(
            Linear(inputSize: 2, outputSize: 8, rng: rng), Tanh(),
            Linear(inputSize: 8, outputSize: 1, rng: rng))
        let optimizer = Adam(parameters: model.parameters(), learningRate: learningRate)
        let x = Tensor<Float>(rows: inputs)                      // [4, 2]
        let y = Tensor<Float>(shape: [4, 1], scalars: labels)    // [4, 1]
        var losses: [Float] = []
        for step in 1...steps {
            let loss = binaryCrossEntropyWithLogits(logits: model(x), targets: y)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item)
            progress(step, loss.item)
        }
        let p = withoutGrad { sigmoid(model(x)) }.scalars
        let correct = zip(p, labels).filter { ($0 > 0.5 ? 1 : 0) == $1 }.count
        return Result(losses: losses, probabilities: p, accuracy: Double(correct) / 4)
    }
}
