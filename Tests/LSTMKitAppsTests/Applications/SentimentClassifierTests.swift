import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct SentimentClassifierTests {
    func model(_ pooling: SentimentPooling, bidirectional: Bool = true) -> SentimentClassifier {
        let config = SentimentModelConfig(vocabularySize: 12, embeddingSize: 5, hiddenSize: 4,
                                          bidirectional: bidirectional, pooling: pooling, attentionSize: 3)
        let m = SentimentClassifier(config: config, rng: RandomSource(seed: 7))
        m.eval()
        return m
    }

    @Test(arguments: SentimentPooling.allCases)
    func paddingDoesNotChangeTheResult(pooling: SentimentPooling) {
        let m = model(pooling)
        let a = [3, 5, 7], b = [4, 9, 2, 11, 6]
        // Alone (no padding) versus together with a longer sentence (a padded to length 5).
        let aloneA = m.logits(ids: a, lengths: [3])                        // [1, 2]
        let aloneB = m.logits(ids: b, lengths: [5])
        var ids = [Int](repeating: 0, count: 5 * 2)
        for (t, id) in a.enumerated() { ids[t * 2] = id }
        for (t, id) in b.enumerated() { ids[t * 2 + 1] = id }
        let both = m.logits(ids: ids, lengths: [3, 5])                     // [2, 2]
        #expect(both.shape == [2, 2])
        expectClose(both.slice(axis: 0, 0..<1), aloneA, atol: 1e-6)
        expectClose(both.slice(axis: 0, 1..<2), aloneB, atol: 1e-6)
    }

    @Test func shapesAndParameterNames() {
        let m = model(.attention)
        #expect(m.config.featureSize == 8)
        let paths = m.namedParameters().map(\.path)
        #expect(paths.contains("embedding.weight") && paths.contains("output.weight"))
        #expect(paths.contains("recurrent.reverseLayers.0.cell.weightIH") && paths.contains("attentionScore.weight"))
        #expect(!model(.max).namedParameters().map(\.path).contains("attentionScore.weight"))
        #expect(model(.mean, bidirectional: false).output.inputSize == 4)
        let p = m.probabilities([[3, 4], [5], [6, 7, 8, 9]], batchSize: 2)  // sorted by length internally
        #expect(p.shape == [3, 2])
        expectClose(p.sum(axis: 1), Tensor<Float>.ones([3]), atol: 1e-5)
        expectClose(p.slice(axis: 0, 1..<2), m.probabilities([[5]]), atol: 1e-6)
    }

    @Test func learnsATinyTask() {
        // Sentences with word 2 are class 1, with word 3 class 0.
        let vocabulary = SentimentText.vocabulary(from: ["good film", "bad film", "a good one", "a bad one"])
        let sentences = ["good film", "bad film", "a good one", "a bad one", "good", "bad"]
        let examples = SentimentText.examples(sentences, labels: [1, 0, 1, 0, 1, 0], vocabulary)
        let config = SentimentModelConfig(vocabularySize: vocabulary.count, embeddingSize: 8, hiddenSize: 6,
                                          embeddingDropout: 0, dropout: 0)
        let m = SentimentClassifier(config: config, rng: RandomSource(seed: 1))
        let adam = Adam(parameters: m.parameters(), learningRate: 0.05)
        let batch = TokenBatch(collating: examples, paddingID: 0)
        for _ in 0..<30 {
            let loss = m.loss(batch)
            adam.zeroGrad(); loss.backward(); adam.step()
        }
        let result = m.evaluate(examples, labels: MovieReviews.classNames)
        #expect(result.accuracy == 1)
        #expect(result.loss < 0.1)
        #expect(result.confusion.counts == [[3, 0], [0, 3]])
    }

    @Test func tokenizerMatchesTheDataAndVocabularyUsesUnknown() {
        #expect(SentimentText.tokenize("It's a GREAT film, isn’t it?") ==
                ["it's", "a", "great", "film", ",", "isn't", "it", "?"])
        let v = SentimentText.vocabulary(from: ["b a a", "c a"], minCount: 2)
        #expect(v.tokens == ["<pad>", "<unk>", "a"])
        #expect(SentimentText.encode("A b", v) == [2, 1])
        #expect(SentimentText.examples(["..."], labels: [1], v)[0].tokens == [1, 1, 1])
        #expect(SentimentText.examples(["  "], labels: [1], v)[0].tokens == [0])
    }
}
