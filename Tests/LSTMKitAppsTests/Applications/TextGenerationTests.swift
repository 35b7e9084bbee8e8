import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct TextGenerationTests {
    static let text = "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n" +
        "First Citizen:\nYou are all resolved rather to die than to famish?\n\nAll:\nResolved. resolved.\n\nFirst Citizen:\nFirst, you"

    func tinyModel(_ vocabularySize: Int, seed: UInt64 = 1, layers: Int = 1, dropout: Double = 0)
        -> CharLanguageModel<Float> {
        CharLanguageModel<Float>(config: .init(vocabularySize: vocabularySize, embeddingSize: 8, hiddenSize: 16,
                                               layerCount: layers, dropout: dropout),
                                 rng: RandomSource(seed: seed))
    }

    @Test func shapesParameterPathsAndFusedKernel() {
        let model = tinyModel(11, layers: 2)
        let (logits, states) = model(Array(0..<6), shape: [3, 2], states: nil)
        #expect(logits.shape == [3, 2, 11])
        #expect(states.count == 2 && states[1].components.map(\.shape) == [[2, 16], [2, 16]])
        #expect(model.lastImplementation == .fused)
        let paths = model.namedParameters().map(\.path)
        #expect(paths.contains("embedding.weight") && paths.contains("recurrent.layers.1.cell.weightHH")
                && paths.contains("head.weight") && paths.contains("head.bias"))
    }

    @Test func chooseFollowsTemperatureAndTopK() {
        // softmax([0, ln 3]) = [0.25, 0.75]
        let logits = [0, Foundation.log(3.0)]
        #expect(TextSampler<Float>.choose(logits: logits, temperature: 1, topK: 0, uniform: 0.24) == 0)
        #expect(TextSampler<Float>.choose(logits: logits, temperature: 1, topK: 0, uniform: 0.26) == 1)
        // temperature 0.5 squares the odds: [0.1, 0.9]
        #expect(TextSampler<Float>.choose(logits: logits, temperature: 0.5, topK: 0, uniform: 0.09) == 0)
        #expect(TextSampler<Float>.choose(logits: logits, temperature: 0.5, topK: 0, uniform: 0.11) == 1)
        // top-2 of [5, 1, 4, 0] keeps indices 0 and 2 only
        let four = [5.0, 1, 4, 0]
        for u in stride(from: 0.0, to: 1, by: 0.05) {
            #expect([0, 2].contains(TextSampler<Float>.choose(logits: four, temperature: 3, topK: 2, uniform: u)))
        }
        // top-1 is the arg max whatever the draw (ties: the lower index)
        for u in [0.0, 0.5, 0.999] {
            #expect(TextSampler<Float>.choose(logits: four, temperature: 1, topK: 1, uniform: u) == 0)
            #expect(TextSampler<Float>.choose(logits: [2, 7, 7], temperature: 1, topK: 1, uniform: u) == 1)
        }
    }

    @Test func greedySamplingIsDeterministicAndFollowsTheArgMax() {
        let corpus = TextCorpus(text: Self.text)
        let model = tinyModel(corpus.vocabulary.count)
        let prime = corpus.vocabulary.encode(["F", "i"])
        func run(_ seed: UInt64) -> [Int] {
            let sampler = TextSampler(model: model)
            sampler.feed(prime)
            return sampler.generate(count: 20, temperature: 1, topK: 1, rng: RandomSource(seed: seed))
        }
        let a = run(1), b = run(2)
        #expect(a == b)
        // The same chain by hand: arg max of the full-sequence logits at every step.
        var ids = prime
        for _ in 0..<20 {
            let logits = withoutGrad { model(ids, shape: [ids.count, 1], states: nil).logits }
            let v = corpus.vocabulary.count
            let last = Array(logits.scalars[((ids.count - 1) * v)...])
            ids.append(last.indices.max { last[$0] < last[$1] || (last[$0] == last[$1] && $0 > $1) }!)
        }
        #expect(Array(ids.dropFirst(2)) == a)
        // With a temperature, the seed matters and reproduces.
        let sampler = TextSampler(model: model)
        sampler.feed(prime)
        let c = sampler.generate(count: 20, temperature: 1, topK: 0, rng: RandomSource(seed: 3))
        let again = TextSampler(model: model)
        again.feed(prime)
        #expect(again.generate(count: 20, temperature: 1, topK: 0, rng: RandomSource(seed: 3)) == c)
    }

    @Test func badTemperatureStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TextSampler<Float>.choose(logits: [1, 2], temperature: 0, topK: 0, uniform: 0.5)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("temperature must be a finite number > 0, got 0.0"))
        #expect(TextSampler<Float>.temperatureProblem(.nan) != nil)
        #expect(TextSampler<Float>.temperatureProblem(-1) != nil)
        #expect(TextSampler<Float>.temperatureProblem(0.8) == nil)
    }

    @Test func tinyModelOverfitsAShortText() throws {
        let corpus = TextCorpus(text: Self.text)                  // 200 characters
        #expect(corpus.count == 200)
        let model = tinyModel(corpus.vocabulary.count, seed: 3)
        let before = model.evaluate(corpus, batchSize: 2, steps: 25).meanLoss
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters(), learningRate: 2e-2))
        let updates = TruncatedTextBatches(corpus, batchSize: 2, k1: 25, k2: 25)
        #expect(updates.count == 4)
        try trainer.fit(budget: TrainingBudget(steps: 240), train: { _ in updates }, validate: nil) {
            (m: CharLanguageModel<Float>, update: TruncatedTextBatch, states: [EncoderState<Float>]?) in
            let (loss, carry) = m.loss(update, states: states)
            return (loss, carry)
        }
        #expect(trainer.epoch == 60 && trainer.step == 240)
        let after = model.evaluate(corpus, batchSize: 2, steps: 25)
        #expect(before > 2.5)                                       // about ln(V), V = 34
        #expect(after.meanLoss < 0.3, "loss \(after.meanLoss) after 240 steps")
        #expect(after.characters == 198 && after.streams == 2)
    }

    @Test func evaluationIsTheMeanOverAllPredictions() {
        let corpus = TextCorpus(text: Self.text)
        let model = tinyModel(corpus.vocabulary.count, dropout: 0.5)
        // One stream, one batch: the plain mean cross-entropy of the whole text, in evaluation mode.
        let result = model.evaluate(corpus, batchSize: 1, steps: 500)
        model.eval()
        let direct = withoutGrad {
            crossEntropy(logits: model(Array(corpus.ids.dropLast()), shape: [199, 1], states: nil).logits,
                         targets: Array(corpus.ids.dropFirst())).item
        }
        #expect(abs(result.meanLoss - Double(direct)) < 1e-5)
        #expect(abs(result.bitsPerCharacter - result.meanLoss / Foundation.log(2.0)) < 1e-12)
        // Chunks of 7 with the state carried give the same number.
        #expect(abs(model.evaluate(corpus, batchSize: 1, steps: 7).meanLoss - result.meanLoss) < 1e-5)
    }
}
