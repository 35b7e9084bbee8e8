import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// A tiny regression task: y = 2 x0 - x1 + 0.5, in batches of 8.
func linearTaskBatches(count: Int, seed: UInt64) -> [(x: Tensor<Float>, y: Tensor<Float>)] {
    let rng = RandomSource(seed: seed)
    return (0..<count).map { _ in
        let x = Tensor<Float>.randomUniform([8, 2], low: -1, high: 1, using: rng)
        let y = matmul(x, Tensor(shape: [2, 1], scalars: [2, -1])) + 0.5
        return (x, y)
    }
}

@Suite struct TrainerTests {
    @Test func lossFallsAndHistoryIsRecorded() throws {
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 1))
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters(), learningRate: 0.05))
        let train = linearTaskBatches(count: 10, seed: 2), valid = linearTaskBatches(count: 3, seed: 3)
        try trainer.fit(epochs: 5, train: { _ in train }, validation: { valid }) { m, b in mseLoss(m(b.x), b.y) }
        #expect(trainer.step == 50)
        #expect(trainer.history.steps.count == 50)
        #expect(trainer.history.evaluations.count == 5)
        let curve = trainer.history.validationLossCurve
        #expect(curve.count == 5)
        #expect(curve.last! < curve.first! / 10)
        #expect(trainer.history.steps.allSatisfy { $0.gradientNorm != nil })
    }

    @Test func earlyStoppingStopsAndRestoresTheBestWeights() throws {
        // Learning rate far too high: the validation loss gets worse after the first epochs.
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 4))
        let stopper = EarlyStopping(patience: 2, restoreBestWeights: true)
        var snapshots: [[String: [Double]]] = []
        final class Recorder: TrainingCallback {
            var record: ([String: [Double]]) -> Void
            init(_ r: @escaping ([String: [Double]]) -> Void) { record = r }
            func evaluationDidEnd(_ t: TrainerState, _ e: TrainingHistory.Evaluation) throws -> Bool {
                record(t.parameterSnapshot())
                return false
            }
        }
        let trainer = Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 1.2),
                              callbacks: [Recorder { snapshots.append($0) }, stopper])
        let train = linearTaskBatches(count: 5, seed: 5), valid = linearTaskBatches(count: 2, seed: 6)
        try trainer.fit(epochs: 50, train: { _ in train }, validation: { valid }) { m, b in mseLoss(m(b.x), b.y) }
        let losses = trainer.history.validationLossCurve
        let bestEpoch = losses.indices.min { losses[$0] < losses[$1] }!
        // 5 steps per epoch: evaluation k (0-based) is at step 5 (k + 1).
        #expect(stopper.bestStep == 5 * (bestEpoch + 1))
        #expect(stopper.stoppedStep == 5 * (bestEpoch + 3))
        #expect(trainer.history.evaluations.count == bestEpoch + 3)
        #expect(trainer.parameterSnapshot() == snapshots[bestEpoch])
    }

    @Test func nonFiniteLossStopsBeforeUpdating() throws {
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 7))
        let trainer = Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 0.1))
        let train = linearTaskBatches(count: 4, seed: 8)
        var calls = 0
        var before: [String: [Double]] = [:]
        do {
            try trainer.fit(epochs: 1, train: { _ in train }) { m, b in
                calls += 1
                if calls == 3 { before = trainer.parameterSnapshot(); return mseLoss(m(b.x), b.y) * .nan }
                return mseLoss(m(b.x), b.y)
            }
            Issue.record("expected a TrainingError")
        } catch let error as TrainingError {
            let text = error.description
            #expect(text.contains("the loss is nan at step 3 (epoch 1)"))
            #expect(text.contains("lower the learning rate"))
            #expect(trainer.parameterSnapshot() == before)
            #expect(trainer.step == 2)
        }
    }

    @Test func nonFiniteGradientNamesTheParameter() throws {
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 9))
        let trainer = Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 0.1))
        let train = linearTaskBatches(count: 2, seed: 14)
        do {
            try trainer.fit(epochs: 1, train: { _ in train }) { m, b in
                // A finite loss whose backward produces infinity (an op with a broken derivative).
                let y = m(b.x)
                let broken = Tensor.customOp(name: "broken", inputs: [y], outputs: [y.detached()]) { g in
                    [g[0] * Float.infinity]
                }[0]
                return mseLoss(broken, b.y)
            }
            Issue.record("expected a TrainingError")
        } catch let error as TrainingError {
            #expect(error.description.contains("the gradient of 'weight' is not finite at step 1"))
        }
    }

    @Test func progressBarWritesPlainLinesWhenNotATerminal() throws {
        var output = ""
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 10))
        // plainInterval 0: a plain progress line after every step, and one line per evaluation.
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters(), learningRate: 0.05),
                              callbacks: [ProgressBar(interactive: false, plainInterval: 0) { output += $0 }])
        let train = linearTaskBatches(count: 3, seed: 11)
        try trainer.fit(epochs: 2, train: { _ in train }) { m, b in mseLoss(m(b.x), b.y) }
        let lines = output.split(separator: "\n")
        #expect(lines.count == 6 + 2)
        #expect(lines[0].hasPrefix("step 1/6 (16%)  epoch 1/2  loss "))
        #expect(lines[3].hasPrefix("evaluation at step 3 (end of epoch 1): train loss "))
        #expect(!output.contains("\u{1B}"))
        #expect(ProgressBar.clock(3725) == "1:02:05")
        #expect(ProgressBar.clock(65) == "1:05")
    }

    @Test func metricsLoggerWritesCSVAndJSONLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-logger-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("log.csv"), jsonl = dir.appendingPathComponent("log.jsonl")
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 12))
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters()),
                              callbacks: [MetricsLogger(csv: csv, jsonLines: jsonl)])
        let train = linearTaskBatches(count: 3, seed: 13)
        try trainer.fit(epochs: 2, train: { _ in train }, validation: { train }) { m, b in mseLoss(m(b.x), b.y) }
        let csvLines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(csvLines.first == "kind,epoch,step,loss,validationLoss,gradientNorm,learningRate,seconds")
        #expect(csvLines.count == 1 + 6 + 2)
        #expect(csvLines.filter { $0.hasPrefix("evaluation,") }.count == 2)
        let json = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(json.count == 8)
        let last = try JSONSerialization.jsonObject(with: Data(json.last!.utf8)) as! [String: Any]
        #expect(last["kind"] as? String == "evaluation")
        #expect(last["validationLoss"] is Double)
    }
}
