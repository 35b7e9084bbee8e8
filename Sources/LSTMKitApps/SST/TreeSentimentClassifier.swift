import Foundation
import LSTMKit

/// The constituency Tree-LSTM sentiment classifier of Tai et al. 2015 (section 5.1), over SST's binarized
/// parse trees, with a softmax classifier on every node:
///
///     x[n]      = dropout(embedding(word[n]))    at leaves; 0 at inner nodes     [N, E]
///     h, c      = BinaryTreeLSTM(x, tree)        level by level                 [N, H]
///     logits[n] = Linear(dropout(h[n]))                                          [N, C]
///     loss      = sum over labeled nodes of cross-entropy / number of trees      (every phrase counts)
///
/// A tree's prediction is its root's class.
public final class TreeSentimentClassifier: Module {
    public typealias Scalar = Float
    public let embedding: Embedding<Float>
    public let cell: BinaryTreeLSTMCell<Float>
    public let embeddingDropout: Dropout<Float>
    public let dropout: Dropout<Float>
    /// The output layer, [C, H].
    public let output: Linear<Float>
    public var isTraining = true

    public init(vocabularySize: Int, config: SSTConfig, rng: RandomSource, dropoutRNG: RandomSource? = nil) {
        let dropRNG = dropoutRNG ?? RandomSource(seed: rng.next())
        let (v, e) = (vocabularySize, config.embeddingSize)
        embedding = Embedding(count: v, dimension: e, paddingIndex: 0, rng: rng)
        let r = Float(config.embeddingInitRange)
        var table = Tensor<Float>.randomUniform([v, e], low: -r, high: r, using: rng).scalars        // [V, E]
        for j in 0..<e { table[j] = 0 }                                                          // <pad>: inner nodes
        embedding.weight.data = Tensor(shape: [v, e], scalars: table)
        cell = BinaryTreeLSTMCell(inputSize: e, hiddenSize: config.hiddenSize, rng: rng)
        embeddingDropout = Dropout(probability: config.embeddingDropout, rng: dropRNG)
        dropout = Dropout(probability: config.dropout, rng: dropRNG)
        output = Linear(inputSize: config.hiddenSize, outputSize: config.classes, rng: rng)
    }

    /// The class scores of every node: [N, C].
    public func logits(_ batch: SSTTreeBatch) -> Tensor<Float> {
        let x = embeddingDropout(embedding(batch.wordIDs, shape: [batch.wordIDs.count]))    // [N, E]
        let h = cell(x, tree: batch.tree).h                                                   // [N, H]
        return output(dropout(h))                                                            // [N, C]
    }

    /// The summed cross-entropy of every labeled node, divided by the number of trees.
    public func loss(_ batch: SSTTreeBatch) -> Tensor<Float> {
        crossEntropy(logits: logits(batch), targets: batch.targets, ignoreIndex: -1, reduction: .sum)
            / Float(batch.tree.roots.count)
    }

    /// Root and all-phrase scores of `trees`, in evaluation mode without a graph, `batchSize` trees at a time.
    public func evaluate(_ trees: [LabeledTree], vocabulary: Vocabulary, config: SSTConfig,
                         batchSize: Int = 256) -> (roots: ClassificationReport, phraseAccuracy: Double) {
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        var predictions: [Int] = [], targets: [Int] = [], loss = 0.0, phrases = 0, phrasesRight = 0
        withoutGrad {
            for start in stride(from: 0, to: trees.count, by: batchSize) {
                let batch = SSTTreeBatch(Array(trees[start..<Swift.min(start + batchSize, trees.count)]),
                                         vocabulary: vocabulary, config: config)
                let p = softmax(logits(batch), axis: -1)                                   // [N, C]
                let best = p.argmax(axis: 1), c = config.classes
                for (n, y) in batch.targets.enumerated() where y >= 0 {
                    phrases += 1
                    if best[n] == y { phrasesRight += 1 }
                }
                for root in batch.tree.roots {
                    let y = batch.targets[root]
                    predictions.append(best[root])
                    targets.append(y)
                    loss -= Foundation.log(Double(Swift.max(p.scalars[root * c + y], Float.leastNormalMagnitude)))
                }
            }
        }
        let report = ClassificationReport(predictions: predictions, targets: targets, classNames: config.classNames,
                                          loss: loss / Double(Swift.max(targets.count, 1)))
        return (report, Double(phrasesRight) / Double(Swift.max(phrases, 1)))
    }
}
