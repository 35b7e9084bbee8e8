import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps

@Suite struct TextgenDemoTests {
    /// A made-up text of 3,000 characters in a temporary file, and a path for the run's checkpoints.
    func temporaryRun() throws -> (text: URL, output: URL) {
        let lines = ["ROMEO:\nBut soft, what light?\n\n", "JULIET:\nAy me.\n\n", "MERCUTIO:\nA plague o' both!\n\n"]
        let text = String((0..<200).map { lines[$0 % 3] }.joined().prefix(3_000))
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("textgen-demo-\(UUID())")
        let url = base.appendingPathExtension("txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return (url, base)
    }

    func remove(_ urls: URL...) { urls.forEach { try? FileManager.default.removeItem(at: $0) } }

    @Test func configIsTheSmallModel() throws {
        let c = TextgenDemo.config()
        #expect(c.model.cell == .lstm && c.model.hiddenSize == 128 && c.model.layerCount == 1 && c.embeddingSize == 32)
        #expect(c.seqLength == 64 && c.training.batchSize == 32 && c.training.learningRate == 0.02)
        #expect(c.training.steps == 800 && c.training.evalEvery == 200 && c.sampleLength == 0)
        #expect(c.output == "runs/demo-textgen" && c.data == "Data/tiny-shakespeare/input.txt")
        try c.validate()
        #expect(TextgenDemo.config(steps: 3).training.evalEvery == 3)    // fewer steps than evaluations: one, at the end
    }

    final class Collected: @unchecked Sendable { var samples: [TextgenDemo.Sample] = [] }

    /// Sample 0 comes from the weights the run starts from, every other one from the checkpoint of its
    /// evaluation.
    @Test func samplesComeFromTheInitialWeightsAndEveryCheckpoint() throws {
        let (file, output) = try temporaryRun()
        defer { remove(file, output) }
        let config = TextgenDemo.config(steps: 4, seed: 5, data: file.path, output: output.path)
        let collected = Collected()
        let run = try TextgenDemo.train(config, sampleLength: 30, observer: .silent) { collected.samples.append($0) }
        #expect(run.samples == collected.samples)
        #expect(run.samples.map(\.step) == [0, 1, 2, 3, 4])
        #expect(run.samples[0].validationLoss == nil && run.samples.dropFirst().allSatisfy { $0.validationLoss != nil })
        #expect(run.samples.allSatisfy { $0.text.count == 30 })

        // The untrained model, built the way TextgenTask builds it from the seed.
        let t = config.training
        let vocabulary = try TextgenTask.readCorpus(file.path).vocabulary
        let untrained = CharLanguageModel<Float>(config: config.modelConfig(vocabularySize: vocabulary.count),
                                                 implementation: t.kernel.implementation,
                                                 rng: RandomSource(seed: t.seed(.weights)),
                                                 dropoutRNG: RandomSource(seed: t.seed(.dropout)))
        let initial = TextgenModel(config: config, network: untrained, vocabulary: vocabulary, step: 0, path: "",
                                   trainedCharacters: nil)
        #expect(try initial.sample(prime: "", length: 30, temperature: 0.8, seed: 5) == run.samples[0].text)
        // The last sample is the final checkpoint's.
        let last = try TextgenTask.load(URL(fileURLWithPath: run.report.training.last))
        #expect(last.step == 4)
        #expect(try last.sample(prime: "", length: 30, temperature: 0.8, seed: 5) == run.samples[4].text)
        #expect(run.samples[0].text != run.samples[4].text)
    }

    /// The README's Swift example, on a small text and 2 steps.
    @Test func readmeExampleRuns() throws {
        let (file, output) = try temporaryRun()
        defer { remove(file, output) }
        let config = TextgenDemo.config(steps: 2, seed: 0, data: file.path, output: output.path)
        let report = try TextgenTask.train(config, observer: .silent)
        let model = try TextgenTask.load(URL(fileURLWithPath: report.training.best))
        #expect(try model.sample(prime: "ROMEO:", length: 200, temperature: 0.8, seed: 0).count == 200)
    }
}
