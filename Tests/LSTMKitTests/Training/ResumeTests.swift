import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// End to end: train a small LSTM, checkpoint at step k, resume with fresh objects loaded from the file, and
/// match the uninterrupted run bit for bit.
@Suite struct ResumeTests {
    final class Model: Module {
        typealias Scalar = Float
        let lstm: LSTM<Float>
        let head: Linear<Float>
        var isTraining = true
        init(seed: UInt64, rng: RandomSource) {
            let initRNG = RandomSource(seed: seed)
            // Two layers with dropout between them, so the run depends on `rng`'s draws too.
            lstm = LSTM(inputSize: 2, hiddenSize: 12, layerCount: 2, dropout: 0.2, rng: rng)
            head = Linear(inputSize: 12, outputSize: 1, rng: initRNG)
            for p in lstm.parameters() {
                p.data = Tensor.randomUniform(p.shape, low: -0.3, high: 0.3, using: initRNG)
            }
        }
        func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> { head(lstm(x).hN.slice(axis: 0, 1..<2).squeezed(0)) }
    }

    /// The batches of an epoch depend only on the epoch index. The task: x [T=8, B=16, 2] ~ U(0, 1), the
    /// target is 4 * mean over time of x[:, :, 0] - 2, so the network must integrate over the sequence.
    /// Predicting the mean (0) gives MSE 16 / 12 / 8 = 0.167.
    static func batches(epoch: Int) -> [(x: Tensor<Float>, y: Tensor<Float>)] {
        let rng = RandomSource(seed: 1000 + UInt64(epoch))
        return (0..<12).map { _ in
            let x = Tensor<Float>.randomUniform([8, 16, 2], using: rng)
            let y = x.slice(axis: 2, 0..<1).mean(axis: 0).detached() * 4 - 2    // [16, 1]
            return (x, y)
        }
    }

    struct Interrupted: Error {}
    final class InterruptAfter: TrainingCallback {
        let step: Int
        init(step: Int) { self.step = step }
        func stepDidEnd(_ t: TrainerState, _ s: TrainingHistory.Step) throws { if s.step == step { throw Interrupted() } }
    }

    func makeTrainer(modelSeed: UInt64, rngSeed: UInt64, callbacks: (Model, Adam<Float>, RandomSource) -> [any TrainingCallback])
        -> (Trainer<Model>, RandomSource) {
        let rng = RandomSource(seed: rngSeed)
        let model = Model(seed: modelSeed, rng: rng)
        let adam = Adam(parameters: model.parameters(), learningRate: 0.03)
        let trainer = Trainer(model: model, optimizer: adam, clipNorm: 1, callbacks: callbacks(model, adam, rng))
        return (trainer, rng)
    }

    @Test func resumedRunMatchesTheUninterruptedRunExactly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-resume-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let validation = Self.batches(epoch: 99)
        let loss: (Model, (x: Tensor<Float>, y: Tensor<Float>)) -> Tensor<Float> = { m, b in mseLoss(m(b.x), b.y) }

        // A: uninterrupted, 6 epochs of 12 steps.
        let (a, _) = makeTrainer(modelSeed: 1, rngSeed: 2) { _, _, _ in [] }
        try a.fit(epochs: 6, train: Self.batches, validation: { validation }, loss: loss)

