import Foundation
import Testing
import LSTMKit
import LSTMKitApps

@Suite struct WordLanguageModelTests {
    @Test func tokenizerAddsAnEndOfSentenceTokenPerLine() {
        let t = SentenceWordTokenizer()
        #expect(t.tokenize(" the cat  sat\n\non the mat \n") == ["the", "cat", "sat", "<eos>", "on", "the", "mat", "<eos>"])
        #expect(t.detokenize(["the", "cat", "<eos>", "a", "dog"]) == "the cat\na dog")
    }

    @Test func everyOutputLayerGivesADistributionAndTiedWeightsAreTheEmbedding() {
        let counts = [0, 9, 5, 4, 3, 2, 1, 1]
        for layer in WordOutputLayer.allCases {
            let config = WordLanguageModelConfig(vocabularySize: 8, embeddingSize: 6, hiddenSize: 6, layerCount: 2,
                                                 dropout: 0.3, embeddingDropout: 0.2, variationalDropout: true,
                                                 tieEmbeddings: layer == .full, outputLayer: layer, classCount: 3)
            let model = WordLanguageModel(config: config, counts: counts, rng: RandomSource(seed: 1))
            if layer == .full {
                #expect(!model.namedParameters().map(\.path).contains { $0.hasPrefix("full.") })
                #expect(model.namedParameters().map(\.path).contains("fullBias"))
            }
            model.eval()
            let h = Tensor<Float>.randomUniform([3, 6], low: -1, high: 1, using: RandomSource(seed: 2))
            let logp = model.logProbabilities(h)
            for row in exp(logp).sum(axis: 1).scalars { #expect(Swift.abs(row - 1) < 1e-5) }
            // The training path (target-only for class and huffman) gives the same log-likelihoods.
            let picked = model.logLikelihood(h, targets: [1, 7, 4])
            for (k, t) in [1, 7, 4].enumerated() { #expect(Swift.abs(picked.scalars[k] - logp.scalars[k * 8 + t]) < 1e-5) }
            // One training step's loss is finite and gives every parameter a gradient.
            model.train()
            let batch = LanguageModelBatch(inputs: [1, 2, 3, 4, 5, 6], targets: [2, 3, 4, 5, 6, 7], steps: 3, batchSize: 2)
            let (loss, states) = model.loss(batch, states: nil)
            #expect(loss.item.isFinite && states.count == 2)
            loss.backward()
            for (path, p) in model.namedParameters() { #expect(p.grad != nil, "\(layer): \(path)") }
        }
    }
}
