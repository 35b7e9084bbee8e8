import Foundation
import LSTMKit

/// The training callback that keeps `RUN_DIR/history.json` current: rewritten after every evaluation and
/// when training ends. `TaskTraining` adds it to every task's run.
public final class RunHistoryRecorder: TrainingCallback {
    public let directory: URL
    public private(set) var history: RunHistory
    /// What the task adds at each evaluation (samples of the model being trained), given the step.
    public var atEvaluation: ((Int) throws -> RunExtras)?

    public init(directory: URL, task: String, config: some Encodable, monitor: String) throws {
        self.directory = directory
        history = RunHistory(task: task, config: try JSONValue(encoding: config), monitor: monitor)
    }

    /// A resumed run (at `step`) keeps the start time and the samples up to `step` of the history it
    /// continues (the steps and evaluations come back with the trainer's restored history).
    public func continueRun(at step: Int) {
        if let previous = try? RunHistory.read(in: directory), previous.task == history.task {
            history.started = previous.started
            history.extras.samples = previous.extras.samples?.filter { $0.step <= step && $0.source != RunSample.best }
        }
    }

    public func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        if let atEvaluation { history.extras.merge(try atEvaluation(trainer.step)) }
        try record(trainer, finished: false)
        return false
    }

    public func trainingDidEnd(_ trainer: TrainerState) throws {
        try record(trainer, finished: true)
    }

    func record(_ trainer: TrainerState, finished: Bool) throws {
        history.update(from: trainer.history, step: trainer.step, finished: finished)
        try history.write(in: directory)
    }
}
