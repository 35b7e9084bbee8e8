import Foundation
import Testing
import LSTMKit
@testable import LSTMKitApps

/// The SST task's pieces on trees the test writes: label mapping, the tree batch, the loss over every phrase,
/// and a tiny treebank that the Tree-LSTM learns (seeded, so the outcome is fixed).
@Suite struct SSTTaskTests {
    static let trees = [
        "(4 (4 great) (2 (2 the) (2 film)))", "(0 (2 (2 the) (2 plot)) (0 awful))", "(3 (3 good) (2 story))",
        "(1 (2 film) (1 bad))", "(2 (2 the) (2 story))", "(4 (2 (2 a) (2 plot)) (4 great))",
    ].map { try! LabeledTree(bracketed: $0) }

    @Test func binarySettingMapsLabelsAndDropsNeutral() {
        var config = SSTConfig()
        config.classes = 2
        #expect((0...4).map { config.target($0) } == [0, 0, nil, 1, 1])
        config.classes = 5
        #expect((0...4).map { config.target($0) } == [0, 1, 2, 3, 4])
        #expect(config.classNames.count == 5)
    }

    @Test func batchHasWordsAtLeavesAndTargetsOnEveryNode() {
        var config = SSTConfig()
        config.classes = 2
        let vocabulary = Vocabulary(from: Self.trees.flatMap(\.words), specials: SentimentText.specials)
        let batch = SSTTreeBatch(Array(Self.trees[0..<2]), vocabulary: vocabulary, config: config)
        #expect(batch.tree.nodeCount == 10 && batch.tree.roots == [4, 9])
        #expect(batch.wordIDs.enumerated().allSatisfy { n, id in (id == 0) == !batch.tree.children[n].isEmpty })
        #expect(batch.targets == [1, -1, -1, -1, 1, -1, -1, -1, 0, 0])
        #expect(batch.rootTargets == [1, 0])
    }

    @Test func lossSumsEveryLabeledPhrasePerTree() {
        var config = SSTConfig()
        config.embeddingSize = 4
        config.hiddenSize = 3
        let vocabulary = Vocabulary(from: Self.trees.flatMap(\.words), specials: SentimentText.specials)
        let model = TreeSentimentClassifier(vocabularySize: vocabulary.count, config: config, rng: RandomSource(seed: 1))
        model.eval()
        let batch = SSTTreeBatch(Array(Self.trees[0..<2]), vocabulary: vocabulary, config: config)
        let logits = model.logits(batch)
        let perNode = crossEntropy(logits: logits, targets: batch.targets, reduction: .none).scalars
        #expect(abs(model.loss(batch).item - perNode.reduce(0, +) / 2) < 1e-5)
    }

    @Test func tinyTreebankIsLearned() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sst-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Self.trees.map(\.bracketed).joined(separator: "\n")
        for name in SSTData.fileNames { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        var config = SSTConfig()
        config.data = dir.path
        config.output = dir.appendingPathComponent("run").path
        config.embeddingSize = 8
        config.hiddenSize = 8
        config.embeddingDropout = 0
        config.dropout = 0
        config.training.batchSize = 2
        config.training.epochs = 30
        config.training.learningRate = 0.1
        let report = try SSTTask.train(config, observer: .silent)
        #expect(report.best.accuracy == 1, "\(report.best.accuracy)")
        #expect((report.bestPhraseAccuracy ?? 0) >= 0.9, "\(String(describing: report.bestPhraseAccuracy))")
        let model = try SSTTask.load(URL(fileURLWithPath: report.training.best))
        #expect(model.evaluate(Self.trees).test.accuracy == 1)
    }
}
