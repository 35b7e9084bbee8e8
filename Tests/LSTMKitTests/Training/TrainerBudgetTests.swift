import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Budgets, evaluation periods, schedules that follow the budget, clipping, penalties and the non-finite
/// policy of `Trainer`.
@Suite struct TrainerBudgetTests {
    func makeTrainer(lr: Double = 0.05, seed: UInt64 = 1) -> Trainer<Linear<Float>> {
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: seed))
        return Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: lr))
    }

    @Test func stepBudgetStopsMidEpochAndEvaluatesEveryNSteps() throws {
        let trainer = makeTrainer()
        let train = linearTaskBatches(count: 4, seed: 2)
        var validations = 0
        try trainer.fit(budget: TrainingBudget(steps: 10, evaluateEvery: 3), train: { _ in train },
                        validate: { _ in validations += 1; return .init(loss: 1) }) { m, b in mseLoss(m(b.x), b.y) }
        #expect(trainer.step == 10)
        #expect(trainer.epoch == 2)               // 4 + 4 complete, 2 steps into the third
        #expect(trainer.stepInEpoch == 2)
        // Evaluations at steps 3, 6, 9 and a final one at 10.
        #expect(trainer.history.evaluations.map(\.step) == [3, 6, 9, 10])
        #expect(validations == 4)
    }

    @Test func epochBudgetEvaluatesOncePerEpoch() throws {
        let trainer = makeTrainer()
        let train = linearTaskBatches(count: 3, seed: 2)
        try trainer.fit(budget: TrainingBudget(epochs: 2), train: { _ in train }) { m, b in mseLoss(m(b.x), b.y) }
        #expect(trainer.history.evaluations.map(\.step) == [3, 6])
        #expect(trainer.history.evaluations.map(\.epoch) == [1, 2])
        #expect(trainer.history.evaluations.allSatisfy { $0.validationLoss == nil })
    }

    @Test func timeBudgetStopsAndTheScheduleFollowsIt() throws {
        let trainer = makeTrainer()
        let train = linearTaskBatches(count: 4, seed: 2)
        var fractions: [Double] = []
        trainer.schedule = { p in fractions.append(p.fraction); return 0.05 * (1 - p.fraction) }
        try trainer.fit(budget: TrainingBudget(steps: 1_000_000, seconds: 0.3), train: { _ in train }) { m, b in
            Thread.sleep(forTimeInterval: 0.01)
            return mseLoss(m(b.x), b.y)
        }
        #expect(trainer.step > 3 && trainer.step < 1_000_000)
        // The fraction comes from the clock, not from the 1M steps: it reaches the end of the schedule.
        #expect(fractions.last! > 0.8)
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func clipNormScalesToTheNormAndRecordsItBeforeClipping() throws {
        let trainer = makeTrainer(lr: 0)
        trainer.clipNorm = 1e-3
        let train = linearTaskBatches(count: 1, seed: 2)
        var after = 0.0
        final class Probe: TrainingCallback {
            let read: () -> Void
            init(_ read: @escaping () -> Void) { self.read = read }
            func stepDidEnd(_ t: TrainerState, _ s: TrainingHistory.Step) throws { read() }
        }
        trainer.callbacks = [Probe { after = gradientNorm(trainer.model.parameters().map { $0.grad!.scalars }, normType: 2) }]
        try trainer.fit(budget: TrainingBudget(steps: 1), train: { _ in train }) { m, b in mseLoss(m(b.x), b.y) }
        let recorded = trainer.history.steps[0].gradientNorm!
        #expect(recorded > 0.01)
        #expect(abs(after - 1e-3) < 1e-6)
    }

    @Test func clipValueClampsEveryElement() throws {
        let trainer = makeTrainer(lr: 0)
        trainer.clipValue = 1e-4
        let train = linearTaskBatches(count: 1, seed: 2)
        try trainer.fit(budget: TrainingBudget(steps: 1), train: { _ in train }) { m, b in mseLoss(m(b.x), b.y) }
        for p in trainer.model.parameters() { #expect(p.grad!.scalars.allSatisfy { abs($0) <= 1e-4 }) }
        #expect(trainer.model.parameters().contains { p in p.grad!.scalars.contains { abs($0) == Float(1e-4) } })
    }

    @Test func l1AndL2PenaltiesReachTheGradient() throws {
        // With lr 0 the step leaves the weights alone; the gradient differs from the plain one by the penalty's.
        func gradients(l1: Double, l2: Double) throws -> [Float] {
            let trainer = makeTrainer(lr: 0, seed: 3)
            trainer.l1 = l1
            trainer.l2 = l2
            try trainer.fit(budget: TrainingBudget(steps: 1), train: { _ in linearTaskBatches(count: 1, seed: 4) }) {
                m, b in mseLoss(m(b.x), b.y)
            }
            return trainer.model.weight.grad!.scalars
        }
        let plain = try gradients(l1: 0, l2: 0), l2 = try gradients(l1: 0, l2: 0.5), l1 = try gradients(l1: 0.25, l2: 0)
        let w = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 3)).weight.data.scalars
        for k in 0..<2 {
            #expect(abs(l2[k] - (plain[k] + 2 * 0.5 * w[k])) < 1e-6)
            #expect(abs(l1[k] - (plain[k] + 0.25 * (w[k] > 0 ? 1 : -1))) < 1e-6)
        }
    }

    @Test func skipPolicySkipsNonFiniteStepsAndStopsAfterTooMany() throws {
        let trainer = makeTrainer()
        trainer.nonFinitePolicy = .skip(maxConsecutive: 3)
        let train = linearTaskBatches(count: 6, seed: 2)
        var calls = 0
        var snapshotBefore: [String: [Double]] = [:]
        try trainer.fit(budget: TrainingBudget(epochs: 1), train: { _ in train }) { m, b in
            calls += 1
            if calls == 2 { snapshotBefore = trainer.parameterSnapshot(); return mseLoss(m(b.x), b.y) * .nan }
            return mseLoss(m(b.x), b.y)
        }
        #expect(trainer.history.skippedSteps == 1)
        #expect(trainer.history.steps[1].gradientNorm == nil)
        #expect(trainer.history.steps[2].gradientNorm != nil)
        #expect(!snapshotBefore.isEmpty)

        let failing = makeTrainer()
        failing.nonFinitePolicy = .skip(maxConsecutive: 2)
        #expect(throws: TrainingError.tooManySkippedSteps(step: 1, count: 2)) {
            try failing.fit(budget: TrainingBudget(epochs: 1), train: { _ in train }) { m, b in mseLoss(m(b.x), b.y) * .nan }
        }
    }

    @Test func plateauCallbackLowersTheFactorAndTheRate() throws {
        let trainer = makeTrainer(lr: 0.1)
        trainer.callbacks = [ReduceLROnPlateauCallback(ReduceLROnPlateau(factor: 0.5, patience: 0))]
        let train = linearTaskBatches(count: 2, seed: 2)
        // A validation loss that never improves after the first evaluation.
        try trainer.fit(budget: TrainingBudget(epochs: 4), train: { _ in train }, validate: { _ in .init(loss: 1) }) {
            m, b in mseLoss(m(b.x), b.y)
        }
        #expect(trainer.learningRateFactor == 0.125)
        // The first evaluation sets the best; each later one is bad and halves the factor.
        #expect(trainer.history.steps.map(\.learningRate) == [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
    }
}