        // B: the same run, checkpointing every step, interrupted after step 17 (in the middle of epoch 2).
        let (b, _) = makeTrainer(modelSeed: 1, rngSeed: 2) { model, adam, rng in
            [CheckpointCallback(directory: dir, model: model, optimizer: adam, everySteps: 1,
                                randomSources: ["dropout": rng]),
             InterruptAfter(step: 17)]
        }
        #expect(throws: Interrupted.self) {
            try b.fit(epochs: 6, train: Self.batches, validation: { validation }, loss: loss)
        }

        // C: fresh objects with different weights and random state, loaded from the file.
        let (c, rngC) = makeTrainer(modelSeed: 77, rngSeed: 78) { _, _, _ in [] }
        let info = try c.resume(from: dir.appendingPathComponent("last.safetensors"), randomSources: ["dropout": rngC])
        #expect(info.step == 17)
        #expect(c.epoch == 1)
        try c.fit(epochs: 6, train: Self.batches, validation: { validation }, loss: loss)

        #expect(c.step == a.step)
        #expect(c.history.steps.map(\.loss) == a.history.steps.map(\.loss))
        #expect(c.history.evaluations.map(\.trainLoss) == a.history.evaluations.map(\.trainLoss))
        #expect(c.history.evaluations.map(\.validationLoss) == a.history.evaluations.map(\.validationLoss))
        #expect(c.parameterSnapshot() == a.parameterSnapshot())

        // And it learned: the validation MSE falls well below the 0.167 of predicting the mean.
        let final = a.history.validationLossCurve.last!
        #expect(final < 0.08, "validation MSE \(final)")
    }

    @Test func checkpointFromAnotherModelIsRejectedWithoutChanges() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-resume-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 1))
        let url = dir.appendingPathComponent("small.safetensors")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Checkpoint.save(small, to: url)
        let (c, _) = makeTrainer(modelSeed: 5, rngSeed: 6) { _, _, _ in [] }
        let before = c.parameterSnapshot()
        #expect(throws: CheckpointError.self) { try c.resume(from: url) }
        #expect(c.parameterSnapshot() == before)
        #expect(c.step == 0)
    }

    /// A stateful run (the LSTM state carried from batch to batch, as in char-rnn), with every resumable
    /// callback and a schedule, interrupted mid-epoch: the resumed run equals the uninterrupted one.
    @Test func statefulRunWithCallbacksResumesExactly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-resume-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        typealias Carry = [LSTMState<Float>]
        // 6 batches per epoch of one long sequence cut into chunks; the carry links the chunks.
        let chunks = Self.batches(epoch: 0).prefix(6).map { $0 }
        let budget = TrainingBudget(steps: 20, evaluateEvery: 4)
        let validation = Array(Self.batches(epoch: 99).prefix(2))
        func run(_ trainer: Trainer<Model>) throws {
            try trainer.fit(budget: budget, train: { _ in chunks }, validate: { m in
                .init(loss: validation.map { Double(mseLoss(m($0.x), $0.y).item) }.reduce(0, +) / 2, metrics: ["x": 1])
            }, stateful: { (m: Model, b: (x: Tensor<Float>, y: Tensor<Float>), carry: Carry?) in
                let out = m.lstm(b.x, initialStates: carry)
                let prediction = m.head(out.hN.slice(axis: 0, 1..<2).squeezed(0))
                return (mseLoss(prediction, b.y), out.finalStates)
            })
        }
        func callbacks(_ model: Model, _ adam: Adam<Float>, _ rng: RandomSource, logs: Bool) -> [any TrainingCallback] {
            [EarlyStopping(patience: 50), ReduceLROnPlateauCallback(ReduceLROnPlateau(factor: 0.5, patience: 1)),
             CheckpointCallback(directory: dir, model: model, optimizer: adam, everySteps: 5,
                                randomSources: ["dropout": rng])]
                + (logs ? [MetricsLogger(csv: dir.appendingPathComponent("log.csv"))] : [])
        }
        let (a, _) = makeTrainer(modelSeed: 3, rngSeed: 4) { m, o, r in callbacks(m, o, r, logs: false) }
        a.schedule = { 0.03 * (1 - 0.5 * $0.fraction) }
        try run(a)

        try FileManager.default.removeItem(at: dir)
        let (b, _) = makeTrainer(modelSeed: 3, rngSeed: 4) { m, o, r in callbacks(m, o, r, logs: true) + [InterruptAfter(step: 11)] }
        b.schedule = a.schedule
        #expect(throws: Interrupted.self) { try run(b) }

        let (c, rngC) = makeTrainer(modelSeed: 50, rngSeed: 51) { m, o, r in callbacks(m, o, r, logs: true) }
        c.schedule = a.schedule
        let info = try c.resume(from: dir.appendingPathComponent("last.safetensors"), randomSources: ["dropout": rngC])
        #expect(info.step == 10)
        #expect(c.stepInEpoch == 4)               // 6 steps per epoch: step 10 is 4 into the second epoch
        try run(c)
        #expect(c.history.steps.map(\.loss) == a.history.steps.map(\.loss))
        #expect(c.history.steps.map(\.learningRate) == a.history.steps.map(\.learningRate))
        #expect(c.history.evaluations.map(\.validationLoss) == a.history.evaluations.map(\.validationLoss))
        #expect(c.parameterSnapshot() == a.parameterSnapshot())
        #expect(c.learningRateFactor == a.learningRateFactor)
        // The log has each step once: the step 11 the interrupted run logged were dropped on resume.
        let log = try String(contentsOf: dir.appendingPathComponent("log.csv"), encoding: .utf8)
        let stepLines = log.split(separator: "\n").filter { $0.hasPrefix("step,") }
        #expect(stepLines.count == 20)
    }
}
