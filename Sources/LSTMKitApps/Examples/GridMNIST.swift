import Foundation
import LSTMKit

/// MNIST digits through a 2-D Grid LSTM (`GridLSTM2D`, Kalchbrenner et al. 2015): each image is cut into
/// patches, one grid position per patch, with LSTM memory along rows, columns and depth; the top block at
/// the last position feeds a linear classifier. Patches of 1x28 make it a network over the image's rows.
///
/// Data: the committed MNIST-5k (`MNISTDataset`), its stratified 80/10/10 split, pixels scaled to [0, 1].
/// Training: Adam, cross-entropy, gradient-norm clip 1, shuffled batches (seeded); the reported test accuracy
/// is the model's at the epoch of the best validation accuracy.
public enum GridMNIST {
    public struct Settings: Sendable {
        public var data = MNISTDataset.defaultPath
        public var patchHeight = 4
        public var patchWidth = 4
        public var hiddenSize = 32
        public var layerCount = 1
        public var epochs = 10
        public var batchSize = 32
        public var learningRate = 0.003
        public var seed: UInt64 = 0
        public init() {}
    }

    public struct Result: Sendable, Codable {
        public var rows: Int
        public var columns: Int
        public var parameterCount: Int
        public var validationAccuracies: [Double]
        public var bestEpoch: Int
        public var testAccuracy: Double
        public var seconds: Double
    }

    /// Trains and evaluates; `progress(epoch, loss, validation accuracy)` after every epoch.
    public static func run(_ s: Settings, progress: (Int, Double, Double) -> Void = { _, _, _ in }) throws -> Result {
        let grid = try GridLSTM2D<Float>.gridShape(imageHeight: 28, imageWidth: 28, patchHeight: s.patchHeight,
                                                   patchWidth: s.patchWidth)
        let split = MNISTDataset.split(try MNISTDataset.load(URL(fileURLWithPath: s.data)))
        func images(_ part: LabeledSequences, _ indices: [Int]) -> (Tensor<Float>, [Int]) {
            var pixels: [Float] = []
            pixels.reserveCapacity(indices.count * 784)
            for i in indices { pixels += part.examples[i].values.map { $0 / 255 } }
            return (Tensor(shape: [indices.count, 1, 28, 28], scalars: pixels), indices.map { part.examples[$0].label })
        }
        let rng = RandomSource(seed: s.seed)
        let net = GridLSTM2D<Float>(imageHeight: 28, imageWidth: 28, patchHeight: s.patchHeight, patchWidth: s.patchWidth,
                                    hiddenSize: s.hiddenSize, layerCount: s.layerCount, outputSize: 10, rng: rng)
        let optimizer = Adam(parameters: net.parameters(), learningRate: s.learningRate)
        func accuracy(_ part: LabeledSequences) -> Double {
            var correct = 0
            withoutGrad {
                for start in stride(from: 0, to: part.count, by: 256) {
                    let (x, y) = images(part, Array(start..<min(start + 256, part.count)))
                    correct += zip(net(x).argmax(axis: 1), y).filter { $0 == $1 }.count
                }
            }
            return Double(correct) / Double(part.count)
        }
        let started = Date()
        var result = Result(rows: grid.rows, columns: grid.columns, parameterCount: net.parameterCount,
                            validationAccuracies: [], bestEpoch: 0, testAccuracy: 0, seconds: 0)
        var best = -1.0
        for epoch in 1...s.epochs {
            let order = epochRandomSource(seed: s.seed &+ 2, epoch: epoch).permutation(split.train.count)
            var total = 0.0, batches = 0
            for start in stride(from: 0, to: order.count, by: s.batchSize) {
                let (x, y) = images(split.train, Array(order[start..<min(start + s.batchSize, order.count)]))
                let loss = crossEntropy(logits: net(x), targets: y)
                optimizer.zeroGrad()
                loss.backward()
                clipGradientNorm(optimizer.parameters, maxNorm: 1)
                optimizer.step()
                total += Double(loss.item)
                batches += 1
            }
            let validation = accuracy(split.validation)
            result.validationAccuracies.append(validation)
            if validation > best {
                best = validation
                result.bestEpoch = epoch
                result.testAccuracy = accuracy(split.test)
            }
            progress(epoch, total / Double(max(batches, 1)), validation)
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }
}
