import Foundation
import Testing
import LSTMKit
@testable import LSTMKitApps

/// `RLConfig`'s validation and per-environment defaults, and a tiny `RLTask` run loaded back.
@Suite struct RLTaskTests {
    @Test func validationNamesTheField() {
        func field(_ edit: (inout RLConfig) -> Void) -> String? {
            var c = RLConfig()
            edit(&c)
            do { try c.validate(); return nil } catch let e as ConfigError { return e.field } catch { return "\(error)" }
        }
        #expect(field { _ in } == nil)
        #expect(field { $0.length = 0 } == "length")
        #expect(field { $0.hiddenSize = 0 } == "hiddenSize")
        #expect(field { $0.minibatches = 3 } == "minibatches")
        #expect(field { $0.lambda = -0.1 } == "lambda")
        #expect(field { $0.clip = 0 } == "clip")
        #expect(field { $0.ppoEpochs = 0 } == "ppoEpochs")
        #expect(field { $0.training.steps = nil; $0.training.epochs = 2 } == "epochs")
        #expect(field { $0.training.optimizer = .sgd } == "optimizer")
        #expect(field { $0.training.kernel = .fused } == "kernel")
        #expect(field { $0.evaluationEpisodes = 0 } == "evaluationEpisodes")
    }

    @Test func defaultsPerEnvironment() {
        let maze = RLConfig.defaults(for: .tmaze)
        #expect(maze.environment == .tmaze && maze.rolloutLength >= maze.length + 1)
        #expect(RLConfig.defaults(for: .cartpolePOMDP) == RLConfig())
        #expect(RLConfig().ppo.environments == RLConfig().training.batchSize)
        #expect(TaskCheckpoint.taskNames.contains(RLTask.name))
    }

    @Test func tinyRunLoadsBack() throws {
        var c = RLConfig()
        c.output = FileManager.default.temporaryDirectory.appendingPathComponent("rl-task-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: c.output) }
        (c.hiddenSize, c.rolloutLength, c.minibatches, c.validationEpisodes, c.evaluationEpisodes) = (4, 8, 1, 2, 3)
        (c.training.batchSize, c.training.steps, c.training.evalEvery) = (2, 2, 1)
        let report = try RLTask.train(c, observer: .silent)
        #expect(report.curve.map(\.update) == [1, 2] && report.curve.last?.environmentSteps == 32)
        guard case .rl(let model) = try TaskCheckpoint.load(c.output) else { Issue.record("not an rl checkpoint"); return }
        #expect(model.config == c)
        #expect(EpisodeSummary(model.evaluate()) == report.evaluation)
        #expect(throws: TaskError.self) { try RLTask.train(c, resume: true, observer: .silent) }
    }
}
